package io.symoe.accelerators.tensor;

/**
 * A row-major view of {@code rows × cols} elements of a tensor starting at element {@code offset}: a whole 2-D
 * weight, or one expert's slice of a 3-D {@code *_exps} tensor (ggml dims [cols, rows, experts]).
 */
public record Matrix(FloatTensor tensor, long offset, int rows, int cols) {
    public Matrix {
        if (rows < 1 || cols < 1 || offset < 0 || offset + (long) rows * cols > tensor.size()) {
            throw new IllegalArgumentException("matrix " + rows + "x" + cols + " @" + offset + " outside tensor of " + tensor.size());
        }
    }

    /** Row {@code r} dotted with {@code x[xOffset, xOffset + cols)}. */
    public float dotRow(int r, float[] x, int xOffset) {
        return tensor.dot(offset + (long) r * cols, x, xOffset, cols);
    }

    /** Row {@code r} dotted with a quantised activation (see {@link FloatTensor#activationFormat()}). */
    public float dotRow(int r, QuantizedActivation x) {
        return tensor.dot(offset + (long) r * cols, x, cols);
    }

    /** Rows {@code [r, r + count)} dotted with a quantised activation into {@code out[r .. r + count)}. */
    public void dotRows(int r, int count, QuantizedActivation x, float[] out) {
        tensor.dotRows(offset + (long) r * cols, count, x, cols, out, r);
    }

    /** Bytes streamed to multiply this matrix once. */
    public long bytes() {
        return tensor.bytesFor((long) rows * cols);
    }

    /** Expert {@code e}'s slice when this view spans {@code experts} stacked matrices of {@code rows} rows. */
    public Matrix slice(int e, int experts) {
        int r = rows / experts;
        return new Matrix(tensor, offset + (long) e * r * cols, r, cols);
    }
}
