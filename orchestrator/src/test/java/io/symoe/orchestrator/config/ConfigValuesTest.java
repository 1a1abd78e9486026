package io.symoe.orchestrator.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfigValuesTest {

    @ParameterizedTest
    @CsvSource({"1024,1024", "1KiB,1024", "1k,1024", "1kB,1000", "512MiB,536870912", "8GiB,8589934592",
            "8G,8589934592", "1.5GB,1500000000", "1 GiB,1073741824", "2TiB,2199023255552", "0,0"})
    void sizes(String text, long bytes) {
        assertEquals(bytes, ConfigValues.parseSize(text).bytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "GiB", "8XB", "-1", "1e9", "99999999999TiB"})
    void badSizes(String text) {
        assertThrows(IllegalArgumentException.class, () -> ConfigValues.parseSize(text));
    }

    @Test
    void durations() {
        assertEquals(Duration.ofMillis(500), ConfigValues.parseDuration("500ms"));
        assertEquals(Duration.ofSeconds(30), ConfigValues.parseDuration("30s"));
        assertEquals(Duration.ofSeconds(90), ConfigValues.parseDuration("1.5m"));
        assertEquals(Duration.ofHours(2), ConfigValues.parseDuration("2h"));
        assertEquals(Duration.ofDays(1), ConfigValues.parseDuration("1d"));
        assertEquals(Duration.ofSeconds(30), ConfigValues.parseDuration("PT30S"));
        assertThrows(IllegalArgumentException.class, () -> ConfigValues.parseDuration("soon"));
        assertThrows(IllegalArgumentException.class, () -> ConfigValues.parseDuration("0.5ms"));
    }
}
