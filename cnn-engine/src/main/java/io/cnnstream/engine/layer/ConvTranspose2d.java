package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.ConvTranspose2dSpec;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import java.util.List;

/** PyTorch's {@code ConvTranspose2d}: weight {@code [in, out/groups, kH, kW]}, optional bias {@code [out]}. */
public final class ConvTranspose2d implements Layer {
    private final ConvTranspose2dSpec spec;
    private final Parameter weight;
    private final Parameter bias;

    public ConvTranspose2d(ConvTranspose2dSpec spec) {
        this.spec = spec;
        // PyTorch initialises from weight.size(1) * kH * kW, the fan-in of the equivalent convolution
        int fanIn = spec.outChannels() / spec.groups() * spec.kernelH() * spec.kernelW();
        this.weight = new Parameter("weight", spec.weightShape(), Parameter.Kind.WEIGHT, fanIn);
        this.bias = spec.bias() ? new Parameter("bias", Shape.of(spec.outChannels()), Parameter.Kind.BIAS, fanIn) : null;
    }

    @Override
    public Shape outputShape(Shape input) {
        return spec.outputShape(input);
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels) {
        return kernels.convTranspose2d(input, weight.value(), bias == null ? null : bias.value(), spec);
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    @Override
    public long macs(Shape input) {
        return spec.macs(input);
    }
}
