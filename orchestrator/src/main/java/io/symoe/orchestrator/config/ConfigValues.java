package io.symoe.orchestrator.config;

import io.symoe.core.ByteSize;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for the human-written scalar forms config files use: sizes ({@code 8GiB}) and durations ({@code 30s}). */
public final class ConfigValues {
    private ConfigValues() {}

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b?|b)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);

    /**
     * Parses {@code 512MiB}, {@code 8GiB}, {@code 8G}, {@code 1.5GB} or a plain byte count. Decimal (kB, MB, GB) and
     * binary (KiB, MiB, GiB) units are both accepted; bare K/M/G/T are binary, as memory is usually counted.
     */
    public static ByteSize parseSize(String text) {
        String t = text.strip();
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid size \"" + text + "\" (write e.g. 512MiB, 8GiB or a byte count)");
        }
        BigDecimal value = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long multiplier = switch (unit) {
            case "b" -> 1L;
            case "k", "ki", "kib" -> 1L << 10;
            case "m", "mi", "mib" -> 1L << 20;
            case "g", "gi", "gib" -> 1L << 30;
            case "t", "ti", "tib" -> 1L << 40;
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            case "tb" -> 1_000_000_000_000L;
            default -> throw new IllegalArgumentException("invalid size unit in \"" + text + "\"");
        };
        try {
            return new ByteSize(value.multiply(BigDecimal.valueOf(multiplier)).setScale(0, java.math.RoundingMode.HALF_UP)
                    .longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("size \"" + text + "\" is too large");
        }
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601 such as {@code PT30S}. */
    public static Duration parseDuration(String text) {
        String t = text.strip();
        Matcher m = DURATION.matcher(t);
        if (m.matches()) {
            BigDecimal value = new BigDecimal(m.group(1));
            long millisPerUnit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "ms" -> 1L;
                case "s" -> 1_000L;
                case "m" -> 60_000L;
                case "h" -> 3_600_000L;
                default -> 86_400_000L;
            };
            try {
                return Duration.ofMillis(value.multiply(BigDecimal.valueOf(millisPerUnit)).longValueExact());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("duration \"" + text + "\" must be a whole number of milliseconds");
            }
        }
        try {
            return Duration.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\" (write e.g. 500ms, 30s, 5m, 2h)");
        }
    }
}
