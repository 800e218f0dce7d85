package io.cnnstream.engine.tensor;

import java.util.Arrays;

/**
 * An immutable list of dimensions, outermost first: {@code [N, C, H, W]} for a batch of images,
 * {@code [C, H, W]} for one sample, {@code [N, F]} for a batch of feature vectors.
 */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("every dimension must be positive, got " + Arrays.toString(dims));
            }
        }
        this.dims = dims;
    }

    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    /** This shape with a leading batch dimension {@code n}. */
    public Shape withBatch(int n) {
        int[] d = new int[dims.length + 1];
        d[0] = n;
        System.arraycopy(dims, 0, d, 1, dims.length);
        return new Shape(d);
    }

    /** This shape without its leading (batch) dimension. */
    public Shape withoutBatch() {
        if (dims.length < 2) {
            throw new IllegalStateException("shape " + this + " has no dimension after the batch");
        }
        return new Shape(Arrays.copyOfRange(dims, 1, dims.length));
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int i) {
        return dims[i];
    }

    public int[] toArray() {
        return dims.clone();
    }

    /** Number of elements. */
    public long size() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** Number of elements, for shapes that fit in a Java array. */
    public int intSize() {
        long n = size();
        if (n > Integer.MAX_VALUE) {
            throw new IllegalStateException("shape " + this + " has " + n + " elements, more than an array holds");
        }
        return (int) n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape other && Arrays.equals(dims, other.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code 3x224x224}, the way the model tables print shapes. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append('x');
            }
            sb.append(dims[i]);
        }
        return sb.toString();
    }
}
