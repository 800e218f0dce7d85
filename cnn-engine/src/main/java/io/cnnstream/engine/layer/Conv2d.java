package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.Activation;
import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import java.util.List;

/** PyTorch's {@code Conv2d}: weight {@code [out, in/groups, kH, kW]}, optional bias {@code [out]}. */
public final class Conv2d implements FusesActivation {
    private final Conv2dSpec spec;
    private final Parameter weight;
    private final Parameter bias;
    private volatile Tensor[] folded; // {weight, bias} with a following batch norm folded in, once prepared

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

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when the convolution has none. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Shape outputShape(Shape input) {
        return spec.outputShape(input);
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels) {
        return forward(input, kernels, null);
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels, Activation then) {
        Tensor[] f = folded;
        if (f != null) {
            return kernels.conv2d(input, f[0], f[1], spec, then);
        }
        return kernels.conv2d(input, weight.value(), bias == null ? null : bias.value(), spec, then);
    }

    /**
     * Folds the batch norm that follows this convolution into its weights
     * ({@code W' = W * scale[oc]}, {@code b' = b * scale[oc] + shift[oc]}) and turns the batch norm into a
     * pass-through. The bound parameters are left as they are: the state dict does not change.
     */
    public void foldBatchNorm(BatchNorm2d norm) {
        if (norm.spec().channels() != spec.outChannels()) {
            throw new IllegalArgumentException("cannot fold a batch norm of " + norm.spec().channels()
                    + " channels into a convolution with " + spec.outChannels() + " outputs");
        }
        float[][] scaleShift = norm.scaleAndShift();
        float[] w = weight.value().data().clone(), b = new float[spec.outChannels()];
        int perOutput = w.length / spec.outChannels();
        for (int oc = 0; oc < spec.outChannels(); oc++) {
            for (int i = 0; i < perOutput; i++) {
                w[oc * perOutput + i] *= scaleShift[0][oc];
            }
            float original = bias == null ? 0f : bias.value().data()[oc];
            b[oc] = original * scaleShift[0][oc] + scaleShift[1][oc];
        }
        folded = new Tensor[] {Tensor.of(spec.weightShape(), w), Tensor.of(Shape.of(spec.outChannels()), b)};
        norm.markFolded();
    }

    /** The weight this convolution runs with: its own, or with a batch norm folded in. */
    public Tensor inferenceWeight() {
        Tensor[] f = folded;
        return f != null ? f[0] : weight.value();
    }

    /** The bias it runs with, or null when it has none. */
    public Tensor inferenceBias() {
        Tensor[] f = folded;
        return f != null ? f[1] : bias == null ? null : bias.value();
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
