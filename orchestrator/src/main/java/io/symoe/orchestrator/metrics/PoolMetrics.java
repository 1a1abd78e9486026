package io.symoe.orchestrator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.symoe.modelpool.pool.ModelPool;
import io.symoe.modelpool.pool.OnlineDispatcher;
import io.symoe.modelpool.residency.ResidencyManager;

import java.time.Duration;

/**
 * Publishes the pool's state: loads/unloads and their durations (swap time) from residency events, and gauges for
 * residency, memory and queue length per model read when Prometheus scrapes.
 */
public final class PoolMetrics {
    private PoolMetrics() {}

    public static void bind(MeterRegistry registry, ModelPool pool, OnlineDispatcher dispatcher) {
        ResidencyManager rm = pool.residency();
        rm.addListener(new ResidencyManager.Listener() {
            @Override
            public void loaded(String modelId, Duration took) {
                Counter.builder("symoe.model.loads").tag("model", modelId).register(registry).increment();
                Timer.builder("symoe.model.load").tag("model", modelId).publishPercentileHistogram()
                        .register(registry).record(took);
            }

            @Override
            public void unloaded(String modelId, Duration took) {
                Counter.builder("symoe.model.unloads").tag("model", modelId).register(registry).increment();
            }
        });
        for (String m : pool.models()) {
            // Restarts after a crash happen inside the backend, not through residency, so they are read from it.
            FunctionCounter.builder("symoe.model.restarts", pool, p -> p.backendOf(m).restarts().getOrDefault(m, 0L))
                    .tag("model", m).register(registry);
            Gauge.builder("symoe.model.resident", rm, r -> r.resident().contains(m) ? 1 : 0).tag("model", m)
                    .register(registry);
            Gauge.builder("symoe.model.queue.length", dispatcher, d -> d.queueLengths().getOrDefault(m, 0))
                    .tag("model", m).register(registry);
        }
        Gauge.builder("symoe.pool.memory.used.bytes", rm, r -> r.snapshot().usedBytes()).register(registry);
        Gauge.builder("symoe.pool.memory.budget.bytes", rm, ResidencyManager::budgetBytes).register(registry);
    }
}
