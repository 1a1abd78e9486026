package io.symoe.accelerators.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs llama.cpp's {@code llama-bench} once ({@code -r 1 -o json}) and reads its pp / tg tokens per second. */
final class LlamaBench {
    private LlamaBench() {
    }

    /** Returns {prefill tok/s, decode tok/s} of one {@code -p prompt -n gen} run. */
    static double[] run(Path bench, Path model, int threads, int prompt, int gen) throws IOException, InterruptedException {
        Path err = Files.createTempFile("llama-bench", ".err");
        try {
            Process p = new ProcessBuilder(List.of(bench.toString(), "-m", model.toString(), "-t", String.valueOf(threads),
                    "-p", String.valueOf(prompt), "-n", String.valueOf(gen), "-r", "1", "-o", "json"))
                    .redirectError(err.toFile()).start();
            p.getOutputStream().close();
            byte[] stdout = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("llama-bench did not finish in 30 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IOException("llama-bench failed (exit " + p.exitValue() + ") on " + model + ": " + tail(err));
            }
            return parse(new String(stdout, StandardCharsets.UTF_8), prompt, gen);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** Picks the {@code n_prompt = prompt, n_gen = 0} and {@code n_prompt = 0, n_gen = gen} tests' {@code avg_ts}. */
    static double[] parse(String json, int prompt, int gen) throws IOException {
        JsonNode tests = new ObjectMapper().readTree(json);
        double pp = Double.NaN, tg = Double.NaN;
        if (tests != null && tests.isArray()) {
            for (JsonNode t : tests) {
                int np = t.path("n_prompt").asInt(-1), ng = t.path("n_gen").asInt(-1);
                if (np == prompt && ng == 0) {
                    pp = t.path("avg_ts").asDouble(Double.NaN);
                } else if (np == 0 && ng == gen) {
                    tg = t.path("avg_ts").asDouble(Double.NaN);
                }
            }
        }
        if (Double.isNaN(pp) || Double.isNaN(tg)) {
            throw new IOException("llama-bench output has no pp" + prompt + " / tg" + gen + " result: "
                    + json.substring(0, Math.min(400, json.length())));
        }
        return new double[]{pp, tg};
    }

    private static String tail(Path file) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8).strip();
        return s.length() <= 600 ? s : "…" + s.substring(s.length() - 600);
    }
}
