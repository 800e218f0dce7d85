package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/** A fixed per-channel {@code x * scale + shift} (no weights): GoogLeNet's {@code transform_input}. */
public final class ChannelAffine implements Layer {
    private final float[] scale;
    private final float[] shift;

    public ChannelAffine(float[] scale, float[] shift) {
        if (scale.length != shift.length || scale.length == 0) {
            throw new IllegalArgumentException("scale and shift need one value per channel, got " + scale.length
                    + " and " + shift.length);
        }
        this.scale = scale.clone();
        this.shift = shift.clone();
    }

    /** The same map followed by {@code + delta}. */
    public ChannelAffine shiftedBy(float delta) {
        float[] shifted = shift.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += delta;
        }
        return new ChannelAffine(scale, shifted);
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 3 || input.dim(0) != scale.length) {
            throw new IllegalArgumentException("ChannelAffine expects " + scale.length + "xHxW input, got " + input);
        }
        return input;
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels) {
        return kernels.channelAffine(input, scale, shift);
    }
}
