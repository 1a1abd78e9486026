package io.symoe.orchestrator.reliability;

import io.symoe.orchestrator.testing.RecordedPoolFixture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A grammar of symoe's request bodies and a generator of structurally valid JSON from it (issue 18). Byte
 * mutations mostly produce bodies the JSON parser refuses, so they never reach the validation code; this
 * generator writes well-formed JSON whose every position — the top level, each field, each array element, each
 * nested object — holds either a value of the schema's type or a value of any other JSON type (null, booleans,
 * edge-case numbers, hostile strings, arrays, objects), so every type check of the request parser is exercised.
 *
 * <p>Values are plain Java ({@code Map}, {@code List}, {@code String}, {@code Number}, {@code Boolean}, null) and
 * {@link #encode} writes them itself, escaping everything outside printable ASCII as {@code \\uXXXX}: that is
 * how an unpaired surrogate, which no UTF-8 encoder writes, still reaches the server as valid JSON text.
 */
final class RequestGrammar {
    /** The shape a position of a request should have. */
    sealed interface Shape {
        record Obj(Map<String, Shape> fields, List<String> required) implements Shape {}

        record Arr(Shape element, int minLength, int maxLength) implements Shape {}

        record Str(List<String> samples) implements Shape {}

        record Num(long min, long max, boolean integer) implements Shape {}

        record Bool() implements Shape {}

        record OneOf(List<Shape> options) implements Shape {}
    }

    /** An endpoint and the schema of its body. */
    record Endpoint(String path, Shape body) {}

    private static final List<String> QUESTIONS = RecordedPoolFixture.QUESTIONS;
    private static final Shape QUESTION = new Shape.Str(QUESTIONS);
    private static final Shape TASK = obj(fields(
            "name", new Shape.Str(List.of("mmlu-pro", "quiz")),
            "format", new Shape.Str(List.of("multiple-choice", "integer", "free-text")),
            "options", new Shape.Num(2, 26, true)), List.of("name", "format"));
    private static final Shape SYMOE = obj(fields("task", TASK), List.of());
    private static final Shape PART = obj(fields("type", new Shape.Str(List.of("text")), "text", QUESTION),
            List.of("type", "text"));
    private static final Shape MESSAGE = obj(fields(
            "role", new Shape.Str(List.of("user", "user", "system", "assistant", "developer")),
            "content", new Shape.OneOf(List.of(QUESTION, new Shape.Arr(PART, 1, 3)))), List.of("role", "content"));

    static final Endpoint CHAT = new Endpoint("/v1/chat/completions", obj(fields(
            "model", new Shape.Str(List.of("symoe", "symoe", "symoe", "expert-strong", "expert-mid", "expert-weak")),
            "messages", new Shape.Arr(MESSAGE, 1, 3),
            "stream", new Shape.Bool(),
            "max_tokens", new Shape.Num(1, 4096, true),
            "max_completion_tokens", new Shape.Num(1, 4096, true),
            "temperature", new Shape.Num(0, 2, false),
            "top_p", new Shape.Num(0, 1, false),
            "n", new Shape.Num(1, 1, true),
            "stop", new Shape.OneOf(List.of(new Shape.Str(List.of("\n\n", "END")),
                    new Shape.Arr(new Shape.Str(List.of("\n", "###")), 0, 4))),
            "seed", new Shape.Num(0, 1_000_000, true),
            "symoe", SYMOE,
            "user", new Shape.Str(List.of("fuzzer"))), List.of("model", "messages")));

    static final Endpoint BATCHES = new Endpoint("/v1/symoe/batches", obj(fields(
            "instances", new Shape.Arr(obj(fields(
                    "id", new Shape.Str(List.of("a", "b", "c", "d")),
                    "text", QUESTION,
                    "symoe", SYMOE), List.of("id", "text")), 1, 3),
            "pipeline", new Shape.Str(List.of("default"))), List.of("instances")));

    /** The event bus's {@code symoe.solve}: {@code {id?, text, symoe?}}; the "path" is the address. */
    static final Endpoint EVENT_BUS = new Endpoint("symoe.solve", obj(fields(
            "id", new Shape.Str(List.of("eb-1", "eb-2")),
            "text", QUESTION,
            "symoe", SYMOE), List.of("text")));

    /** Admin actions take no body fields; a body that is there must still be an object. */
    static final Endpoint ADMIN = new Endpoint("/admin/models/expert-mid/load", obj(fields(), List.of()));

    /** Hostile strings: blank, control characters, an unpaired surrogate each way round, bidi and zero-width marks. */
    private static final List<String> ODD_STRINGS = List.of("", " ", "\t\n", "\u0000", "\u0001\u001f", "\ud800",
            "\udc00 after", "x\ud83d", "\u200b\u200e\u202e", "💥", "symoe", "expert-strong", "null", "{}", "[]",
            "\\", "\"", "a".repeat(3000), QUESTIONS.get(0) + "\u0000");
    private static final Object[] ODD_NUMBERS = {0, -1, 1, 2, 27, Long.MAX_VALUE, Long.MIN_VALUE, 1.5, -0.0, 1e308,
            -1e308, 4.9e-324, 1_000_001, 2147483648L};

    /** How likely a position gets a value of its own type; the rest get some other JSON value. */
    private final double conform;

    RequestGrammar(double conform) {
        this.conform = conform;
    }

    /**
     * One body for the endpoint: a tenth are some other top-level value, a quarter of the rest follow the schema
     * everywhere (so the valid paths run too, under the same load), the others stray at some positions.
     */
    Object body(Endpoint e, SplittableRandom r) {
        if (r.nextInt(10) == 0) {
            return wild(r, 0);
        }
        return valid(e.body(), r, 0, r.nextInt(4) == 0 ? 1.0 : conform);
    }

    private Object value(Shape s, SplittableRandom r, int depth, double p) {
        return p >= 1.0 || r.nextDouble() < p ? valid(s, r, depth, p) : wild(r, depth);
    }

    private Object valid(Shape s, SplittableRandom r, int depth, double p) {
        boolean strict = p >= 1.0;
        return switch (s) {
            case Shape.Obj o -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (var f : o.fields().entrySet()) {
                    boolean required = o.required().contains(f.getKey());
                    // Optional fields appear half the time; required ones are dropped now and then.
                    if (required ? strict || r.nextInt(20) != 0 : r.nextBoolean()) {
                        out.put(f.getKey(), value(f.getValue(), r, depth + 1, p));
                    }
                }
                if (!strict && r.nextInt(10) == 0) {
                    out.put("unknown_" + r.nextInt(5), wild(r, depth + 1));
                }
                yield out;
            }
            case Shape.Arr a -> {
                int n = a.minLength() + r.nextInt(a.maxLength() - a.minLength() + 1);
                if (!strict && r.nextInt(15) == 0) {
                    n = r.nextBoolean() ? 0 : a.maxLength() + 1 + r.nextInt(3);
                }
                List<Object> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(value(a.element(), r, depth + 1, p));
                }
                yield out;
            }
            case Shape.Str str -> !strict && r.nextInt(8) == 0 ? ODD_STRINGS.get(r.nextInt(ODD_STRINGS.size()))
                    : str.samples().get(r.nextInt(str.samples().size()));
            case Shape.Num num -> {
                if (!strict && r.nextInt(8) == 0) {
                    yield ODD_NUMBERS[r.nextInt(ODD_NUMBERS.length)];
                }
                long v = num.min() + r.nextLong(num.max() - num.min() + 1);
                yield num.integer() ? (Object) v : (Object) (v == num.max() ? (double) v : v + r.nextDouble());
            }
            case Shape.Bool b -> r.nextBoolean();
            case Shape.OneOf one -> valid(one.options().get(r.nextInt(one.options().size())), r, depth, p);
        };
    }

    /** Any JSON value, of any type, shallowly nested. */
    private Object wild(SplittableRandom r, int depth) {
        int kind = r.nextInt(depth > 6 ? 5 : 7);
        return switch (kind) {
            case 0 -> null;
            case 1 -> r.nextBoolean();
            case 2 -> ODD_NUMBERS[r.nextInt(ODD_NUMBERS.length)];
            case 3 -> r.nextLong();
            case 4 -> ODD_STRINGS.get(r.nextInt(ODD_STRINGS.size()));
            case 5 -> {
                List<Object> out = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    out.add(wild(r, depth + 1));
                }
                yield out;
            }
            default -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    out.put(r.nextBoolean() ? "role" : ODD_STRINGS.get(r.nextInt(ODD_STRINGS.size())), wild(r, depth + 1));
                }
                yield out;
            }
        };
    }

    /** JSON text for a generated value, with every non-printable-ASCII char escaped (see the class comment). */
    static String encode(Object v) {
        StringBuilder sb = new StringBuilder();
        encode(v, sb);
        return sb.toString();
    }

    private static void encode(Object v, StringBuilder sb) {
        switch (v) {
            case null -> sb.append("null");
            case Boolean b -> sb.append(b);
            case Double d -> sb.append(Double.isFinite(d) ? d.toString() : "0");
            case Number n -> sb.append(n);
            case String s -> {
                sb.append('"');
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (c == '"' || c == '\\') {
                        sb.append('\\').append(c);
                    } else if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
                sb.append('"');
            }
            case List<?> l -> {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    encode(l.get(i), sb);
                }
                sb.append(']');
            }
            case Map<?, ?> m -> {
                sb.append('{');
                boolean first = true;
                for (var e : m.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    encode(String.valueOf(e.getKey()), sb);
                    sb.append(':');
                    encode(e.getValue(), sb);
                }
                sb.append('}');
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + v.getClass());
        }
    }

    private static Shape obj(Map<String, Shape> fields, List<String> required) {
        return new Shape.Obj(fields, required);
    }

    private static Map<String, Shape> fields(Object... kv) {
        Map<String, Shape> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Shape) kv[i + 1]);
        }
        return m;
    }
}
