package io.symoe.accelerators.cli;

import io.symoe.accelerators.LocalModel;
import io.symoe.accelerators.sample.Sampler;
import io.symoe.core.generation.ChatMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code symoe generate --model FILE.gguf --prompt TEXT [--tokens N] [--temperature T] [--seed S]}: streams tokens. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate text with an in-process GGUF model, streaming tokens to stdout.")
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    @Option(names = "--model", required = true, description = "GGUF model file")
    Path model;

    @Option(names = "--prompt", required = true, description = "prompt text")
    String prompt;

    @Option(names = "--tokens", defaultValue = "128", description = "maximum tokens to generate (default ${DEFAULT-VALUE})")
    int tokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy (default ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--top-p", defaultValue = "0.95", description = "nucleus mass when sampling (default ${DEFAULT-VALUE})")
    double topP;

    @Option(names = "--seed", defaultValue = "42", description = "sampling seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", description = "kernel threads (default: available cores)")
    Integer threads;

    @Option(names = "--chat", description = "render the prompt as a user turn with the model's chat template")
    boolean chat;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (tokens < 1 || temperature < 0 || !(topP > 0 && topP <= 1)) {
            err.println("--tokens must be >= 1, --temperature >= 0, --top-p in (0, 1]");
            return 2;
        }
        try (LocalModel m = LocalModel.load(model, Commands.threads(threads), LocalModel.DEFAULT_MAX_CONTEXT, backendOptions.spec())) {
            String text = chat ? m.chatTemplate().render(List.of(ChatMessage.user(prompt))) : prompt;
            int[] ids = m.encodePrompt(text);
            LocalModel.Result r = m.generate(ids, tokens, Sampler.of(temperature, topP, seed), List.of(), piece -> {
                out.print(piece);
                out.flush();
            });
            out.println();
            out.flush();
            err.printf("[%d prompt tokens, %d generated, %s; prefill %.1f tok/s, decode %.1f tok/s]%n", r.promptTokens(),
                    r.tokens().length, r.finishReason(), Commands.perSecond(r.promptTokens(), r.prefillNanos()),
                    Commands.perSecond(r.tokens().length, r.decodeNanos()));
            err.flush();
            return 0;
        } catch (io.symoe.accelerators.gguf.GGUFFormatException | LocalModel.ContextLengthException | java.io.IOException
                 | io.symoe.accelerators.backend.opencl.OpenClUnavailableException | UnsupportedOperationException e) {
            return Commands.fail(spec, e);
        }
    }
}
