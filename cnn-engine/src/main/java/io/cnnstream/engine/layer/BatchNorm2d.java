package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.BatchNormSpec;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import java.util.List;

/**
 * PyTorch's {@code BatchNorm2d} in eval mode: {@code weight}, {@code bias} and the buffers
 * {@code running_mean}, {@code running_var}. After {@link Conv2d#foldBatchNorm} it is folded into the
 * preceding convolution and passes its input through.
 */
public final class BatchNorm2d implements Layer {
    private final BatchNormSpec spec;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private volatile boolean folded;

    public BatchNorm2d(int channels, double eps) {
        this.spec = new BatchNormSpec(channels, eps);
        Shape shape = Shape.of(channels);
        this.weight = new Parameter("weight", shape, Parameter.Kind.NORM_WEIGHT, 1);
        this.bias = new Parameter("bias", shape, Parameter.Kind.NORM_BIAS, 1);
        this.runningMean = new Parameter("running_mean", shape, Parameter.Kind.RUNNING_MEAN, 1);
        this.runningVar = new Parameter("running_var", shape, Parameter.Kind.RUNNING_VAR, 1);
    }

    /** {@code BatchNorm2d(channels)} with PyTorch's default eps 1e-5. */
    public BatchNorm2d(int channels) {
        this(channels, 1e-5);
    }

    public BatchNormSpec spec() {
        return spec;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public Parameter runningMean() {
        return runningMean;
    }

    public Parameter runningVar() {
        return runningVar;
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 3 || input.dim(0) != spec.channels()) {
            throw new IllegalArgumentException("BatchNorm2d expects " + spec.channels() + "xHxW input, got " + input);
        }
        return input;
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels) {
        if (folded) {
            return input;
        }
        float[][] scaleShift = scaleAndShift();
        return kernels.channelAffine(input, scaleShift[0], scaleShift[1]);
    }

    /** {@code scale = weight / sqrt(var + eps)}, {@code shift = bias - mean * scale}, per channel. */
    float[][] scaleAndShift() {
        int c = spec.channels();
        float[] w = weight.value().data(), b = bias.value().data(), mean = runningMean.value().data(), var = runningVar.value().data();
        float[] scale = new float[c], shift = new float[c];
        for (int i = 0; i < c; i++) {
            double s = w[i] / Math.sqrt(var[i] + spec.eps());
            scale[i] = (float) s;
            shift[i] = (float) (b[i] - mean[i] * s);
        }
        return new float[][] {scale, shift};
    }

    void markFolded() {
        folded = true;
    }

    public boolean isFolded() {
        return folded;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias, runningMean, runningVar);
    }
}
