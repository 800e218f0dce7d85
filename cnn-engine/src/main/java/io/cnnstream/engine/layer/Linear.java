package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.Activation;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import java.util.List;

/** PyTorch's {@code Linear}: {@code y = x W^T + b}, weight {@code [out, in]}, bias {@code [out]}. */
public final class Linear implements FusesActivation {
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    public Linear(int inFeatures, int outFeatures) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("Linear features must be >= 1, got in=" + inFeatures + " out=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = new Parameter("weight", Shape.of(outFeatures, inFeatures), Parameter.Kind.WEIGHT, inFeatures);
        this.bias = new Parameter("bias", Shape.of(outFeatures), Parameter.Kind.BIAS, inFeatures);
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 1 || input.dim(0) != inFeatures) {
            throw new IllegalArgumentException("Linear expects " + inFeatures + " input features, got " + input);
        }
        return Shape.of(outFeatures);
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels) {
        return forward(input, kernels, null);
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels, Activation then) {
        input.requireBatchOf(Shape.of(inFeatures), "Linear input");
        return kernels.linear(input, weight.value(), bias.value(), then);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public long macs(Shape input) {
        return (long) inFeatures * outFeatures;
    }
}
