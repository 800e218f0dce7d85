package io.cnnstream.engine.bench;

import io.cnnstream.engine.kernel.Activation;
import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.kernel.ConvTranspose2dSpec;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.kernel.LrnSpec;
import io.cnnstream.engine.kernel.Pool2dSpec;
import io.cnnstream.engine.layer.LayerPath;
import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Kernels that time every call of the kernels they wrap, in call order: one forward pass gives one
 * row per kernel call (a fused convolution + ReLU is one call), with the floating-point operations
 * of convolutions and fully connected layers ({@code 2 x multiply-accumulates}). Calls are timed on
 * the calling thread, around the whole parallel call.
 */
public final class ProfilingKernels implements Kernels {
    private final Kernels inner;
    private final List<Call> calls = new ArrayList<>();

    /**
     * One kernel call: the layer that made it (its qualified name, when the graph records names), what
     * it was, its output shape, how long it took and its FLOPs (0 if not counted).
     */
    public record Call(String layer, String op, String output, long nanos, long flops) {
    }

    public ProfilingKernels(Kernels inner) {
        this.inner = inner;
    }

    /** The calls recorded so far; {@link #reset} starts a new pass. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public void reset() {
        calls.clear();
    }

    private Tensor timed(String op, long flops, Supplier<Tensor> call) {
        long start = System.nanoTime();
        Tensor output = call.get();
        calls.add(new Call(LayerPath.current(), op, output.shape().toString(), System.nanoTime() - start, flops));
        return output;
    }

    private static String then(Activation activation) {
        return activation == null ? "" : "+" + activation.kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public WorkerPool pool() {
        return inner.pool();
    }

    @Override
    public Tensor conv2d(Tensor input, Tensor weight, Tensor bias, Conv2dSpec spec) {
        return conv2d(input, weight, bias, spec, null);
    }

    @Override
    public Tensor conv2d(Tensor input, Tensor weight, Tensor bias, Conv2dSpec s, Activation then) {
        String op = "conv " + s.kernelH() + "x" + s.kernelW() + "/" + s.strideH()
                + (s.groups() > 1 ? " g" + s.groups() : "") + then(then);
        long flops = 2 * s.macs(input.shape().withoutBatch()) * input.batch();
        return timed(op, flops, () -> inner.conv2d(input, weight, bias, s, then));
    }

    @Override
    public Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        return linear(input, weight, bias, null);
    }

    @Override
    public Tensor linear(Tensor input, Tensor weight, Tensor bias, Activation then) {
        long flops = 2L * input.shape().size() * weight.shape().dim(0);
        return timed("linear" + then(then), flops, () -> inner.linear(input, weight, bias, then));
    }

    @Override
    public Tensor maxPool2d(Tensor input, Pool2dSpec s) {
        return timed("maxpool " + s.kernelH() + "x" + s.kernelW() + "/" + s.strideH(), 0, () -> inner.maxPool2d(input, s));
    }

    @Override
    public Tensor avgPool2d(Tensor input, Pool2dSpec s) {
        return timed("avgpool " + s.kernelH() + "x" + s.kernelW() + "/" + s.strideH(), 0, () -> inner.avgPool2d(input, s));
    }

    @Override
    public Tensor adaptiveAvgPool2d(Tensor input, int outH, int outW) {
        return timed("adaptive avgpool", 0, () -> inner.adaptiveAvgPool2d(input, outH, outW));
    }

    @Override
    public Tensor localResponseNorm(Tensor input, LrnSpec spec) {
        return timed("lrn " + spec.size(), 0, () -> inner.localResponseNorm(input, spec));
    }

    @Override
    public Tensor activation(Tensor input, Activation activation) {
        return timed(activation.kind().name().toLowerCase(java.util.Locale.ROOT), 0, () -> inner.activation(input, activation));
    }

    @Override
    public Tensor channelAffine(Tensor input, float[] scale, float[] shift) {
        return timed("channel affine", 0, () -> inner.channelAffine(input, scale, shift));
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        return timed("add", 0, () -> inner.add(a, b));
    }

    @Override
    public Tensor concatChannels(List<Tensor> parts) {
        return timed("concat", 0, () -> inner.concatChannels(parts));
    }

    @Override
    public Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, ConvTranspose2dSpec spec) {
        return timed("conv transpose", 0, () -> inner.convTranspose2d(input, weight, bias, spec));
    }

    @Override
    public PooledWithIndices maxPool2dWithIndices(Tensor input, Pool2dSpec spec) {
        long start = System.nanoTime();
        PooledWithIndices pooled = inner.maxPool2dWithIndices(input, spec);
        calls.add(new Call(LayerPath.current(), "maxpool with indices", pooled.output().shape().toString(), System.nanoTime() - start, 0));
        return pooled;
    }

    @Override
    public Tensor maxUnpool2d(Tensor input, int[] indices, int outH, int outW) {
        return timed("max unpool", 0, () -> inner.maxUnpool2d(input, indices, outH, outW));
    }

    @Override
    public Tensor softmax(Tensor input) {
        return timed("softmax", 0, () -> inner.softmax(input));
    }

    @Override
    public Tensor rowDots(Tensor a, Tensor b) {
        return timed("rowDots", (long) a.shape().dim(0) * b.shape().dim(0) * a.shape().dim(1), () -> inner.rowDots(a, b));
    }
}
