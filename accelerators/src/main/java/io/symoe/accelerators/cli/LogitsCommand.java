package io.symoe.accelerators.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.symoe.accelerators.LocalModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * {@code symoe logits --model FILE.gguf --tokens 1,2,3 --json OUT.json}: the logits of every position when the
 * tokens are decoded as one batch from position 0 (how the llama.cpp reference files were made), as
 * {@code {"tokens":[...],"logits":[[...],...]}}.
 */
@Command(name = "logits", mixinStandardHelpOptions = true,
        description = "Write the logits of every position of a token sequence as JSON.")
public final class LogitsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    @Option(names = "--model", required = true, description = "GGUF model file")
    Path model;

    @Option(names = "--tokens", required = true, split = ",", description = "comma-separated token ids")
    int[] tokens;

    @Option(names = "--json", required = true, description = "output JSON file")
    Path json;

    @Option(names = "--threads", description = "kernel threads (default: available cores)")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        try (LocalModel m = LocalModel.load(model, Commands.threads(threads), LocalModel.DEFAULT_MAX_CONTEXT, backendOptions.spec())) {
            int vocab = m.configuration().vocabSize();
            for (int t : tokens) {
                if (t < 0 || t >= vocab) {
                    spec.commandLine().getErr().println("error: token " + t + " outside the vocabulary of " + vocab);
                    return 2;
                }
            }
            float[][] logits = m.logits(tokens);
            write(json, tokens, logits);
            spec.commandLine().getOut().printf("wrote %d x %d logits to %s%n", logits.length, vocab, json);
            return 0;
        } catch (io.symoe.accelerators.gguf.GGUFFormatException | LocalModel.ContextLengthException | java.io.IOException
                 | io.symoe.accelerators.backend.opencl.OpenClUnavailableException | UnsupportedOperationException e) {
            return Commands.fail(spec, e);
        }
    }

    static void write(Path file, int[] tokens, float[][] logits) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeFieldName("tokens");
            g.writeArray(tokens, 0, tokens.length);
            g.writeArrayFieldStart("logits");
            for (float[] row : logits) {
                g.writeStartArray();
                for (float v : row) {
                    g.writeNumber(v);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    @Override
    public String toString() {
        return "logits " + model + " " + Arrays.toString(tokens);
    }
}
