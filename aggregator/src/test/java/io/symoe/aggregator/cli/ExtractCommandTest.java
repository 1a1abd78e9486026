package io.symoe.aggregator.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtractCommandTest {
    record Run(int code, String out, String err) {}

    static Run run(ExtractCommand command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void extractsFromFilesWithTheChosenFormatAndMode(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.txt");
        Path b = dir.resolve("b.txt");
        Files.writeString(a, "<think>(A)?</think> The answer is (C).");
        Files.writeString(b, "I lean towards B) honestly");
        Run strict = run(new ExtractCommand(), "--format", "choice:10", a.toString(), b.toString());
        assertEquals(0, strict.code(), strict.err());
        assertEquals(a + "\tC\tanswer_phrase\n" + b + "\t-\tnone\n", strict.out().replace("\r", ""));
        Run parity = run(new ExtractCommand(), "--mode", "paper-parity", b.toString());
        assertEquals(b + "\tB\tletter_paren\n", parity.out().replace("\r", ""));
    }

    @Test
    void readsStdinWhenNoFileIsGiven() {
        ExtractCommand c = new ExtractCommand();
        c.stdin = new ByteArrayInputStream("so \\boxed{080}".getBytes(StandardCharsets.UTF_8));
        Run r = run(c, "--format", "integer");
        assertEquals("-\t80\tboxed\n", r.out().replace("\r", ""));
    }

    @Test
    void badOptionsExitWithAUsageError() {
        Run r = run(new ExtractCommand(), "--format", "choice:x");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad option count"), r.err());
        Run m = run(new ExtractCommand(), "--mode", "loose");
        assertEquals(2, m.code());
        assertTrue(m.err().contains("--mode strict|paper-parity"), m.err());
    }
}
