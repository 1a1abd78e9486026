package io.symoe.orchestrator.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code symoe test}: the whole test suite, i.e. {@code mvn verify} on this JDK. The launcher runs Maven directly
 * for this command (no need to build the CLI first); this class serves the help text and direct CLI use.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run the test suite: mvn verify with the JDK symoe runs on.",
                "Extra arguments go to Maven (e.g. -pl core)."})
public final class TestCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MAVEN_ARGS", arity = "0..*", description = "Extra Maven arguments.")
    List<String> mavenArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("symoe.home", "."));
        if (!Files.isRegularFile(home.resolve("pom.xml"))) {
            System.err.println("symoe test: no pom.xml in " + home.toAbsolutePath() + "; run it from the repository (./symoe test)");
            return 2;
        }
        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-ntp", "verify"));
        cmd.addAll(mavenArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).inheritIO();
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("PATH", System.getProperty("java.home") + File.separator + "bin"
                + File.pathSeparator + System.getenv().getOrDefault("PATH", ""));
        return pb.start().waitFor();
    }
}
