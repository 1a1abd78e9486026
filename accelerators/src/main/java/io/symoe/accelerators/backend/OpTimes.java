package io.symoe.accelerators.backend;

import java.util.Arrays;

/** Nanoseconds and calls per op of the forward pass, filled by {@link ProfilingBackend} (one model, one thread). */
public final class OpTimes {
    /** Where a step's time goes. */
    public enum Op {
        ATTENTION_MATMULS("attention q/k/v/o matmuls"),
        ATTENTION("attention scores, softmax, weighted values"),
        ROPE("RoPE"),
        ROUTER("router matmul"),
        ROUTING("router softmax + top-k"),
        EXPERTS("expert gate/up/down matmuls"),
        FFN("dense / shared FFN matmuls"),
        SWIGLU("SwiGLU"),
        COMBINE("weighted combine of experts"),
        HEAD("output head matmul"),
        NORM("RMSNorm");

        private final String label;

        Op(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final long[] nanos = new long[Op.values().length];
    private final long[] calls = new long[Op.values().length];

    void add(Op op, long ns) {
        nanos[op.ordinal()] += ns;
        calls[op.ordinal()]++;
    }

    public long nanos(Op op) {
        return nanos[op.ordinal()];
    }

    public long calls(Op op) {
        return calls[op.ordinal()];
    }

    public long totalNanos() {
        return Arrays.stream(nanos).sum();
    }

    public void reset() {
        Arrays.fill(nanos, 0);
        Arrays.fill(calls, 0);
    }

    /** A copy of the counts so far. */
    public OpTimes snapshot() {
        OpTimes s = new OpTimes();
        System.arraycopy(nanos, 0, s.nanos, 0, nanos.length);
        System.arraycopy(calls, 0, s.calls, 0, calls.length);
        return s;
    }
}
