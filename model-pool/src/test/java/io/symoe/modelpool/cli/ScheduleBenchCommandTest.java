package io.symoe.modelpool.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symoe.modelpool.testing.TigerZips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleBenchCommandTest {

    private static int run(Object command, StringWriter out, StringWriter err, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void writesTheContractJsonWithOfflineAtTheLowerBound(@TempDir Path dir) throws Exception {
        TigerZips.write(dir, 6, 120, 3);
        Path json = dir.resolve("out/schedule.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(new ScheduleBenchCommand(), out, err, "--outputs", dir.toString(), "--instances", "50",
                "--json", json.toString());
        assertEquals(0, code, err.toString());
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertEquals(Set.of("lower_bound_loads", "fifo", "online", "offline"), iterable(r.fieldNames()));
        for (String s : List.of("fifo", "online", "offline")) {
            assertEquals(Set.of("loads", "wait_p50_s", "wait_p95_s"), iterable(r.get(s).fieldNames()), s);
        }
        int lower = r.get("lower_bound_loads").asInt();
        // Each category's top-3 are its strong models m_c, m_{c+3} plus one more: at most 6 models, at least 3.
        assertTrue(lower >= 3 && lower <= 6, "lower bound " + lower);
        assertEquals(lower, r.get("offline").get("loads").asInt());
        assertEquals(lower, r.get("online").get("loads").asInt(), "a batch at t=0 groups perfectly online too");
        assertTrue(r.get("fifo").get("loads").asInt() > lower);
        assertTrue(r.get("fifo").get("wait_p95_s").asDouble() > r.get("offline").get("wait_p95_s").asDouble());
        assertTrue(out.toString().contains("offline"), out.toString());
    }

    @Test
    void usesTheInjectedRecruiterAndPoissonArrivals(@TempDir Path dir) throws Exception {
        TigerZips.write(dir, 4, 60, 2);
        Path json = dir.resolve("s.json");
        // A recruiter that sends every question to the same two models: two loads is the lower bound.
        ScheduleBenchCommand cmd = new ScheduleBenchCommand(profile -> q -> List.of("m0", "m1"));
        int code = run(cmd, new StringWriter(), new StringWriter(), "--outputs", dir.toString(), "--instances", "20",
                "--arrival-rate", "0.05", "--load-seconds", "10", "--gen-seconds", "1", "--json", json.toString());
        assertEquals(0, code);
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, r.get("lower_bound_loads").asInt());
        assertEquals(2, r.get("offline").get("loads").asInt());
        assertTrue(r.get("online").get("loads").asInt() <= r.get("fifo").get("loads").asInt());
    }

    @Test
    void rejectsMoreInstancesThanHeldOutQuestions(@TempDir Path dir) throws Exception {
        TigerZips.write(dir, 3, 10, 2);
        StringWriter err = new StringWriter();
        int code = run(new ScheduleBenchCommand(), new StringWriter(), err, "--outputs", dir.toString(), "--instances", "50");
        assertEquals(2, code);
        assertTrue(err.toString().contains("held-out"), err.toString());
    }

    @Test
    void onRealMmluProOutputsOfflineMeetsTheLowerBoundAndOnlineBeatsFifo(@TempDir Path dir) throws Exception {
        Path outputs = io.symoe.testsupport.SharedData.require("data/mmlu-pro-outputs");
        Path json = dir.resolve("real.json");
        int code = run(new ScheduleBenchCommand(), new StringWriter(), new StringWriter(), "--outputs", outputs.toString(),
                "--instances", "300", "--arrival-rate", "0.05", "--json", json.toString());
        assertEquals(0, code);
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        int lower = r.get("lower_bound_loads").asInt();
        assertEquals(lower, r.get("offline").get("loads").asInt());
        assertTrue(r.get("online").get("loads").asInt() * 3 < r.get("fifo").get("loads").asInt(), r.toString());
        assertTrue(r.get("online").get("wait_p95_s").asDouble() <= r.get("fifo").get("wait_p95_s").asDouble(), r.toString());
    }

    private static Set<String> iterable(java.util.Iterator<String> it) {
        Set<String> s = new java.util.HashSet<>();
        it.forEachRemaining(s::add);
        return s;
    }
}
