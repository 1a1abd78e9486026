package io.symoe.orchestrator.cluster;

import io.symoe.orchestrator.service.ProfileSharing;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Profiles shared through the cluster's replicated map: every member holds a copy and reads it without a network
 * hop, so a member that joins with no profiles of its own routes with the cluster's as soon as it has them.
 */
public final class SharedProfiles implements ProfileSharing {
    private static final System.Logger LOG = System.getLogger(SharedProfiles.class.getName());
    static final List<String> FILES = List.of("profiles.json", "question-index.json",
            io.symoe.skillrouter.skills.SkillTopicsJson.FILE_NAME);
    private static final long POLL_MS = 250;

    private final Vertx vertx;
    private final ClusterView view;

    public SharedProfiles(Vertx vertx, ClusterView view) {
        this.vertx = vertx;
        this.view = view;
    }

    @Override
    public void publish(Path profilesDir) {
        try {
            // profiles.json is what a waiting member polls for: put it last, so the files beside it are there when
            // the member sees it.
            for (String name : FILES.reversed()) {
                Path f = profilesDir.resolve(name);
                if (Files.isRegularFile(f)) {
                    view.putProfiles(name, Files.readString(f, StandardCharsets.UTF_8));
                }
            }
            LOG.log(System.Logger.Level.INFO, "published routing profiles to the cluster");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish profiles from " + profilesDir, e);
        }
    }

    @Override
    public boolean canProvide() {
        return true;
    }

    @Override
    public Future<Path> await() {
        Promise<Path> promise = Promise.promise();
        poll(promise);
        return promise.future();
    }

    private void poll(Promise<Path> promise) {
        String profiles = view.profiles(FILES.getFirst());
        if (profiles == null) {
            vertx.setTimer(POLL_MS, t -> poll(promise));
            return;
        }
        vertx.executeBlocking(() -> {
            Path dir = Files.createTempDirectory("symoe-profiles-");
            for (String name : FILES) {
                String content = view.profiles(name);
                if (content != null) {
                    Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
                }
            }
            return dir;
        }, false).onComplete(promise);
    }
}
