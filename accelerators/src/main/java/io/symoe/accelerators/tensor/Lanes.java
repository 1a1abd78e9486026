package io.symoe.accelerators.tensor;

import jdk.incubator.vector.FloatVector;

/**
 * A horizontal float sum in one fixed order. {@code reduceLanes(ADD)} on floats leaves the order to the
 * implementation, and the JDK's differs between tiers (the interpreter and C1 add lane by lane, C2's intrinsic
 * adds in a tree), so the same dot product gave different last bits before and after JIT compilation: enough to
 * move an activation across a Q8_0 rounding boundary now and then and make whole runs differ from llama.cpp by
 * ~0.5 % of the logit range, or not, depending on timing. This order is the one x86 ggml uses
 * (_mm512_reduce_add_ps, hsum_float_8): halves, then quarters, then (0 + 2) + (1 + 3).
 */
public final class Lanes {
    private Lanes() {
    }

    public static float sum(FloatVector v) {
        int n = v.length();
        if (n == 16) {
            float a0 = v.lane(0) + v.lane(8), a1 = v.lane(1) + v.lane(9), a2 = v.lane(2) + v.lane(10), a3 = v.lane(3) + v.lane(11);
            float a4 = v.lane(4) + v.lane(12), a5 = v.lane(5) + v.lane(13), a6 = v.lane(6) + v.lane(14), a7 = v.lane(7) + v.lane(15);
            float b0 = a0 + a4, b1 = a1 + a5, b2 = a2 + a6, b3 = a3 + a7;
            return (b0 + b2) + (b1 + b3);
        }
        if (n == 8) {
            float b0 = v.lane(0) + v.lane(4), b1 = v.lane(1) + v.lane(5), b2 = v.lane(2) + v.lane(6), b3 = v.lane(3) + v.lane(7);
            return (b0 + b2) + (b1 + b3);
        }
        float s = 0;
        for (int i = 0; i < n; i++) {
            s += v.lane(i);
        }
        return s;
    }
}
