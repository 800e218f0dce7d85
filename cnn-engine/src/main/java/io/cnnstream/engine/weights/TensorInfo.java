package io.cnnstream.engine.weights;

/** One tensor of a {@link TensorFile}: its name, element type and shape. */
public record TensorInfo(String name, DType dtype, int[] shape) {
    public long elements() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
