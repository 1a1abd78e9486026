package io.symoe.accelerators.cli;

import io.symoe.accelerators.gguf.GGMLType;
import io.symoe.accelerators.model.SyntheticModel;
import io.symoe.accelerators.model.SyntheticModel.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code symoe synth-model --preset NAME --type f32|q8_0|q4_0 --seed S --out FILE.gguf} (contract): writes a
 * deterministic random-weight model of a named shape with the project's {@code GGUFWriter}, in llama.cpp's
 * Mixtral layout, loadable by llama.cpp unchanged, and prints its active weight bytes per decoded token
 * computed from the shapes.
 */
@Command(name = "synth-model", mixinStandardHelpOptions = true,
        description = "Write a synthetic llama.cpp-loadable GGUF model (moe-tiny, moe-200m, dense-200m, moe-1g).")
public final class SynthModelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--preset", required = true, description = "moe-tiny | moe-200m | dense-200m | moe-1g")
    String preset;

    @Option(names = "--type", defaultValue = "q8_0", description = "f32 | q8_0 | q4_0 (default ${DEFAULT-VALUE})")
    String type;

    @Option(names = "--seed", defaultValue = "1", description = "random seed of the weights (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, description = "output GGUF file")
    Path out;

    @Override
    public Integer call() throws Exception {
        GGMLType t = switch (type.toLowerCase(Locale.ROOT)) {
            case "f32" -> GGMLType.F32;
            case "q8_0" -> GGMLType.Q8_0;
            case "q4_0" -> GGMLType.Q4_0;
            default -> null;
        };
        if (t == null) {
            spec.commandLine().getErr().println("error: --type must be f32, q8_0 or q4_0, got '" + type + "'");
            return 2;
        }
        Preset p;
        try {
            p = Preset.byName(preset);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 2;
        }
        SyntheticModel.Spec s = p.spec(t, seed);
        try {
            SyntheticModel.write(s, out);
        } catch (java.io.IOException e) {
            return Commands.fail(spec, e);
        }
        long active = s.activeBytesPerToken();
        spec.commandLine().getOut().printf(Locale.ROOT,
                "%s: %s %s, dim %d, %d layers, %d/%d heads, ffn %d, %s, vocab %d; %d bytes (%.3f GiB)%n"
                        + "active bytes per token: %d (%.1f MB: attention, router, %d experts, embedding row, output)%n",
                out, p.cliName(), t.name().toLowerCase(Locale.ROOT), s.dim(), s.layers(), s.heads(), s.kvHeads(), s.ffn(),
                s.experts() == 0 ? "dense" : s.experts() + " experts top-" + s.expertsUsed(), s.vocab(),
                Files.size(out), Files.size(out) / (double) (1L << 30), active, active / 1e6, s.expertsUsed());
        return 0;
    }
}
