package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import java.util.List;

/** PyTorch's {@code Conv2d}: weight {@code [out, in/groups, kH, kW]}, optional bias {@code [out]}. */
public final class Conv2d implements Layer {
    private final Conv2dSpec spec;
    private final Parameter weight;
    private final Parameter bias;

    public Conv2d(Conv2dSpec spec) {
        this.spec = spec;
        int fanIn = spec.inChannels() / spec.groups() * spec.kernelH() * spec.kernelW();
        this.weight = new Parameter("weight", spec.weightShape(), Parameter.Kind.WEIGHT, fanIn);
        this.bias = spec.bias() ? new Parameter("bias", Shape.of(spec.outChannels()), Parameter.Kind.BIAS, fanIn) : null;
    }

    /** {@code Conv2d(in, out, kernel_size=k, stride=s, padding=p)}. */
    public Conv2d(int in, int out, int kernel, int stride, int padding) {
        this(Conv2dSpec.of(in, out, kernel, stride, padding));
    }

    public Conv2dSpec spec() {
        return spec;
    }

    @Override
    public Shape outputShape(Shape input) {
        return spec.outputShape(input);
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels) {
        return kernels.conv2d(input, weight.value(), bias == null ? null : bias.value(), spec);
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
