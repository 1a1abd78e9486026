package io.symoe.ops;

import io.symoe.core.BackendKind;
import io.symoe.core.config.BackendConfig;
import io.symoe.core.config.ModelConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.modelpool.backend.llamaserver.GgufFootprint;
import io.symoe.orchestrator.config.ConfigLoader;
import io.symoe.skillrouter.profile.ProfileJson;
import io.symoe.testsupport.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ops/config/llama-server.yaml} (a contract): 3 real experts, a budget that holds exactly one of them. */
class LlamaServerConfigTest {
    private final SymoeConfig config = new ConfigLoader().load(OpsFiles.CONFIG_DIR.resolve("llama-server.yaml"));

    @Test
    void threeExpertsOnOneLlamaServerBackendWithRoutingProfilesForThem() {
        BackendConfig b = config.pool().backends().getFirst();
        assertEquals(BackendKind.LLAMA_SERVER, b.kind(), "kind: llama-server");
        assertEquals(3, config.pool().models().size());
        assertTrue(Path.of(b.path()).isAbsolute(), "the GGUF directory is resolved against the config file");
        List<String> ids = config.pool().models().stream().map(ModelConfig::id).toList();
        Path profiles = OpsFiles.CONFIG_DIR.getParent().getParent().resolve(config.router().profiles());
        assertEquals(ids, ProfileJson.read(profiles).models(), "the profiles describe exactly the pool's experts");
    }

    @Test
    void theBudgetFitsOneExpertAtATimeSoEverySwitchIsARealLoad() throws Exception {
        SharedData.require("llamacpp");
        BackendConfig b = config.pool().backends().getFirst();
        long budget = config.pool().memoryBudget().bytes();
        List<Long> sizes = new java.util.ArrayList<>();
        for (ModelConfig m : config.pool().models()) {
            Path gguf = Path.of(b.path()).resolve(m.remoteName());
            assertTrue(Files.isRegularFile(gguf), gguf + " is in ../shared/llamacpp");
            sizes.add(GgufFootprint.of(gguf, b.server().ctxSize(), b.server().parallel()).totalBytes());
        }
        List<Long> sorted = sizes.stream().sorted().toList();
        assertTrue(sorted.getLast() <= budget, "every expert fits alone: " + sizes + " vs " + budget);
        assertTrue(sorted.get(0) + sorted.get(1) > budget, "no two fit together: " + sizes + " vs " + budget);
    }
}
