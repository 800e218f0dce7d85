package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.tensor.Workspace;

/** One channel of each sample, kept as a channel: {@code x[:, k:k+1]} ({@code [C, H, W] -> [1, H, W]}). */
public final class ChannelSlice implements Layer {
    private final int channel;

    public ChannelSlice(int channel) {
        if (channel < 0) {
            throw new IllegalArgumentException("channel must be >= 0, got " + channel);
        }
        this.channel = channel;
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 3 || channel >= input.dim(0)) {
            throw new IllegalArgumentException("channel " + channel + " of " + input);
        }
        return Shape.of(1, input.dim(1), input.dim(2));
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels) {
        Shape in = input.shape();
        int n = in.dim(0), plane = in.dim(2) * in.dim(3), sample = in.dim(1) * plane;
        Tensor out = Workspace.uninitialized(Shape.of(n, 1, in.dim(2), in.dim(3)));
        for (int i = 0; i < n; i++) {
            System.arraycopy(input.data(), i * sample + channel * plane, out.data(), i * plane, plane);
        }
        return out;
    }
}
