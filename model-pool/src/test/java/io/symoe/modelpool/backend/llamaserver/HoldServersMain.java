package io.symoe.modelpool.backend.llamaserver;

import io.symoe.core.BackendKind;
import io.symoe.core.config.BackendConfig;
import io.symoe.core.config.LlamaServerSettings;
import io.symoe.modelpool.backend.CallPolicy;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.List;

/**
 * A JVM that starts three llama-servers and then waits to be killed, so {@link NoOrphanServersTest} can kill it
 * the way an operator or the OOM killer would. Args: llama-server binary, models dir, log dir.
 */
public final class HoldServersMain {
    private HoldServersMain() {}

    public static void main(String[] args) throws Exception {
        Path models = Path.of(args[1]);
        BackendConfig config = new BackendConfig("hold", BackendKind.LLAMA_SERVER, null, null, models.toString(), null, 1,
                0, new LlamaServerSettings(args[0], 1, 256, 1, List.of(), null, null));
        LlamaServerBackend b = new LlamaServerBackend(Vertx.vertx(), config, List.of(
                new LlamaServerBackend.Model("a", models.resolve("llama-q4_0.gguf")),
                new LlamaServerBackend.Model("b", models.resolve("llama-moe-q4_0.gguf")),
                new LlamaServerBackend.Model("c", models.resolve("qwen2moe-q4_0.gguf"))),
                CallPolicy.DIRECT, false, Path.of(args[2]));
        StringBuilder pids = new StringBuilder("PIDS");
        for (String id : List.of("a", "b", "c")) {
            b.load(id).toCompletableFuture().join();
            pids.append(' ').append(b.serverPid(id).orElseThrow());
        }
        System.out.println(pids);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
