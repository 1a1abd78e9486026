package io.symoe.orchestrator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The single entry point of the {@code symoe} command. Subcommands are the product's uses: {@code serve} (the
 * service), {@code test} (the test suite), and the benchmark and engine commands added by later modules.
 */
@Command(name = "symoe",
        mixinStandardHelpOptions = true,
        versionProvider = SymoeCli.Version.class,
        description = "Symbolic mixture of experts: recruit the expert LLMs a question needs and merge their answers.",
        subcommands = {ServeCommand.class, TestCommand.class, CommandLine.HelpCommand.class})
public final class SymoeCli implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        Logging.configure();
        // bench replay and profiles-build load the same tokenizer as the service, so they get the same quieting.
        io.symoe.orchestrator.service.ThirdPartyLogs.quiet();
        System.exit(commandLine().execute(args));
    }

    /**
     * The command tree. Modules own their commands (each is a picocli class in the module that does the work);
     * this is the one place that assembles them under {@code symoe}.
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SymoeCli()).setCaseInsensitiveEnumValuesAllowed(true);
        CommandLine bench = new CommandLine(new io.symoe.benchmarks.cli.BenchCommand());
        bench.addSubcommand(new io.symoe.modelpool.cli.ScheduleBenchCommand());
        bench.addSubcommand(new io.symoe.accelerators.cli.EngineBenchCommand());
        bench.addSubcommand(new PoolBenchCommand());
        cli.addSubcommand(bench);
        cli.addSubcommand(new io.symoe.accelerators.cli.GenerateCommand());
        cli.addSubcommand(new io.symoe.accelerators.cli.LogitsCommand());
        cli.addSubcommand(new io.symoe.accelerators.cli.SynthModelCommand());
        cli.addSubcommand(new io.symoe.aggregator.cli.ExtractCommand());
        cli.addSubcommand(new io.symoe.skillrouter.cli.ProfilesBuildCommand());
        cli.addSubcommand(new io.symoe.skillrouter.cli.RouteEvalCommand());
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SymoeCli.class.getPackage().getImplementationVersion();
            return new String[] {"symoe " + (v == null ? "0.1.0-SNAPSHOT" : v),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.home") + ")"};
        }
    }
}
