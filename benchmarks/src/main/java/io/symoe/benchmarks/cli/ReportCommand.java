package io.symoe.benchmarks.cli;

import io.symoe.benchmarks.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Render a bench results JSON as an HTML page with tables and PNG charts.")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RESULTS.json|DIR",
            description = "Output of `symoe bench replay --json`; more files (bench cost, bench schedule) add their sections."
                    + " `bench engine --vs-llamacpp` results (files, or a directory of them) become one table row each.")
    List<Path> results;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for index.html and charts.")
    Path out;

    @Spec
    CommandSpec spec;

    /** Errors go to the command line's writer (stderr by default) so callers and tests can capture them. */
    private java.io.PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public Integer call() throws Exception {
        List<Path> files = new ArrayList<>();
        for (Path r : results) {
            if (Files.isDirectory(r)) {
                List<Path> inDir = jsonFiles(r);
                if (inDir.isEmpty()) {
                    err().println("symoe bench report: " + r + ": no *.json files in this directory");
                    return 2;
                }
                files.addAll(inDir);
            } else if (Files.isRegularFile(r)) {
                files.add(r);
            } else {
                err().println("symoe bench report: " + r + ": no such file");
                return 2;
            }
        }
        try {
            Path index = ReportWriter.write(files, out);
            spec.commandLine().getOut().println("report written to " + index.toAbsolutePath());
            return 0;
        } catch (IllegalArgumentException e) {
            err().println("symoe bench report: " + e.getMessage());
            return 2;
        }
    }

    /** A directory's results files in name order, so the rows of a report keep a stable order. */
    private static List<Path> jsonFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }
}
