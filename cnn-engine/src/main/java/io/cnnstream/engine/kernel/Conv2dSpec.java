package io.cnnstream.engine.kernel;

import io.cnnstream.engine.tensor.Shape;

/**
 * Hyperparameters of a 2-D convolution, as PyTorch's {@code Conv2d} takes them (dilation 1).
 * Weight layout is {@code [outChannels, inChannels / groups, kernelH, kernelW]}.
 */
public record Conv2dSpec(int inChannels, int outChannels, int kernelH, int kernelW,
                         int strideH, int strideW, int padH, int padW, int groups, boolean bias) {

    public Conv2dSpec {
        positive("inChannels", inChannels);
        positive("outChannels", outChannels);
        positive("kernelH", kernelH);
        positive("kernelW", kernelW);
        positive("strideH", strideH);
        positive("strideW", strideW);
        positive("groups", groups);
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got " + padH + "x" + padW);
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("groups=" + groups + " must divide inChannels=" + inChannels
                    + " and outChannels=" + outChannels);
        }
    }

    /** Square kernel, stride and padding, one group, with bias: {@code Conv2d(in, out, k, s, p)}. */
    public static Conv2dSpec of(int in, int out, int kernel, int stride, int padding) {
        return new Conv2dSpec(in, out, kernel, kernel, stride, stride, padding, padding, 1, true);
    }

    public Conv2dSpec withGroups(int g) {
        return new Conv2dSpec(inChannels, outChannels, kernelH, kernelW, strideH, strideW, padH, padW, g, bias);
    }

    public Conv2dSpec withoutBias() {
        return new Conv2dSpec(inChannels, outChannels, kernelH, kernelW, strideH, strideW, padH, padW, groups, false);
    }

    public Shape weightShape() {
        return Shape.of(outChannels, inChannels / groups, kernelH, kernelW);
    }

    /** {@code [outChannels, outH, outW]} for a {@code [inChannels, H, W]} input. */
    public Shape outputShape(Shape input) {
        if (input.rank() != 3 || input.dim(0) != inChannels) {
            throw new IllegalArgumentException("convolution expects " + inChannels + "xHxW input, got " + input);
        }
        return Shape.of(outChannels,
                outputSize("height", input.dim(1), kernelH, strideH, padH),
                outputSize("width", input.dim(2), kernelW, strideW, padW));
    }

    /** Multiply-accumulates per sample. */
    public long macs(Shape input) {
        Shape out = outputShape(input);
        return out.size() * (long) (inChannels / groups) * kernelH * kernelW;
    }

    /** {@code floor((in + 2 pad - kernel) / stride) + 1}, the seeds' formula. */
    public static int outputSize(String axis, int in, int kernel, int stride, int pad) {
        int span = in + 2 * pad - kernel;
        if (span < 0) {
            throw new IllegalArgumentException("input " + axis + " " + in + " (padded by " + pad
                    + ") is smaller than the kernel " + kernel);
        }
        return span / stride + 1;
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }
}
