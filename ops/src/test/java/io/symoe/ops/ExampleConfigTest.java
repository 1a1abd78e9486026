package io.symoe.ops;

import io.symoe.core.BackendKind;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example configs under ops/config must load as users will load them. */
class ExampleConfigTest {
    private static final Path CONFIG_DIR = Path.of("config");

    @Test
    void commentedExampleLoadsAndMatchesTheCodeDefaults() {
        SymoeConfig c = new ConfigLoader().load(CONFIG_DIR.resolve("symoe.yaml"));
        SymoeConfig defaults = SymoeConfig.defaults();
        // The example documents the defaults; keep them in step with the code.
        assertEquals(defaults.server().host(), c.server().host());
        assertEquals(defaults.server().port(), c.server().port());
        assertEquals(defaults.server().maxBody(), c.server().maxBody());
        assertEquals(defaults.router().k(), c.router().k());
        assertEquals(defaults.router().recruiter(), c.router().recruiter());
        assertEquals(defaults.aggregator().strategy(), c.aggregator().strategy());
        assertFalse(c.cluster().enabled());
        assertTrue(c.pool().backends().stream().anyMatch(b -> b.kind() == BackendKind.OLLAMA));
        assertEquals(3, c.pool().models().size());
    }
}
