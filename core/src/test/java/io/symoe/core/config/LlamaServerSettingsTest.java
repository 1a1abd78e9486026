package io.symoe.core.config;

import io.symoe.core.BackendKind;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlamaServerSettingsTest {
    @Test
    void aLlamaServerBackendGetsDefaultServerSettingsAndNeedsAPath() {
        BackendConfig b = new BackendConfig("ls", BackendKind.LLAMA_SERVER, null, null, "models", null, null, null);
        assertEquals(LlamaServerSettings.DEFAULTS, b.server());
        assertEquals(2048, b.server().ctxSize());
        var e = assertThrows(IllegalArgumentException.class,
                () -> new BackendConfig("ls", BackendKind.LLAMA_SERVER, null, null, null, null, null, null));
        assertTrue(e.getMessage().contains("needs path"), e.getMessage());
    }

    @Test
    void flagsSymoeSetsItselfAreRefusedInExtraArgsWithTheKeyToUseInstead() {
        for (String flag : List.of("--port", "-m", "--ctx-size=4096", "-np")) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> new LlamaServerSettings(null, null, null, null, List.of(flag, "1"), null, null));
            assertTrue(e.getMessage().contains("server.extra-args") && e.getMessage().contains("server.*"), e.getMessage());
        }
        assertEquals(List.of("--mlock", "--temp", "0.5"),
                new LlamaServerSettings(null, null, null, null, List.of("--mlock", "--temp", "0.5"), null, null).extraArgs());
    }

    @Test
    void aServerSectionOnAnotherKindIsAMistake() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BackendConfig("o", BackendKind.OPENAI,
                URI.create("http://127.0.0.1:8080"), null, null, null, null, null, LlamaServerSettings.DEFAULTS));
        assertTrue(e.getMessage().contains("only applies to kind llama-server"), e.getMessage());
    }
}
