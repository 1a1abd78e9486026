package io.symoe.orchestrator.reliability;

import io.symoe.orchestrator.config.ConfigException;
import io.symoe.orchestrator.config.ConfigLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Seeded random mutations of the shipped configs ({@code ops/config/*.yaml}) fed to {@link ConfigLoader#parse}:
 * the loader must return a config or throw a {@link ConfigException}; any other exception or error is a finding.
 * Reproducible: a failure reports its seed and iteration, and {@link #mutate} regenerates the input.
 *
 * <p>The default suite runs a short pass ({@code ConfigFuzzTest}); the long pass (≥ 10⁶ inputs) is the
 * {@link #main} entry point (see orchestrator/README.md).
 */
public final class ConfigFuzzer {
    private static final String[] TOKENS = {":", ": ", "-", "- ", "{", "}", "[", "]", ",", "&a", "*a", "!!str", "!!int",
            "!!binary", "!!java.lang.Object", "? ", "|", ">", "#", "'", "\"", "\t", "\n", "  ", "~", "null", "true",
            "0", "-1", "1e309", "NaN", "99999999999999999999", "0x1F", "8GiB", "-5GiB", "1.5.5GB", "30s", "-30s", "0s",
            "P1D", "xyz", "\u0000", "\uFEFF", "\u202E", "é", "\uD800", "💥", "%YAML 1.1\n", "---\n", "...\n", "<<: *a",
            "base-url: ftp://x", "path: ../../etc", "kind: local", "kind: nope", "k: 17", "port: 70000"};

    /** What a run saw. */
    public record Result(long inputs, long accepted, long rejected, Map<String, Long> findings, List<String> examples) {}

    private final List<String> seeds;
    private final ConfigLoader loader = new ConfigLoader();

    public ConfigFuzzer(List<String> seeds) {
        this.seeds = List.copyOf(seeds);
    }

    /** The shipped example configs, found from the working directory (module or repository root). */
    public static ConfigFuzzer ofShippedConfigs() throws IOException {
        Path dir = Files.isDirectory(Path.of("ops/config")) ? Path.of("ops/config") : Path.of("../ops/config");
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                texts.add(Files.readString(f));
            }
        }
        if (texts.isEmpty()) {
            throw new IllegalStateException("no ops/config/*.yaml found from " + Path.of("").toAbsolutePath());
        }
        return new ConfigFuzzer(texts);
    }

    /** Input {@code i} of the run seeded {@code seed}. */
    public String mutate(long seed, long i) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + i);
        StringBuilder s = new StringBuilder(seeds.get(r.nextInt(seeds.size())));
        int edits = 1 + r.nextInt(r.nextInt(10) == 0 ? 40 : 4);
        for (int e = 0; e < edits && !s.isEmpty(); e++) {
            int at = r.nextInt(s.length());
            switch (r.nextInt(8)) {
                case 0 -> s.delete(at, Math.min(s.length(), at + 1 + r.nextInt(20)));
                case 1 -> s.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
                case 2 -> s.insert(at, (char) r.nextInt(0x3000));
                case 3 -> { // duplicate a line (duplicate keys, repeated list items)
                    int start = s.lastIndexOf("\n", at) + 1;
                    int end = s.indexOf("\n", start);
                    end = end < 0 ? s.length() : end;
                    s.insert(start, s.substring(start, end) + "\n");
                }
                case 4 -> { // replace a value after a colon
                    int colon = s.indexOf(": ", at);
                    if (colon >= 0) {
                        int end = s.indexOf("\n", colon);
                        s.replace(colon + 2, end < 0 ? s.length() : end, TOKENS[r.nextInt(TOKENS.length)]);
                    }
                }
                case 5 -> s.setLength(at); // truncate
                case 6 -> { // change indentation
                    int start = s.lastIndexOf("\n", at) + 1;
                    if (r.nextBoolean()) {
                        s.insert(start, "  ");
                    } else if (s.indexOf("  ", start) == start) {
                        s.delete(start, start + 2);
                    }
                }
                default -> s.setCharAt(at, (char) (s.charAt(at) ^ (1 << r.nextInt(7))));
            }
        }
        return s.toString();
    }

    /** Runs {@code count} inputs; findings are keyed by exception class. */
    public Result run(long seed, long count) {
        long accepted = 0;
        long rejected = 0;
        Map<String, Long> findings = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            String yaml = mutate(seed, i);
            try {
                loader.parse(yaml, "fuzz-" + seed + "-" + i);
                accepted++;
            } catch (ConfigException e) {
                rejected++;
            } catch (Throwable t) { // StackOverflowError, OutOfMemoryError and unchecked exceptions are findings
                findings.merge(t.getClass().getName(), 1L, Long::sum);
                if (examples.size() < 5) {
                    examples.add("seed " + seed + " input " + i + ": " + t + "\n--- input ---\n" + yaml);
                }
            }
        }
        return new Result(count, accepted, rejected, findings, examples);
    }

    /** Long run: {@code java -cp ... ConfigFuzzer [inputs=1000000] [seed=1]}; exits 1 on any finding. */
    public static void main(String[] args) throws IOException {
        long count = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1L;
        long t0 = System.nanoTime();
        Result r = ofShippedConfigs().run(seed, count);
        System.out.printf("config fuzz: %d inputs (seed %d) in %.1f s: %d accepted, %d ConfigException, findings %s%n",
                r.inputs(), seed, (System.nanoTime() - t0) / 1e9, r.accepted(), r.rejected(), r.findings());
        r.examples().forEach(System.out::println);
        System.exit(r.findings().isEmpty() ? 0 : 1);
    }
}
