package io.symoe.aggregator.cli;

import io.symoe.aggregator.extract.AnswerExtractors;
import io.symoe.aggregator.extract.Extraction;
import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.core.AnswerFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code symoe extract}: the answer the aggregator would read from model texts, one line per input —
 * {@code <file>\t<answer or ->\t<rule>[\tfallback]}. For checking a prompt's answer format against the extractor
 * before a run, and for debugging a vote.
 */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = "Extract the final answer from model output texts (files, or stdin when none).")
public final class ExtractCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "choice:10",
            description = "Answer format: choice:<options> (e.g. choice:4, choice:10), integer, free-text. "
                    + "Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--mode", defaultValue = "strict",
            description = "strict or paper-parity. Default: ${DEFAULT-VALUE}.")
    String mode;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Text files, one model output each.")
    List<Path> files = new ArrayList<>();

    InputStream stdin = System.in;

    @Override
    public Integer call() {
        AnswerFormat answerFormat;
        ExtractionMode extractionMode;
        try {
            answerFormat = parseFormat(format);
            extractionMode = ExtractionMode.valueOf(mode.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("extract: " + (e.getMessage() == null ? "bad option" : e.getMessage())
                    + " (--format choice:N|integer|free-text, --mode strict|paper-parity)");
            return 2;
        }
        var extractor = AnswerExtractors.forFormat(answerFormat, extractionMode);
        var out = spec.commandLine().getOut();
        try {
            if (files.isEmpty()) {
                out.println(line("-", extractor.extract(new String(stdin.readAllBytes(), StandardCharsets.UTF_8))));
            }
            for (Path f : files) {
                out.println(line(f.toString(), extractor.extract(Files.readString(f))));
            }
        } catch (IOException e) {
            spec.commandLine().getErr().println("extract: cannot read: " + e.getMessage());
            return 1;
        }
        out.flush();
        return 0;
    }

    private static String line(String source, Extraction e) {
        return source + '\t' + e.answer().orElse("-") + '\t' + e.rule().name().toLowerCase(Locale.ROOT)
                + (e.fallback() ? "\tfallback" : "");
    }

    static AnswerFormat parseFormat(String s) {
        String f = s.strip().toLowerCase(Locale.ROOT);
        if (f.equals("integer")) {
            return new AnswerFormat.IntegerAnswer();
        }
        if (f.equals("free-text")) {
            return new AnswerFormat.FreeText();
        }
        if (f.startsWith("choice:")) {
            try {
                return new AnswerFormat.MultipleChoice(Integer.parseInt(f.substring("choice:".length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad option count in '" + s + "'");
            }
        }
        throw new IllegalArgumentException("unknown format '" + s + "'");
    }
}
