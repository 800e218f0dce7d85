package io.cnnstream.engine.kernel;

import io.cnnstream.engine.tensor.Shape;

/**
 * Hyperparameters of max and average pooling with PyTorch's semantics: padding at most half the
 * kernel, {@code ceilMode} rounding the output size up unless the last window would start in the
 * right padding, and {@code countIncludePad} (average pooling only) dividing by the window size
 * clipped to the padded input rather than to the real input.
 */
public record Pool2dSpec(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
                         boolean ceilMode, boolean countIncludePad) {

    public Pool2dSpec {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("pool kernel and stride must be >= 1, got kernel "
                    + kernelH + "x" + kernelW + " stride " + strideH + "x" + strideW);
        }
        if (padH < 0 || padW < 0 || padH > kernelH / 2 || padW > kernelW / 2) {
            throw new IllegalArgumentException("pool padding must be between 0 and half the kernel, got padding "
                    + padH + "x" + padW + " for kernel " + kernelH + "x" + kernelW);
        }
    }

    /** {@code MaxPool2d(kernel, stride)} / {@code AvgPool2d(kernel, stride)}: no padding, floor mode. */
    public static Pool2dSpec of(int kernel, int stride) {
        return new Pool2dSpec(kernel, kernel, stride, stride, 0, 0, false, true);
    }

    public static Pool2dSpec of(int kernel, int stride, int padding, boolean ceilMode) {
        return new Pool2dSpec(kernel, kernel, stride, stride, padding, padding, ceilMode, true);
    }

    public Pool2dSpec withCountIncludePad(boolean include) {
        return new Pool2dSpec(kernelH, kernelW, strideH, strideW, padH, padW, ceilMode, include);
    }

    /** {@code [C, outH, outW]} for a {@code [C, H, W]} input. */
    public Shape outputShape(Shape input) {
        if (input.rank() != 3) {
            throw new IllegalArgumentException("pooling expects CxHxW input, got " + input);
        }
        return Shape.of(input.dim(0),
                outputSize("height", input.dim(1), kernelH, strideH, padH, ceilMode),
                outputSize("width", input.dim(2), kernelW, strideW, padW, ceilMode));
    }

    /** PyTorch's {@code pooling_output_shape} with dilation 1. */
    public static int outputSize(String axis, int in, int kernel, int stride, int pad, boolean ceilMode) {
        int span = in + 2 * pad - kernel;
        if (span < 0) {
            throw new IllegalArgumentException("input " + axis + " " + in + " (padded by " + pad
                    + ") is smaller than the pool kernel " + kernel);
        }
        int out = (ceilMode ? span + stride - 1 : span) / stride + 1;
        if (ceilMode && (out - 1) * stride >= in + pad) {
            out--; // the last window would start entirely in the right padding
        }
        return out;
    }
}
