package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/** PyTorch's {@code AdaptiveAvgPool2d((outH, outW))}: any input size in, a fixed size out. */
public final class AdaptiveAvgPool2d implements Layer {
    private final int outH;
    private final int outW;

    public AdaptiveAvgPool2d(int outH, int outW) {
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("adaptive pool output must be >= 1x1, got " + outH + "x" + outW);
        }
        this.outH = outH;
        this.outW = outW;
    }

    public int outH() {
        return outH;
    }

    public int outW() {
        return outW;
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 3) {
            throw new IllegalArgumentException("adaptive pooling expects CxHxW input, got " + input);
        }
        return Shape.of(input.dim(0), outH, outW);
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels) {
        return kernels.adaptiveAvgPool2d(input, outH, outW);
    }
}
