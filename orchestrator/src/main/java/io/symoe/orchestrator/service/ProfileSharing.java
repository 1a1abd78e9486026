package io.symoe.orchestrator.service;

import io.vertx.core.Future;

import java.nio.file.Path;

/**
 * How a member shares its routing profiles: a member that built profiles from its own data publishes them; a member
 * with none waits for them. The files are those {@code profiles-build} writes ({@code profiles.json} and, for
 * embedding skills, {@code question-index.json} and {@code skill-topics.json}).
 */
public interface ProfileSharing {
    ProfileSharing NONE = new ProfileSharing() {
        @Override
        public void publish(Path profilesDir) {
        }

        @Override
        public boolean canProvide() {
            return false;
        }

        @Override
        public Future<Path> await() {
            return Future.failedFuture(new IllegalStateException("no one to share profiles with"));
        }
    };

    /** Offers the profiles in {@code profilesDir} to others. */
    void publish(Path profilesDir);

    /** Whether {@link #await} can ever deliver (e.g. this member is in a cluster). */
    boolean canProvide();

    /** A folder with profiles published by someone else, once there are any. */
    Future<Path> await();
}
