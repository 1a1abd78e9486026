package io.symoe.skillrouter.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Stand-alone entry for this module's commands until the lead registers them under {@code symoe}:
 * {@code java -cp ... io.symoe.skillrouter.cli.SkillRouterCli route-eval|profiles-build ...}.
 */
@Command(name = "skill-router", mixinStandardHelpOptions = true,
        subcommands = {RouteEvalCommand.class, ProfilesBuildCommand.class},
        description = "Skill profiling and expert recruiting tools.")
public final class SkillRouterCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SkillRouterCli()).execute(args));
    }
}
