package io.cnnstream.engine.kernel;

import io.cnnstream.engine.tensor.Shape;

/**
 * Hyperparameters of PyTorch's {@code ConvTranspose2d} (dilation 1): weight {@code [in, out/groups, kH, kW]},
 * output size {@code (in - 1) * stride - 2 * padding + kernel + outputPadding}. Seed 003's view: insert
 * {@code stride - 1} zeros between input pixels, pad by {@code kernel - 1 - padding}, convolve with the
 * flipped kernel.
 */
public record ConvTranspose2dSpec(int inChannels, int outChannels, int kernelH, int kernelW, int strideH, int strideW,
                                  int padH, int padW, int outputPadH, int outputPadW, int groups, boolean bias) {

    public ConvTranspose2dSpec {
        if (inChannels < 1 || outChannels < 1 || kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || groups < 1) {
            throw new IllegalArgumentException("ConvTranspose2d channels, kernel, stride and groups must be >= 1");
        }
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("ConvTranspose2d padding must be >= 0, got " + padH + "x" + padW);
        }
        if (outputPadH < 0 || outputPadW < 0 || outputPadH >= strideH || outputPadW >= strideW) {
            throw new IllegalArgumentException("output padding must be >= 0 and smaller than the stride, got "
                    + outputPadH + "x" + outputPadW + " for stride " + strideH + "x" + strideW);
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("groups=" + groups + " must divide inChannels=" + inChannels
                    + " and outChannels=" + outChannels);
        }
    }

    public static ConvTranspose2dSpec of(int in, int out, int kernel, int stride, int padding, int outputPadding) {
        return new ConvTranspose2dSpec(in, out, kernel, kernel, stride, stride, padding, padding, outputPadding, outputPadding, 1, true);
    }

    public Shape weightShape() {
        return Shape.of(inChannels, outChannels / groups, kernelH, kernelW);
    }

    public Shape outputShape(Shape input) {
        if (input.rank() != 3 || input.dim(0) != inChannels) {
            throw new IllegalArgumentException("transposed convolution expects " + inChannels + "xHxW input, got " + input);
        }
        int h = (input.dim(1) - 1) * strideH - 2 * padH + kernelH + outputPadH;
        int w = (input.dim(2) - 1) * strideW - 2 * padW + kernelW + outputPadW;
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException("transposed convolution of " + input + " would be empty (" + h + "x" + w + ")");
        }
        return Shape.of(outChannels, h, w);
    }

    public long macs(Shape input) {
        return input.size() * (long) (outChannels / groups) * kernelH * kernelW;
    }
}
