package io.symoe.orchestrator.replay;

import io.symoe.orchestrator.cli.SymoeCli;
import io.symoe.orchestrator.testing.RecordedPoolFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20 item 3: what {@code symoe serve --replay DIR} prints from start to stop, in a JVM of its own (so every
 * one-time warning of the libraries is really printed), with the embedding router (so the MiniLM tokenizer and its
 * native library load) and several HTTP connections (Vert.x registers its connection gauges per connection).
 */
class StartupLogTest {
    private static final Pattern LISTENING = Pattern.compile("symoe listening on http://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void replayStartPrintsTheDataWarningOnceAndNoLibraryNoise(@TempDir Path dir) throws Exception {
        Path recordings = RecordedPoolFixture.write(dir.resolve("recordings"));
        writeJunkModel(recordings.resolve("model_outputs_expert-junk_5shots.zip"));
        Files.createDirectories(dir.resolve("models"));

        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx512m",
                "-Dsymoe.discover=false", "-cp", System.getProperty("java.class.path"), SymoeCli.class.getName(),
                "serve", "--replay", recordings.toString(), "--port", "0").redirectErrorStream(true);
        pb.environment().put("SYMOE_CACHE", dir.resolve("cache").toString());
        pb.environment().put("SYMOE_MODELS", dir.resolve("models").toString());
        pb.environment().remove("CUDA_VISIBLE_DEVICES");
        Process p = pb.start();
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (java.io.IOException e) {
                // the process is gone
            }
            port.completeExceptionally(new IllegalStateException("serve exited before listening: " + lines));
        });
        try {
            int httpPort = port.get(120, TimeUnit.SECONDS);
            awaitReady(httpPort);
            for (int i = 0; i < 3; i++) {
                // A client of its own per request: a new connection each time.
                try (HttpClient http = HttpClient.newHttpClient()) {
                    JsonObject body = new JsonObject().put("model", "symoe").put("messages", new JsonArray()
                            .add(new JsonObject().put("role", "user").put("content", RecordedPoolFixture.QUESTIONS.get(i))));
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                                    + "/v1/chat/completions")).header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, r.statusCode(), r.body());
                }
            }
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            reader.join(5_000);
        }
        List<String> log = List.copyOf(lines);
        String all = String.join("\n", log);
        assertEquals(1, log.stream().filter(l -> l.contains("skipped 2 malformed entries")).count(),
                "the recordings are read once, so their warning is printed once:\n" + all);
        for (String noise : List.of("already registered", "Failed to detect GPU count", "has been blocked", "Thread blocked")) {
            assertTrue(log.stream().noneMatch(l -> l.contains(noise)), "'" + noise + "' printed:\n" + all);
        }
        List<String> warnings = log.stream().filter(l -> l.contains(" WARNING ") || l.contains(" SEVERE "))
                .filter(l -> !l.contains("skipped 2 malformed entries")).toList();
        assertEquals(List.of(), warnings, "the only warning is about the data:\n" + all);
    }

    private static void awaitReady(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (HttpClient http = HttpClient.newHttpClient()) {
            while (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                assertTrue(System.nanoTime() < deadline, "serve never became ready");
                Thread.sleep(200);
            }
        }
    }

    /** A fourth expert whose file carries two stray strings among its records, as DeepSeek-Coder-V2's has 43. */
    private static void writeJunkModel(Path zip) throws Exception {
        JsonArray records = new JsonArray().add("stray text").add("another");
        for (int q = 0; q < RecordedPoolFixture.QUESTIONS.size(); q++) {
            String gold = RecordedPoolFixture.GOLD.get(q);
            records.add(new JsonObject().put("question_id", 100 + q).put("question", RecordedPoolFixture.QUESTIONS.get(q))
                    .put("options", new JsonArray(List.of("first", "second", "third", "fourth"))).put("answer", gold)
                    .put("answer_index", gold.charAt(0) - 'A').put("category", "other").put("src", "fixture")
                    .put("pred", gold).put("generated_text", "Carefully: the answer is (" + gold + ")."));
        }
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("model_outputs_expert-junk_5shots.json"));
            z.write(records.encode().getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
    }
}
