package io.symoe.accelerators.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symoe.accelerators.LocalModel;
import io.symoe.accelerators.gguf.GGMLType;
import io.symoe.accelerators.model.SyntheticModel;
import io.symoe.accelerators.model.SyntheticModel.Preset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.symoe.accelerators.cli.CommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code synth-model} and {@code bench engine --vs-llamacpp} (issue 15). */
class SideBySideBenchTest {
    @TempDir
    Path dir;

    private static long printedActiveBytes(String out) {
        Matcher m = Pattern.compile("active bytes per token: (\\d+)").matcher(out);
        assertTrue(m.find(), out);
        return Long.parseLong(m.group(1));
    }

    @Test
    void synthModelWritesAPresetWhoseActiveBytesTheEngineCountsTheSame() throws IOException {
        for (String type : List.of("q8_0", "q4_0", "f32")) {
            Path file = dir.resolve("tiny-" + type + ".gguf");
            CommandsTest.Run r = run(new SynthModelCommand(), "--preset", "moe-tiny", "--type", type, "--seed", "3",
                    "--out", file.toString());
            assertEquals(0, r.code(), r.err());
            SyntheticModel.Spec spec = Preset.MOE_TINY.spec(GGMLType.valueOf(type.toUpperCase()), 3);
            try (LocalModel m = LocalModel.load(file, 1)) {
                assertEquals(8, m.configuration().expertCount());
                assertEquals(2, m.configuration().expertsUsed());
                // the shapes' count printed by synth-model is what the loaded engine streams per decoded token
                assertEquals(m.activeBytesPerToken(), printedActiveBytes(r.out()), type);
                assertEquals(spec.activeBytesPerToken(), m.activeBytesPerToken(), type);
            }
            assertTrue(Files.size(file) >= spec.totalWeightBytes() && Files.size(file) < spec.totalWeightBytes() + (1 << 20));
        }
        // the same seed writes the same bytes, another seed other weights
        Path a = dir.resolve("a.gguf"), b = dir.resolve("b.gguf");
        run(new SynthModelCommand(), "--preset", "moe-tiny", "--type", "q4_0", "--seed", "3", "--out", a.toString());
        run(new SynthModelCommand(), "--preset", "moe-tiny", "--type", "q4_0", "--seed", "4", "--out", b.toString());
        assertEquals(-1, Files.mismatch(a, dir.resolve("tiny-q4_0.gguf")));
        assertTrue(Files.mismatch(a, b) >= 0);
    }

    @Test
    void presetsHaveTheIssuesShapes() {
        SyntheticModel.Spec g = Preset.MOE_1G.spec(GGMLType.Q8_0, 1);
        double gib = g.totalWeightBytes() / (double) (1L << 30);
        assertTrue(gib > 0.9 && gib < 1.1, "moe-1g is " + gib + " GiB at Q8_0");
        assertEquals(8, g.experts());
        assertEquals(2, g.expertsUsed());
        for (Preset p : List.of(Preset.MOE_200M, Preset.DENSE_200M, Preset.MOE_1G)) {
            SyntheticModel.Spec s = p.spec(GGMLType.Q8_0, 1);
            assertTrue(s.vocab() >= 32000, p.cliName());
            String[] vocab = SyntheticModel.vocabulary(s.vocab());
            Set<String> distinct = new HashSet<>(List.of(vocab));
            assertEquals(vocab.length, distinct.size(), "llama.cpp refuses duplicate pieces");
        }
        double m200 = Preset.MOE_200M.spec(GGMLType.F32, 1).totalWeightBytes() / 4e6;
        double d200 = Preset.DENSE_200M.spec(GGMLType.F32, 1).totalWeightBytes() / 4e6;
        assertTrue(m200 > 180 && m200 < 240, "moe-200m has " + m200 + " M weights");
        assertTrue(d200 > 180 && d200 < 240, "dense-200m has " + d200 + " M weights");
        assertEquals(0, Preset.DENSE_200M.spec(GGMLType.F32, 1).experts());
        CommandsTest.Run r = run(new SynthModelCommand(), "--preset", "moe-3t", "--out", dir.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("moe-tiny"), r.err());
        assertThrows(IllegalArgumentException.class, () -> Preset.byName("nope"));
    }

    @Test
    void llamaBenchJsonIsReadByTest() throws IOException {
        String json = """
                [{"n_prompt": 16, "n_gen": 0, "avg_ts": 120.5}, {"n_prompt": 0, "n_gen": 8, "avg_ts": 33.25}]""";
        double[] r = LlamaBench.parse(json, 16, 8);
        assertEquals(120.5, r[0]);
        assertEquals(33.25, r[1]);
        assertThrows(IOException.class, () -> LlamaBench.parse(json, 32, 8));
        assertEquals(2.0, EngineBenchCommand.median(new double[]{3, 1, 2}));
    }

    @Test
    void missingLlamaBenchIsAnErrorNamingTheBuildScript() throws IOException {
        Path file = dir.resolve("tiny.gguf");
        run(new SynthModelCommand(), "--preset", "moe-tiny", "--out", file.toString());
        CommandsTest.Run r = run(new EngineBenchCommand(), "--model", file.toString(), "--vs-llamacpp", dir.toString(),
                "--prompt-tokens", "4", "--gen-tokens", "2", "--json", dir.resolve("o.json").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("ops/llamacpp/build.sh"), r.err());
    }

    /** The CI check: llama-bench loads our file and the side-by-side JSON has exactly the contract's fields. */
    @Test
    void sideBySideWithLlamaBenchOnMoeTiny() throws IOException {
        String bin = System.getenv("SYMOE_LLAMACPP_BIN");
        assumeTrue(bin != null && !bin.isBlank(),
                "SYMOE_LLAMACPP_BIN is unset: export SYMOE_LLAMACPP_BIN=\"$(ops/llamacpp/build.sh | tail -n 1)\" to run it");
        Path file = dir.resolve("moe-tiny.gguf"), json = dir.resolve("side.json");
        assertEquals(0, run(new SynthModelCommand(), "--preset", "moe-tiny", "--type", "q8_0", "--seed", "1",
                "--out", file.toString()).code());
        CommandsTest.Run r = run(new EngineBenchCommand(), "--model", file.toString(), "--vs-llamacpp", bin,
                "--threads", "2", "--prompt-tokens", "8", "--gen-tokens", "4", "--repeats", "2", "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode n = new ObjectMapper().readTree(json.toFile());
        assertEquals(List.of("symoe", "llamacpp", "prefill_ratio", "decode_ratio", "roofline"), fields(n));
        for (String side : List.of("symoe", "llamacpp")) {
            assertEquals(List.of("prefill_tps", "decode_tps"), fields(n.get(side)));
            assertTrue(n.get(side).get("prefill_tps").asDouble() > 0, side);
            assertTrue(n.get(side).get("decode_tps").asDouble() > 0, side);
        }
        assertEquals(List.of("active_bytes_per_token", "bandwidth_gbs", "decode_fraction"), fields(n.get("roofline")));
        double sd = n.get("symoe").get("decode_tps").asDouble();
        assertEquals(sd / n.get("llamacpp").get("decode_tps").asDouble(), n.get("decode_ratio").asDouble(), 1e-9);
        assertEquals(n.get("symoe").get("prefill_tps").asDouble() / n.get("llamacpp").get("prefill_tps").asDouble(),
                n.get("prefill_ratio").asDouble(), 1e-9);
        JsonNode roof = n.get("roofline");
        assertEquals(Preset.MOE_TINY.spec(GGMLType.Q8_0, 1).activeBytesPerToken(), roof.get("active_bytes_per_token").asLong());
        assertTrue(roof.get("bandwidth_gbs").asDouble() > 0.1, roof.toString());
        assertEquals(sd * roof.get("active_bytes_per_token").asDouble() / (roof.get("bandwidth_gbs").asDouble() * 1e9),
                roof.get("decode_fraction").asDouble(), 1e-9);
    }

    private static List<String> fields(JsonNode n) {
        List<String> f = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(f::add);
        return f;
    }
}
