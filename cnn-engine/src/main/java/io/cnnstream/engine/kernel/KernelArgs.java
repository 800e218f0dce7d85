package io.cnnstream.engine.kernel;

import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/** The argument checks every {@link Kernels} implementation makes, one wording for all of them. */
public final class KernelArgs {
    private KernelArgs() {
    }

    /** Weight of exactly {@code weightShape}, bias (if any) of {@code [outChannels]}; {@code what} names the layer kind. */
    public static void requireWeights(Tensor weight, Shape weightShape, Tensor bias, int outChannels, String what) {
        weight.requireShape(weightShape, what + " weight");
        if (bias != null) {
            bias.requireShape(Shape.of(outChannels), what + " bias");
        }
    }

    /** {@code [N, in]} input, {@code [out, in]} weight, {@code [out]} bias (or null); returns {@code out}. */
    public static int requireLinear(Tensor input, Tensor weight, Tensor bias) {
        Shape in = input.shape();
        if (in.rank() != 2 || weight.shape().rank() != 2 || weight.shape().dim(1) != in.dim(1)) {
            throw new IllegalArgumentException("linear weight " + weight.shape() + " does not fit input " + in);
        }
        int outputs = weight.shape().dim(0);
        if (bias != null) {
            bias.requireShape(Shape.of(outputs), "linear bias");
        }
        return outputs;
    }

    /** One scale and one shift per channel of {@code [N, C, H, W]}. */
    public static void requirePerChannel(Tensor input, float[] scale, float[] shift) {
        int c = input.shape().dim(1);
        if (scale.length != c || shift.length != c) {
            throw new IllegalArgumentException("per-channel scale and shift need " + c + " values, got "
                    + scale.length + " and " + shift.length);
        }
    }

    /** The first output index o with {@code o * stride - offset >= 0}. */
    public static int firstInside(int offset, int stride) {
        return offset <= 0 ? 0 : (offset + stride - 1) / stride;
    }

    /** One past the last output index o (below {@code outSize}) with {@code o * stride - offset < size}. */
    public static int endInside(int size, int offset, int stride, int outSize) {
        int limit = size - 1 + offset; // o * stride <= limit
        return limit < 0 ? 0 : Math.min(outSize, limit / stride + 1);
    }

    /** Two matrices of one row length, for {@link Kernels#rowDots}; returns that length. */
    public static int requireRowDots(Tensor a, Tensor b) {
        if (a.shape().rank() != 2 || b.shape().rank() != 2 || a.shape().dim(1) != b.shape().dim(1)) {
            throw new IllegalArgumentException("row dots need [M, K] and [N, K], got " + a.shape() + " and " + b.shape());
        }
        return a.shape().dim(1);
    }
}
