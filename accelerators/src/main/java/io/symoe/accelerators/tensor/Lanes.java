package io.symoe.accelerators.tensor;

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

    /**
     * The sum of a vector's lanes, taken as an array at the call site ({@code v.toArray()}, or {@code intoArray} into
     * a reused buffer where the allocation shows, see BlockScales.lanes): a vector passed to a method C2 did not
     * inline is boxed, and a helper taking the vector itself measured decode slowing down 1.5-2x after a few runs,
     * once it was compiled on its own (and then too big to inline).
     */
    public static float sum(float[] a) {
        int n = a.length;
        if (n == 16) {
            float b0 = (a[0] + a[8]) + (a[4] + a[12]), b1 = (a[1] + a[9]) + (a[5] + a[13]);
            float b2 = (a[2] + a[10]) + (a[6] + a[14]), b3 = (a[3] + a[11]) + (a[7] + a[15]);
            return (b0 + b2) + (b1 + b3);
        }
        if (n == 8) {
            return sum8(a, 0);
        }
        float s = 0;
        for (float x : a) {
            s += x;
        }
        return s;
    }

    /** {@link #sum} of the 8 floats a[from .. from + 8): hsum_float_8's order. */
    public static float sum8(float[] a, int from) {
        float b0 = a[from] + a[from + 4], b1 = a[from + 1] + a[from + 5];
        float b2 = a[from + 2] + a[from + 6], b3 = a[from + 3] + a[from + 7];
        return (b0 + b2) + (b1 + b3);
    }
}
