package io.symoe.accelerators.gguf;

import io.symoe.accelerators.model.Architecture;
import io.symoe.accelerators.model.SyntheticModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The long run of the GGUF reader fuzzing (issue 9: at least 10^6 mutated inputs), outside the default suite, with
 * the same mutations and the same rule as {@link GGUFFuzzTest}: every input parses or fails with a
 * {@link GGUFFormatException}. Arguments: {@code [ROUNDS] [FILE.gguf ...]}; without files it mutates synthetic
 * llama-MoE and qwen2moe models written by the project's GGUF writer.
 *
 * <pre>
 * mvn -B -q -pl accelerators test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *   -cp accelerators/target/test-classes:accelerators/target/classes:$(cat accelerators/target/test.classpath) \
 *   io.symoe.accelerators.gguf.GGUFFuzzer 1000000
 * </pre>
 */
public final class GGUFFuzzer {
    private GGUFFuzzer() {}

    public static void main(String[] args) throws Exception {
        long rounds = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            inputs.add(Files.readAllBytes(Path.of(args[i])));
        }
        if (inputs.isEmpty()) {
            inputs.add(SyntheticModel.bytes(SyntheticModel.Spec.small(Architecture.LLAMA, 4, GGMLType.Q8_0)));
            inputs.add(SyntheticModel.bytes(SyntheticModel.Spec.small(Architecture.QWEN2MOE, 4, GGMLType.Q4_0)));
        }
        long t0 = System.nanoTime();
        long done = 0;
        int chunk = 10_000;
        long seed = 1;
        while (done < rounds) {
            int n = (int) Math.min(chunk, rounds - done);
            GGUFFuzzTest.fuzz(inputs.get((int) (seed % inputs.size())), seed, n);
            done += n;
            seed++;
            if (done % 100_000 == 0 || done == rounds) {
                System.out.printf("%,d mutated inputs, all parsed or refused with GGUFFormatException (%.0f s)%n",
                        done, (System.nanoTime() - t0) / 1e9);
            }
        }
    }
}
