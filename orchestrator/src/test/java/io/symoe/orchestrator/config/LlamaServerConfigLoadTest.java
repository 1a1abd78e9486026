package io.symoe.orchestrator.config;

import io.symoe.core.BackendKind;
import io.symoe.core.config.BackendConfig;
import io.symoe.core.config.SymoeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlamaServerConfigLoadTest {
    private static final String YAML = """
            pool:
              backends:
                - id: llama
                  kind: llama-server
                  path: models
                  server:
                    binary: bin/llama-server
                    threads: 1
                    extra-args: [%s]
              models:
                - {id: a, backend: llama, remote-name: a.gguf}
            """;

    @Test
    void llamaServerPathsAreRelativeToTheConfigFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("etc"));
        Path file = dir.resolve("etc/symoe.yaml");
        Files.writeString(file, YAML.formatted("--mlock"));
        SymoeConfig c = new ConfigLoader().load(file);
        BackendConfig b = c.pool().backends().getFirst();
        assertEquals(BackendKind.LLAMA_SERVER, b.kind());
        assertEquals(dir.resolve("etc/models").toAbsolutePath().toString(), b.path());
        assertEquals(dir.resolve("etc/bin/llama-server").toAbsolutePath().toString(), b.server().binary());
        assertEquals(java.util.List.of("--mlock"), b.server().extraArgs());
    }

    @Test
    void aFlagSymoeSetsItselfIsAConfigErrorWithItsLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader().parse(YAML.formatted("--port, '9000'"), "my.yaml"));
        assertTrue(e.getMessage().contains("my.yaml:") && e.getMessage().contains("--port")
                && e.getMessage().contains("server.*"), e.getMessage());
    }
}
