package io.symoe.benchmarks.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code symoe bench}: the benchmark commands (replay sweeps, reports; others are added by their modules). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: offline replay sweeps, reports, scheduling and engine benchmarks.",
        subcommands = {ReplayBenchCommand.class, CostSweepCommand.class, ClusterMemberCommand.class, ReportCommand.class})
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
