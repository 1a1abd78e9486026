package io.symoe.ops;

import io.symoe.core.config.ClusterConfig;
import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ops/docker/Dockerfile, parsed and cross-checked against the code (it cannot be built here: no Docker engine). */
class DockerfileTest {
    private final Dockerfile file = Dockerfile.parse(OpsFiles.read(OpsFiles.DOCKERFILE));
    private final Dockerfile runtime = file.finalStage();

    @Test
    void isMultiStageOnJdk25AndTheRuntimeCopiesOnlyBuildOutputs() {
        List<Dockerfile.Instruction> froms = file.all("FROM");
        assertTrue(froms.size() >= 2, "multi-stage: a build stage and a runtime stage");
        for (Dockerfile.Instruction from : froms) {
            String image = from.tokens().getFirst();
            assertTrue(image.matches("eclipse-temurin:25(-|$).*"), "line " + from.line() + ": JDK 25 image, got " + image);
        }
        assertTrue(runtime.only("FROM").tokens().getFirst().contains("jdk"),
                "the runtime needs a JDK 25 (jdk.incubator.vector), not a trimmed JRE");
        String buildStage = froms.getFirst().tokens().getLast();
        List<Dockerfile.Instruction> fromBuild = runtime.all("COPY").stream()
                .filter(c -> c.arguments().startsWith("--from=" + buildStage + " ")).toList();
        assertEquals(2, fromBuild.size(), "the runtime copies classes and lib from the build stage");
        // The image is built by the same Maven command as ./symoe builds with, so both run the same classpath.
        java.util.regex.Matcher launcherBuild = java.util.regex.Pattern.compile("\\(mvn ([^)\n]*package)\\)")
                .matcher(OpsFiles.read(OpsFiles.LAUNCHER));
        assertTrue(launcherBuild.find(), "the launcher's build command");
        assertTrue(file.all("RUN").stream().anyMatch(r -> r.arguments().equals("mvn " + launcherBuild.group(1))),
                "the build stage runs: mvn " + launcherBuild.group(1));
    }

    @Test
    void runsAsANonRootUser() {
        String user = runtime.only("USER").tokens().getFirst().split(":")[0];
        assertFalse(user.equals("root") || user.equals("0"), "USER must not be root, got " + user);
        // Kubernetes enforces runAsNonRoot by numeric uid; a name cannot be checked by the kubelet.
        assertTrue(user.matches("\\d+"), "USER should be numeric for runAsNonRoot, got " + user);
        assertTrue(runtime.all("RUN").stream().anyMatch(r -> r.arguments().contains("--uid " + user)),
                "the runtime stage creates the user " + user);
    }

    @Test
    void theEmbeddingCacheIsACreatedDirectoryOwnedByTheUser() {
        String env = runtime.all("ENV").stream().map(Dockerfile.Instruction::arguments)
                .filter(a -> a.startsWith(OpsFiles.CACHE_ENV + "=")).findFirst()
                .orElseThrow(() -> new AssertionError("ENV " + OpsFiles.CACHE_ENV + " is not set"));
        String dir = env.substring(env.indexOf('=') + 1);
        assertTrue(runtime.all("RUN").stream().anyMatch(r -> r.arguments().contains("mkdir")
                && r.arguments().contains(dir) && r.arguments().contains("chown")), "the image creates " + dir);
    }

    @Test
    void exposesTheCodesDefaultPorts() {
        List<String> exposed = runtime.all("EXPOSE").stream().flatMap(e -> e.tokens().stream()).toList();
        assertTrue(exposed.contains(Integer.toString(ServerConfig.DEFAULT_PORT)), "HTTP port, got " + exposed);
        assertTrue(exposed.contains(Integer.toString(ClusterConfig.disabled().port())), "Hazelcast port, got " + exposed);
    }

    @Test
    void entrypointRunsTheCliWithTheLaunchersJvmOptionsAndTheCopiedClasspath() {
        JavaCommand java = JavaCommand.parse(runtime.only("ENTRYPOINT").tokens());
        assertEquals(ServeInvocation.mainClass(), java.mainClass());
        List<String> launcher = JavaCommand.launcherJvmOptions(OpsFiles.read(OpsFiles.LAUNCHER));
        assertFalse(launcher.isEmpty());
        assertTrue(java.jvmOptions().containsAll(launcher),
                "the image must start the JVM as ./symoe does: " + launcher + ", got " + java.jvmOptions());

        Map<String, String> copied = copiesFromBuildStage();
        String classes = copied.get("orchestrator/target/classes");
        String lib = copied.get("orchestrator/target/lib");
        assertNotNull(classes, "orchestrator/target/classes is copied into the image: " + copied);
        assertNotNull(lib, "orchestrator/target/lib is copied into the image: " + copied);
        assertEquals(List.of(classes, lib + "/*"), List.of(java.classpath().split(":")));
    }

    @Test
    void defaultCommandParsesWithTheRealCliAndServesTheBakedConfigOnAllInterfaces() {
        ServeInvocation serve = ServeInvocation.parse(runtime.only("CMD").tokens());
        assertEquals("0.0.0.0", serve.host(), "in a container the service must listen beyond loopback");
        assertNotNull(serve.config(), "the image runs on an explicit config file");

        Path source = copySourceFor(serve.config().toString());
        SymoeConfig cfg = new ConfigLoader().load(source);
        int port = serve.effectivePort(cfg);
        assertEquals(ServerConfig.DEFAULT_PORT, port);

        String check = runtime.only("HEALTHCHECK").arguments();
        assertTrue(check.contains("http://127.0.0.1:" + port + Routes.LIVENESS),
                "the health check probes liveness on the served port: " + check);
        assertTrue(check.contains("curl -f"), "curl -f turns an HTTP error into a failing check: " + check);
        assertTrue(runtime.all("RUN").stream().anyMatch(r -> r.arguments().contains("install")
                && r.arguments().contains("curl")), "the runtime stage installs the curl the health check runs");
    }

    @Test
    void everyFileCopiedFromTheBuildContextExists() {
        for (Dockerfile.Instruction copy : file.all("COPY")) {
            if (copy.arguments().startsWith("--from=")) {
                continue;
            }
            List<String> t = copy.tokens();
            for (String source : t.subList(0, t.size() - 1)) {
                assertTrue(Files.exists(OpsFiles.REPO.resolve(source)),
                        "line " + copy.line() + ": COPY source " + source + " is not in the repository");
            }
        }
    }

    /** Build-stage path, relative to the build stage's WORKDIR (where the sources are), to runtime destination. */
    private Map<String, String> copiesFromBuildStage() {
        String workdir = file.all("WORKDIR").getFirst().arguments() + "/";
        return runtime.all("COPY").stream()
                .filter(c -> c.arguments().startsWith("--from="))
                .map(c -> c.tokens().subList(1, 3))
                .filter(t -> t.getFirst().startsWith(workdir))
                .collect(Collectors.toMap(t -> t.getFirst().substring(workdir.length()), List::getLast));
    }

    private Path copySourceFor(String destination) {
        return runtime.all("COPY").stream()
                .filter(c -> !c.arguments().startsWith("--from="))
                .map(Dockerfile.Instruction::tokens)
                .filter(t -> t.getLast().equals(destination))
                .map(t -> OpsFiles.REPO.resolve(t.getFirst()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing is copied to " + destination));
    }
}
