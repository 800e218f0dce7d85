package io.cnnstream.engine.tensor;

import java.util.Arrays;

/**
 * A dense, contiguous, row-major float32 tensor. The data array is shared, not copied: layers write
 * their outputs into fresh tensors and never modify their inputs.
 */
public final class Tensor {
    private final Shape shape;
    private final float[] data;

    private Tensor(Shape shape, float[] data) {
        if (data.length != shape.size()) {
            throw new IllegalArgumentException(
                    "shape " + shape + " needs " + shape.size() + " values, got " + data.length);
        }
        this.shape = shape;
        this.data = data;
    }

    public static Tensor zeros(Shape shape) {
        return new Tensor(shape, new float[shape.intSize()]);
    }

    /** Wraps {@code data} (no copy). */
    public static Tensor of(Shape shape, float[] data) {
        return new Tensor(shape, data);
    }

    public Shape shape() {
        return shape;
    }

    /** The backing array, row-major. */
    public float[] data() {
        return data;
    }

    /** The same data seen with another shape of the same size. */
    public Tensor reshape(Shape newShape) {
        if (newShape.size() != shape.size()) {
            throw new IllegalArgumentException("cannot reshape " + shape + " to " + newShape);
        }
        return new Tensor(newShape, data);
    }

    /** Fails with a message naming {@code what} unless this tensor has exactly {@code expected} shape. */
    public Tensor requireShape(Shape expected, String what) {
        if (!shape.equals(expected)) {
            throw new IllegalArgumentException(what + " must have shape " + expected + ", got " + shape);
        }
        return this;
    }

    /** Fails unless this tensor is a batch ({@code [N, ...sample]}) of {@code sample}-shaped items. */
    public Tensor requireBatchOf(Shape sample, String what) {
        if (shape.rank() != sample.rank() + 1 || !shape.withoutBatch().equals(sample)) {
            throw new IllegalArgumentException(what + " must have shape Nx" + sample + ", got " + shape);
        }
        return this;
    }

    public int batch() {
        return shape.dim(0);
    }

    @Override
    public String toString() {
        int n = Math.min(data.length, 6);
        return "Tensor[" + shape + "] " + Arrays.toString(Arrays.copyOf(data, n)) + (data.length > n ? "..." : "");
    }
}
