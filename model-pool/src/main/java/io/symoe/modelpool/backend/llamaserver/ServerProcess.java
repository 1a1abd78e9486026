package io.symoe.modelpool.backend.llamaserver;

import io.symoe.core.config.LlamaServerSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One running {@code llama-server} for one model, started through a small {@code sh} wrapper that makes it die
 * with symoe: the wrapper holds the JVM's pipe on its stdin, and when that closes (symoe exits, or is killed with
 * SIGKILL so no shutdown hook runs) it kills the server. A JVM-wide shutdown hook stops every live process on
 * SIGTERM and normal exit.
 *
 * <p>The wrapper exits when the server does, so {@link Process#onExit()} of the wrapper (a direct child, waited on
 * by the JVM, not polled) reports a crashed server at once.
 */
final class ServerProcess {
    /**
     * How a server ended: {@code requested} when symoe stopped it, else it died on its own.
     * {@code pid} is the server's (the wrapper's if the server never came up).
     */
    record Exit(String modelId, long pid, int exitCode, boolean requested, long noticedAtNanos) {}

    /** Thrown when a server does not come up; the message names the model and quotes the server's log. */
    static final class StartFailure extends Exception {
        StartFailure(String message) {
            super(message);
        }
    }

    /*
     * $1 = the pid file (below), $2.. = the server's command line. fd 3 keeps the JVM's pipe; the server gets neither it nor stdin, so only
     * the wrapper's watcher sees the pipe close. Background lists start with stdin on /dev/null in sh, hence fd 3.
     * TERM is forwarded (symoe stopping the server); after the server exits the watcher is dropped.
     * The pid file gets the server's pid: symoe knows the server by that pid, not by its executable's name,
     * which differs when server.binary is a symlink or a script that execs the server, or was replaced on disk.
     */
    private static final String WRAPPER = """
            pidfile=$1; shift
            exec 3<&0
            "$@" </dev/null 3<&- &
            child=$!
            echo "$child" > "$pidfile"
            { while read -r _ <&3; do :; done; kill -KILL "$child" 2>/dev/null; } &
            watcher=$!
            trap 'kill -TERM "$child" 2>/dev/null' TERM INT
            rc=0
            while kill -0 "$child" 2>/dev/null; do wait "$child"; rc=$?; done
            kill "$watcher" 2>/dev/null
            exit "$rc"
            """;

    private static final Set<ServerProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ServerProcess::stopAllOnShutdown, "symoe-llama-server-stop"));
    }

    final String modelId;
    final int port;
    final Path log;
    private final Process wrapper;
    private final Path pidFile;
    private final Duration stopGrace;
    private volatile boolean stopRequested;
    private volatile long serverPid;
    /**
     * The server, from the pid the wrapper wrote; null until read. A captured handle carries the process's start
     * time, so a recycled pid never passes for the server.
     */
    private volatile ProcessHandle server;

    private ServerProcess(String modelId, int port, Path log, Process wrapper, Path pidFile, Duration stopGrace) {
        this.modelId = modelId;
        this.pidFile = pidFile;
        this.port = port;
        this.log = log;
        this.wrapper = wrapper;
        this.stopGrace = stopGrace;
    }

    /** The command line of the server itself (without the wrapper). */
    static List<String> commandLine(Path binary, Path gguf, LlamaServerSettings s, int port) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-m", gguf.toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port), "-c", s.ctxSize().toString(), "-t", s.threads().toString(),
                "-np", s.parallel().toString()));
        cmd.addAll(s.extraArgs());
        return cmd;
    }

    /**
     * Spawns the server and waits for its {@code /health} to answer 200 (it answers 503 while loading the model).
     *
     * @param onExit told once when the process ends, whether requested or not
     */
    static ServerProcess start(String modelId, List<String> command, int port, Path log, Duration startTimeout,
                               Duration stopGrace, Consumer<Exit> onExit) throws StartFailure {
        Process p;
        Path pidFile;
        try {
            Files.createDirectories(log.getParent());
            pidFile = Files.createTempFile(log.getParent(), ".llama-server-", ".pid");
            Files.delete(pidFile); // present again only once the wrapper has written the pid
            List<String> argv = new ArrayList<>(List.of("sh", "-c", WRAPPER, "llama-server-wrapper", pidFile.toString()));
            argv.addAll(command);
            // Appended, so a start that failed stays readable after the next one; each start is headed.
            Files.writeString(log, "---- symoe starts: " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new StartFailure("llama-server for model " + modelId + " could not be spawned: " + e.getMessage());
        }
        ServerProcess sp = new ServerProcess(modelId, port, log, p, pidFile, stopGrace);
        LIVE.add(sp);
        sp.serverPid = p.pid();
        p.onExit().thenAccept(done -> {
            LIVE.remove(sp);
            onExit.accept(new Exit(modelId, sp.serverPid, done.exitValue(), sp.stopRequested, System.nanoTime()));
        });
        sp.awaitHealthy(startTimeout);
        // The wrapper writes the pid right after forking, long before the server answers /health; the short wait
        // only covers a slow disk.
        long pidDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!sp.readServerPid() && System.nanoTime() < pidDeadline && p.isAlive()) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (sp.server == null) {
            sp.stop();
            throw sp.failure("came up, but either exited at once or its wrapper did not write its pid to " + pidFile);
        }
        return sp;
    }

    /** Reads the pid file once it is complete; true when the server's handle is known. */
    private boolean readServerPid() {
        if (server != null) {
            return true;
        }
        try {
            String text = Files.readString(pidFile, StandardCharsets.UTF_8);
            if (!text.endsWith("\n")) {
                return false; // still being written
            }
            long pid = Long.parseLong(text.strip());
            // A server that already died leaves no handle: alive() then reports it gone, as it is.
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            server = h.orElse(null);
            serverPid = pid;
            Files.deleteIfExists(pidFile);
            return h.isPresent();
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return false;
        }
    }

    private void awaitHealthy(Duration timeout) throws StartFailure {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (true) {
            if (!wrapper.isAlive()) {
                throw failure("exited with code " + wrapper.exitValue() + " while starting");
            }
            try {
                if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw failure("start interrupted");
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw failure("did not answer /health with 200 within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw failure("start interrupted");
            }
        }
    }

    private StartFailure failure(String what) {
        // The server may still be flushing its last words; they are what says why it failed.
        wrapper.onExit().completeOnTimeout(null, 500, TimeUnit.MILLISECONDS).join();
        try {
            Files.deleteIfExists(pidFile); // a failed start is never stopped, so its pid file would stay behind
        } catch (IOException e) {
            // harmless leftover in the log directory
        }
        return new StartFailure("llama-server for model " + modelId + " (port " + port + ") " + what
                + "; last lines of " + log + ":\n" + String.join("\n", lastLogLines(12)));
    }

    boolean alive() {
        ProcessHandle s = server;
        return wrapper.isAlive() && s != null && s.isAlive();
    }

    /** The llama-server process itself (the wrapper's child, by the pid it recorded at start) while it lives. */
    Optional<ProcessHandle> serverHandle() {
        return Optional.ofNullable(server).filter(ProcessHandle::isAlive);
    }

    /** Peak resident memory of the server (Linux {@code VmHWM}); empty where /proc cannot tell. */
    Optional<Long> peakResidentBytes() {
        return serverHandle().flatMap(h -> {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(h.pid()), "status"))) {
                    if (line.startsWith("VmHWM:")) {
                        return Optional.of(Long.parseLong(line.replaceAll("\\D", "")) * 1024);
                    }
                }
            } catch (IOException | UncheckedIOException | NumberFormatException e) {
                return Optional.empty();
            }
            return Optional.empty();
        });
    }

    List<String> lastLogLines(int n) {
        try {
            Deque<String> tail = new ArrayDeque<>();
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                tail.addLast(line);
                if (tail.size() > n) {
                    tail.removeFirst();
                }
            }
            return List.copyOf(tail);
        } catch (IOException | UncheckedIOException e) {
            return List.of("(log unreadable: " + e.getMessage() + ")");
        }
    }

    /** SIGTERM (forwarded by the wrapper), then SIGKILL of both after the grace period; returns once gone. */
    void stop() {
        stopRequested = true;
        readServerPid(); // a start that failed early may not have read it yet
        Optional<ProcessHandle> server = serverHandle();
        // A server.binary script that runs the server without exec leaves it a grandchild, which the forwarded
        // TERM does not reach; its descendants, captured while it lives, are killed with it.
        List<ProcessHandle> below = server.map(h -> h.descendants().toList()).orElse(List.of());
        wrapper.destroy();
        try {
            if (!wrapper.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                server.ifPresent(ProcessHandle::destroyForcibly);
                wrapper.destroyForcibly();
                wrapper.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.ifPresent(ProcessHandle::destroyForcibly);
            wrapper.destroyForcibly();
        }
        server.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
        below.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // a stale pid file in the log directory is harmless
        }
        LIVE.remove(this);
    }

    private static void stopAllOnShutdown() {
        List<Thread> stoppers = new ArrayList<>();
        for (ServerProcess sp : List.copyOf(LIVE)) {
            stoppers.add(Thread.ofPlatform().start(sp::stop));
        }
        for (Thread t : stoppers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
