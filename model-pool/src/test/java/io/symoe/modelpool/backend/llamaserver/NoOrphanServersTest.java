package io.symoe.modelpool.backend.llamaserver;

import io.symoe.testsupport.LlamaCppBinaries;
import io.symoe.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** symoe's JVM dies with three llama-servers running; none of them may outlive it. */
class NoOrphanServersTest {
    @TempDir
    Path tmp;

    @Test
    void sigtermOfTheJvmStopsEveryServer() throws Exception {
        holdThenKill(false);
    }

    /** No shutdown hook runs on SIGKILL: the wrappers see the JVM's pipe close and kill their servers. */
    @Test
    void sigkillOfTheJvmStillLeavesNoServerBehind() throws Exception {
        holdThenKill(true);
    }

    private void holdThenKill(boolean forcibly) throws Exception {
        Path binary = LlamaCppBinaries.require("llama-server");
        Path models = SharedData.require("llamacpp");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldServersMain.class.getName(),
                binary.toString(), models.toString(), tmp.toString())
                .redirectError(tmp.resolve("jvm.err").toFile()).start();
        List<Long> pids;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream()))) {
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("PIDS "), "the JVM started 3 servers; got " + line
                    + "; stderr: " + java.nio.file.Files.readString(tmp.resolve("jvm.err")));
            pids = Arrays.stream(line.substring(5).split(" ")).map(Long::parseLong).toList();
            assertEquals(3, pids.size());
            pids.forEach(p -> assertTrue(ProcessHandle.of(p).isPresent(), "server " + p + " runs"));

            if (forcibly) {
                jvm.destroyForcibly();
            } else {
                jvm.destroy();
            }
            assertTrue(jvm.waitFor(20, TimeUnit.SECONDS), "the JVM exits");
        } finally {
            jvm.destroyForcibly();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && pids.stream().anyMatch(NoOrphanServersTest::alive)) {
            Thread.sleep(50);
        }
        List<Long> orphans = pids.stream().filter(NoOrphanServersTest::alive).toList();
        orphans.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
        assertEquals(List.of(), orphans, "llama-servers left running after the JVM died");
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
