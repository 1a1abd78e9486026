package io.symoe.accelerators.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symoe.accelerators.gguf.GGMLType;
import io.symoe.accelerators.model.Architecture;
import io.symoe.accelerators.model.SyntheticModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandsTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void writeModel() throws IOException {
        model = dir.resolve("moe.gguf");
        SyntheticModel.write(SyntheticModel.Spec.small(Architecture.LLAMA, 4, GGMLType.Q8_0), model);
    }

    record Run(int code, String out, String err) {
    }

    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void logitsWritesEveryPosition() throws IOException {
        Path json = dir.resolve("logits.json");
        Run r = run(new LogitsCommand(), "--model", model.toString(), "--tokens", "1,270,280", "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode n = new ObjectMapper().readTree(json.toFile());
        assertEquals(3, n.get("tokens").size());
        assertEquals(270, n.get("tokens").get(1).asInt());
        assertEquals(3, n.get("logits").size());
        assertEquals(300, n.get("logits").get(2).size());
    }

    @Test
    void logitsCommandReproducesLlamaCppReference() throws IOException {
        Path model = io.symoe.accelerators.SharedData.model("llama-moe-q8_0");
        JsonNode ref = new ObjectMapper().readTree(model.resolveSibling("llama-moe-q8_0.logits.json").toFile());
        StringBuilder ids = new StringBuilder();
        for (JsonNode t : ref.get("tokens")) {
            ids.append(ids.isEmpty() ? "" : ",").append(t.asInt());
        }
        Path json = dir.resolve("ref.json");
        Run r = run(new LogitsCommand(), "--model", model.toString(), "--tokens", ids.toString(), "--json", json.toString(),
                "--threads", "2");
        assertEquals(0, r.code(), r.err());
        JsonNode ours = new ObjectMapper().readTree(json.toFile());
        assertEquals(ref.get("tokens"), ours.get("tokens"));
        for (int p = 0; p < 16; p++) {
            for (int v = 0; v < 320; v++) {
                assertEquals(ref.get("logits").get(p).get(v).asDouble(), ours.get("logits").get(p).get(v).asDouble(), 1e-3);
            }
        }
    }

    @Test
    void logitsRejectsOutOfVocabularyTokens() {
        Run r = run(new LogitsCommand(), "--model", model.toString(), "--tokens", "1,999", "--json", dir.resolve("x.json").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("999"), r.err());
    }

    @Test
    void generateStreamsDeterministicText() {
        Run a = run(new GenerateCommand(), "--model", model.toString(), "--prompt", "hello world", "--tokens", "8");
        Run b = run(new GenerateCommand(), "--model", model.toString(), "--prompt", "hello world", "--tokens", "8");
        assertEquals(0, a.code(), a.err());
        assertEquals(a.out(), b.out(), "greedy generation is deterministic");
        assertTrue(a.err().contains("generated"), a.err());
        Run c = run(new GenerateCommand(), "--model", model.toString(), "--prompt", "hello", "--tokens", "8",
                "--temperature", "0.9", "--seed", "3");
        assertEquals(0, c.code(), c.err());
    }

    @Test
    void badFileIsAClearError() throws IOException {
        Path bad = dir.resolve("bad.gguf");
        Files.write(bad, new byte[]{'G', 'G', 'U', 'F', 3, 0, 0, 0});
        Run r = run(new GenerateCommand(), "--model", bad.toString(), "--prompt", "x");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("truncated"), r.err());
    }

    @Test
    void missingFileIsAOneLineError() {
        Run r = run(new LogitsCommand(), "--model", dir.resolve("nope.gguf").toString(), "--tokens", "1", "--json",
                dir.resolve("n.json").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("error: no such file"), r.err());
    }

    @Test
    void engineBenchReportsThroughput() throws IOException {
        Path json = dir.resolve("bench.json");
        Run r = run(new EngineBenchCommand(), "--model", model.toString(), "--prompt-tokens", "16", "--gen-tokens", "4",
                "--threads", "2", "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode n = new ObjectMapper().readTree(json.toFile());
        for (String k : new String[]{"prefill_tok_s", "decode_tok_s", "weights_bytes_per_token", "achieved_gb_s"}) {
            assertTrue(n.has(k), k);
            assertTrue(n.get(k).asDouble() > 0, k);
        }
        assertFalse(r.out().isBlank());
    }

    @Test
    void openClBackendGivesTheCpuLogits() throws IOException {
        io.symoe.accelerators.backend.opencl.OpenClAvailability.assumeAvailable();
        Path cpu = dir.resolve("cpu.json"), ocl = dir.resolve("ocl.json");
        assertEquals(0, run(new LogitsCommand(), "--model", model.toString(), "--tokens", "1,270,280,5", "--json", cpu.toString()).code());
        Run r = run(new LogitsCommand(), "--model", model.toString(), "--tokens", "1,270,280,5", "--json", ocl.toString(),
                "--backend", "opencl", "--platform", "0", "--device", "0");
        assertEquals(0, r.code(), r.err());
        JsonNode a = new ObjectMapper().readTree(cpu.toFile()).get("logits"), b = new ObjectMapper().readTree(ocl.toFile()).get("logits");
        for (int p = 0; p < 4; p++) {
            for (int v = 0; v < 300; v++) {
                assertEquals(a.get(p).get(v).asDouble(), b.get(p).get(v).asDouble(), 1e-3, "position " + p + " token " + v);
            }
        }
        Path fpga = dir.resolve("fpga.json");
        r = run(new LogitsCommand(), "--model", model.toString(), "--tokens", "1,270,280,5", "--json", fpga.toString(),
                "--backend", "opencl", "--fpga-friendly");
        assertEquals(0, r.code(), r.err());
        JsonNode f = new ObjectMapper().readTree(fpga.toFile()).get("logits");
        for (int v = 0; v < 300; v++) {
            assertEquals(a.get(3).get(v).asDouble(), f.get(3).get(v).asDouble(), 1e-3, "fpga-friendly token " + v);
        }
        Path json = dir.resolve("bench-ocl.json");
        r = run(new EngineBenchCommand(), "--model", model.toString(), "--prompt-tokens", "8", "--gen-tokens", "2",
                "--backend", "opencl", "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(new ObjectMapper().readTree(json.toFile()).get("backend").asText().startsWith("opencl:"));
    }

    @Test
    void unavailableBackendsAreOneLineErrors() {
        Run r = run(new LogitsCommand(), "--model", model.toString(), "--tokens", "1", "--json", dir.resolve("t.json").toString(),
                "--backend", "tornado");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("error: the TornadoVM backend is not part of this build"), r.err());
        r = run(new LogitsCommand(), "--model", model.toString(), "--tokens", "1", "--json", dir.resolve("t.json").toString(),
                "--backend", "opencl", "--platform", "42");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("error: ") && (r.err().contains("platform 42") || r.err().contains("no OpenCL platform")), r.err());
    }
}
