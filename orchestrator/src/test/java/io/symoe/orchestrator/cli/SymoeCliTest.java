package io.symoe.orchestrator.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SymoeCliTest {

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = SymoeCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheSubcommands() {
        Run r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("serve"), r.out());
        assertTrue(r.out().contains("test"), r.out());
        for (String cmd : new String[] {"bench", "extract", "profiles-build", "route-eval", "generate", "logits", "synth-model"}) {
            assertTrue(r.out().contains(cmd), cmd + " in " + r.out());
        }
        Run bench = run("bench", "--help");
        for (String cmd : new String[] {"replay", "report", "schedule", "engine"}) {
            assertTrue(bench.out().contains(cmd), cmd + " in " + bench.out());
        }
    }

    @Test
    void subcommandHelpPrintsItsOptions() {
        Run r = run("serve", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("--port"), r.out());
        assertTrue(r.out().contains("--config"), r.out());
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run r = run("serve", "--prot", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'--prot'"), r.err());
    }

    @Test
    void serveRefusesAnInvalidConfigBeforeStartingAnything(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "server:\n  port: 99999\n");
        Run r = run("serve", "--config", cfg.toString());
        assertEquals(2, r.code());
    }

    @Test
    void serveReportsEveryConfigErrorOnItsOwnLine(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("two.yaml");
        Files.writeString(cfg, "server:\n  prot: 1\npool:\n  backends:\n    - {name: a, kind: replay, path: /d}\n");
        var captured = new java.io.ByteArrayOutputStream();
        var original = System.err;
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        Run r;
        try {
            r = run("serve", "--config", cfg.toString());
        } finally {
            System.setErr(original);
        }
        assertEquals(2, r.code());
        var lines = captured.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("symoe: invalid configuration: ")).toList();
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).endsWith("two.yaml:2:3: server.prot: unknown key 'prot' (known keys: api-keys, host,"
                + " max-body, max-in-flight, max-queued, port, rate-burst, rate-limit, request-timeout); did you mean"
                + " 'port'?"), lines.get(0));
        assertTrue(lines.get(1).contains("two.yaml:5:8: pool.backends[0].name: unknown key 'name'"), lines.get(1));
        assertTrue(lines.get(2).contains("pool.backends[0]: id must not be blank"), lines.get(2));
    }
}
