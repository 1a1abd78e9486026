package io.symoe.accelerators.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * A standalone entry point with the same command tree the lead registers under {@code symoe}
 * ({@code generate}, {@code logits}, {@code synth-model}, {@code bench engine}), for running the engine from this module alone.
 */
@Command(name = "symoe-accelerators", mixinStandardHelpOptions = true,
        subcommands = {GenerateCommand.class, LogitsCommand.class, SynthModelCommand.class, AcceleratorsCli.Bench.class},
        description = "In-process GGUF inference engine commands.")
public final class AcceleratorsCli {
    /** {@code bench} parent of {@code engine}. */
    @Command(name = "bench", mixinStandardHelpOptions = true, subcommands = EngineBenchCommand.class,
            description = "Benchmarks.")
    static final class Bench {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new AcceleratorsCli()).execute(args));
    }
}
