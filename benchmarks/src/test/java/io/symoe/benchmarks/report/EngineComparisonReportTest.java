package io.symoe.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symoe.accelerators.cli.EngineBenchCommand;
import io.symoe.accelerators.cli.SynthModelCommand;
import io.symoe.benchmarks.cli.ReportCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code bench report} on {@code bench engine --vs-llamacpp} results (issue 15). */
class EngineComparisonReportTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The checked-in samples are the unedited output of one real run on moe-tiny (2026-12-03 17:35 UTC, 2 threads,
     * load average 6.5–8 on 2 shared cores, so the numbers themselves mean little):
     * {@code bench engine --model moe-tiny-{q8_0,q4_0}.gguf --vs-llamacpp $SYMOE_LLAMACPP_BIN --threads 2
     * --prompt-tokens 32 --gen-tokens 16 --repeats 3 --json moe-tiny-{q8_0,q4_0}.json}.
     */
    @Test
    void aDirectoryOfCheckedInResultsBecomesOneRowPerFileAndTwoCharts(@TempDir Path dir) throws Exception {
        Path samples = Path.of(getClass().getResource("/engine-vs-llamacpp/moe-tiny-q8_0.json").toURI()).getParent();
        Path out = dir.resolve("report");
        Result r = report(samples.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(out.resolve("index.html"));
        for (String name : new String[] {"moe-tiny-q4_0", "moe-tiny-q8_0"}) {
            assertRowShows(html, name, MAPPER.readTree(samples.resolve(name + ".json").toFile()));
        }
        assertTrue(html.indexOf("<td>moe-tiny-q4_0</td>") < html.indexOf("<td>moe-tiny-q8_0</td>"), "rows in file-name order");
        assertCharts(out, html);
    }

    @Test
    void resultsOfTheRealCommandAreDrawn(@TempDir Path dir) throws Exception {
        String bin = System.getenv("SYMOE_LLAMACPP_BIN");
        assumeTrue(bin != null && !bin.isBlank(),
                "SYMOE_LLAMACPP_BIN is unset: export SYMOE_LLAMACPP_BIN=\"$(ops/llamacpp/build.sh | tail -n 1)\" to run it");
        Path model = dir.resolve("moe-tiny.gguf"), json = dir.resolve("moe-tiny-q8_0.json");
        assertEquals(0, run(new SynthModelCommand(), "--preset", "moe-tiny", "--type", "q8_0", "--seed", "1",
                "--out", model.toString()).code());
        Result bench = run(new EngineBenchCommand(), "--model", model.toString(), "--vs-llamacpp", bin, "--threads", "2",
                "--prompt-tokens", "8", "--gen-tokens", "4", "--repeats", "2", "--json", json.toString());
        assertEquals(0, bench.code(), bench.err());
        Path out = dir.resolve("report");
        Result r = report(json.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(out.resolve("index.html"));
        assertRowShows(html, "moe-tiny-q8_0", MAPPER.readTree(json.toFile()));
        assertCharts(out, html);
    }

    @Test
    void aSideBySideFileMissingAFieldIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("broken.json");
        Files.writeString(json, """
                {"symoe":{"prefill_tps":10,"decode_tps":5},"llamacpp":{"prefill_tps":20},"prefill_ratio":0.5,
                 "decode_ratio":0.5,"roofline":{"active_bytes_per_token":100,"bandwidth_gbs":10,"decode_fraction":0.1}}""");
        Result r = report(json.toString(), "--out", dir.resolve("r").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("llamacpp.decode_tps") && r.err().contains("broken.json"), r.err());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Result e = report(empty.toString(), "--out", dir.resolve("r2").toString());
        assertEquals(2, e.code());
        assertTrue(e.err().contains("no *.json files"), e.err());
    }

    /** The row of {@code label} shows the file's numbers as the table formats them. */
    private static void assertRowShows(String html, String label, JsonNode json) {
        int start = html.indexOf("<tr><td>" + label + "</td>");
        assertTrue(start >= 0, label + " has a row: " + html);
        String row = html.substring(start, html.indexOf("</tr>", start));
        double[] expected = {json.at("/symoe/prefill_tps").asDouble(), json.at("/symoe/decode_tps").asDouble(),
                json.at("/llamacpp/prefill_tps").asDouble(), json.at("/llamacpp/decode_tps").asDouble(),
                json.get("prefill_ratio").asDouble(), json.get("decode_ratio").asDouble(),
                json.at("/roofline/active_bytes_per_token").asDouble() / 1e6, json.at("/roofline/bandwidth_gbs").asDouble(),
                100 * json.at("/roofline/decode_fraction").asDouble()};
        int from = 0;
        for (double v : expected) {
            String cell = "<td>" + String.format(Locale.ROOT, "%.2f", v);
            int at = row.indexOf(cell, from);
            assertTrue(at >= 0, label + ": expected " + cell + " in order in " + row);
            from = at + cell.length();
        }
    }

    private static void assertCharts(Path out, String html) throws Exception {
        for (String png : new String[] {EngineComparisonSection.THROUGHPUT_PNG, EngineComparisonSection.ROOFLINE_PNG}) {
            assertTrue(html.contains("src=\"" + png + "\""), png);
            BufferedImage img = javax.imageio.ImageIO.read(out.resolve(png).toFile());
            assertTrue(img.getWidth() >= 800 && img.getHeight() >= 400, png + " is a real image");
        }
    }

    private record Result(int code, String out, String err) {
    }

    private static Result report(String... args) {
        return run(new ReportCommand(), args);
    }

    private static Result run(Object command, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
