package io.symoe.orchestrator.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A JVM child process running a main class from this test classpath, so a test can kill a real server
 * (SIGKILL, no clean shutdown) while requests to it are in flight.
 */
final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private ChildProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code mainClass} and waits until it prints {@code LISTENING <port>}. */
    static ChildProcess start(Class<?> mainClass, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("LISTENING ")) {
                        port.complete(Integer.parseInt(line.substring("LISTENING ".length()).trim()));
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
            port.completeExceptionally(new IllegalStateException(mainClass.getSimpleName() + " exited before listening"));
        }, "child-" + mainClass.getSimpleName());
        reader.setDaemon(true);
        reader.start();
        try {
            return new ChildProcess(p, port.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("could not start " + mainClass.getName() + ": " + e.getMessage(), e);
        }
    }

    int port() {
        return port;
    }

    /** Switches {@link OpenAiTestServer}'s behaviour ({@code POST /test/mode}). */
    void setMode(io.vertx.core.json.JsonObject mode) throws IOException, InterruptedException {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var resp = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/test/mode"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(mode.encode())).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                throw new IOException("test server refused mode " + mode + ": " + resp.statusCode());
            }
        }
    }

    /** Completion requests {@link OpenAiTestServer} has received ({@code GET /test/calls}). */
    long calls() throws IOException, InterruptedException {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var resp = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/test/calls"))
                    .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return new io.vertx.core.json.JsonObject(resp.body()).getLong("calls");
        }
    }

    /** SIGKILL: the server gets no chance to finish or close its connections cleanly. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
