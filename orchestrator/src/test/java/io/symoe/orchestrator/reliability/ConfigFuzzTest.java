package io.symoe.orchestrator.reliability;

import io.symoe.orchestrator.config.ConfigException;
import io.symoe.orchestrator.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, bad input: random mutations of the shipped configs only ever load or fail with a ConfigException —
 * never another exception, a stack overflow, a hang or an OOM. The long run (10⁶ inputs) is {@link ConfigFuzzer#main}.
 */
class ConfigFuzzTest {
    @Test
    @Timeout(90)
    void mutatedConfigsLoadOrFailWithAConfigException() throws Exception {
        ConfigFuzzer fuzzer = ConfigFuzzer.ofShippedConfigs();
        ConfigFuzzer.Result r = fuzzer.run(20251123L, 20_000);
        System.out.println("[fuzz] config: " + r.inputs() + " mutated inputs, " + r.accepted() + " accepted, "
                + r.rejected() + " ConfigException, findings " + r.findings());
        assertTrue(r.findings().isEmpty(), String.join("\n\n", r.examples()));
        assertTrue(r.rejected() > r.inputs() / 10, "the mutations do reach the validation");
        assertEquals(fuzzer.mutate(7, 42), fuzzer.mutate(7, 42), "inputs are reproducible from seed and index");
    }

    @Test
    @Timeout(30)
    void hostileYamlIsAClearError() {
        ConfigLoader loader = new ConfigLoader();
        // Billion laughs: alias expansion is bounded by the YAML parser, not by memory.
        StringBuilder laughs = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            laughs.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                laughs.append(i == 0 ? "" : ",").append('*').append((char) (c - 1));
            }
            laughs.append("]\n");
        }
        assertThrows(ConfigException.class, () -> loader.parse(laughs.toString(), "laughs.yaml"));
        // Deep nesting.
        String deep = "server: " + "[".repeat(100_000) + "]".repeat(100_000);
        assertThrows(ConfigException.class, () -> loader.parse(deep, "deep.yaml"));
        // Found by the fuzzer: an unknown key containing '[' made the error locator throw IndexOutOfBounds.
        var e = assertThrows(ConfigException.class, () -> loader.parse("server:\n  ho[st: x\n", "bracket.yaml"));
        assertTrue(e.getMessage().contains("unknown key 'ho[st'"), e.getMessage());
        // Arbitrary type tags must not instantiate classes.
        assertThrows(ConfigException.class, () -> loader.parse("server: !!java.net.URL [\"http://x\"]", "tag.yaml"));
    }
}
