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
        for (String cmd : new String[] {"bench", "extract", "profiles-build", "route-eval", "generate", "logits"}) {
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
}
