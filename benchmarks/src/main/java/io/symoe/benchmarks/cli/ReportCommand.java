package io.symoe.benchmarks.cli;

import io.symoe.benchmarks.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Render a bench results JSON as an HTML page with tables and PNG charts.")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RESULTS.json",
            description = "Output of `symoe bench replay --json`; more files (bench cost, bench schedule) add their sections.")
    List<Path> results;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for index.html and charts.")
    Path out;

    @Override
    public Integer call() throws Exception {
        for (Path r : results) {
            if (!Files.isRegularFile(r)) {
                System.err.println("symoe bench report: " + r + ": no such file");
                return 2;
            }
        }
        try {
            Path index = ReportWriter.write(results, out);
            System.out.println("report written to " + index.toAbsolutePath());
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("symoe bench report: " + e.getMessage());
            return 2;
        }
    }
}
