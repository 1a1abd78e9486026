package io.symoe.ops;

import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.cli.SymoeCli;
import io.symoe.orchestrator.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ops/systemd/symoe.service, parsed and cross-checked against the CLI and the launcher. */
class SystemdUnitTest {
    private final String text = OpsFiles.read(OpsFiles.SYSTEMD_UNIT);
    private final SystemdUnit unit = SystemdUnit.parse(text);
    private final JavaCommand exec = JavaCommand.parse(SystemdUnit.words(unit.value("Service", "ExecStart")));

    @Test
    void hasTheSectionsAndRunsAsAServiceUserThatRestartsOnFailure() {
        assertTrue(unit.sections().keySet().containsAll(List.of("Unit", "Service", "Install")));
        assertEquals("multi-user.target", unit.value("Install", "WantedBy"));
        String user = unit.value("Service", "User");
        assertFalse(user.equals("root") || user.equals("0"), "the service must not run as root");
        assertEquals("on-failure", unit.value("Service", "Restart"));
    }

    @Test
    void execStartRunsTheCliLikeTheLauncher() {
        assertTrue(Path.of(SystemdUnit.words(unit.value("Service", "ExecStart")).getFirst()).isAbsolute(),
                "systemd needs an absolute executable path");
        assertEquals(SymoeCli.class.getName(), exec.mainClass());
        List<String> launcher = JavaCommand.launcherJvmOptions(OpsFiles.read(OpsFiles.LAUNCHER));
        assertTrue(exec.jvmOptions().containsAll(launcher), "JVM options as ./symoe: " + launcher);
        List<String> cp = List.of(exec.classpath().split(":"));
        assertEquals(2, cp.size());
        assertTrue(cp.get(0).endsWith("/classes") && cp.get(1).endsWith("/lib/*"),
                "the installed orchestrator/target/classes and orchestrator/target/lib: " + cp);
    }

    @Test
    void argumentsParseWithTheRealCliAndTheDocumentedConfigLoads() {
        ServeInvocation serve = ServeInvocation.parse(exec.args());
        assertNotNull(serve.config());
        assertTrue(serve.config().isAbsolute());
        // The install steps at the top of the unit copy an example config to the path ExecStart reads.
        Matcher m = Pattern.compile("cp (ops/config/\\S+) (\\S+)").matcher(text);
        assertTrue(m.find(), "the unit documents which example config to install");
        assertEquals(serve.config().toString(), m.group(2));
        SymoeConfig cfg = new ConfigLoader().load(OpsFiles.REPO.resolve(m.group(1)));
        assertEquals(ServerConfig.DEFAULT_PORT, serve.effectivePort(cfg));
        assertFalse(cfg.cluster().enabled(), "the unit is the single-node set-up");
    }

    @Test
    void theEmbeddingCacheIsWritableUnderTheSandbox() {
        String prefix = OpsFiles.CACHE_ENV + "=";
        String cache = unit.sections().get("Service").getOrDefault("Environment", List.of()).stream()
                .flatMap(e -> SystemdUnit.words(e).stream())
                .filter(w -> w.startsWith(prefix)).map(w -> w.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + " in Environment="));
        String state = "/var/lib/" + unit.value("Service", "StateDirectory");
        // ProtectSystem=strict makes /var read-only except StateDirectory (and ReadWritePaths).
        assertTrue(cache.startsWith(state + "/"), "the cache must be under the state directory: " + cache);
        assertEquals("strict", unit.value("Service", "ProtectSystem"));
    }

    @Test
    void anInvalidConfigIsNotRestartedInALoop() {
        // Run the real CLI on a config that does not exist: it must fail before starting anything, with the exit
        // status the unit tells systemd not to restart on.
        StringWriter err = new StringWriter();
        int status = SymoeCli.commandLine().setErr(new PrintWriter(err))
                .execute("serve", "--config", OpsFiles.OPS.resolve("target/no-such-config.yaml").toString());
        assertNotEquals(0, status);
        assertEquals(Integer.toString(status), unit.value("Service", "RestartPreventExitStatus"));
    }
}
