package io.cnnstream.engine.kernel.simd;

import io.cnnstream.engine.kernel.Activation;
import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.kernel.ConvTranspose2dSpec;
import io.cnnstream.engine.kernel.KernelArgs;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.kernel.LrnSpec;
import io.cnnstream.engine.kernel.Pool2dSpec;
import io.cnnstream.engine.kernel.ScalarKernels;
import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.tensor.Workspace;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Kernels on the Vector API ({@code jdk.incubator.vector}; vectors as wide as {@link VectorWidth} chooses): convolutions on
 * one register-blocked micro-kernel with bias and ReLU fused (3x3 stride 1 by Winograd, others
 * straight from a padded input window, pointwise and very large ones as packed matrix products), fully connected layers as
 * batched matrix products, and vector loops for pooling (adaptive pooling too, where its windows
 * are even), LRN, softmax and element-wise work. Operations that are rare or cheap in the supported
 * models (transposed convolution, unpooling, uneven adaptive pooling, concatenation) are the scalar oracle's.
 *
 * <p>Packed filters and fully connected weights are cached per weight array: weights are never
 * modified after loading, and a weight array that is no longer reachable drops its packed copy with
 * it. The packed copy is a second copy of the weights in memory (AlexNet: 244 MB more, nearly all
 * of it the fully connected layers').
 */
public final class VectorKernels implements Kernels {
    private final WorkerPool pool;
    private final ScalarKernels scalar;
    /** System property: {@code false} turns Winograd's 3x3 convolutions off (for comparisons). */
    public static final String WINOGRAD_PROPERTY = "cnnstream.winograd";
    private static final boolean WINOGRAD = !"false".equals(System.getProperty(WINOGRAD_PROPERTY));

    private final Map<float[], PackedFilters> packed = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<float[], FilterColumns> columns = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<float[], WinogradFilters[]> winograd = Collections.synchronizedMap(new WeakHashMap<>());

    public VectorKernels(WorkerPool pool) {
        VectorWidth.species(System.getProperty(VectorWidth.PROPERTY)); // a bad setting fails here, by name
        this.pool = pool;
        this.scalar = new ScalarKernels(pool);
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public String description() {
        return "vector (" + MicroKernel.SPECIES.vectorBitSize() + "-bit)";
    }

    @Override
    public WorkerPool pool() {
        return pool;
    }

    /** The one vector species of every kernel here ({@link VectorWidth}), for code that must match it. */
    public static jdk.incubator.vector.VectorSpecies<Float> species() {
        return MicroKernel.SPECIES;
    }

    @Override
    public Tensor conv2d(Tensor input, Tensor weight, Tensor bias, Conv2dSpec spec) {
        return conv2d(input, weight, bias, spec, null);
    }

    @Override
    public Tensor conv2d(Tensor input, Tensor weight, Tensor bias, Conv2dSpec spec, Activation then) {
        Shape in = input.shape();
        Shape sample = spec.outputShape(in.withoutBatch());
        KernelArgs.requireWeights(weight, spec.weightShape(), bias, spec.outChannels(), "convolution");
        Tensor output = Workspace.uninitialized(sample.withBatch(in.dim(0)));
        boolean relu = then != null && then.kind() == Activation.Kind.RELU;
        float[] x = input.data(), y = output.data(), b = bias == null ? null : bias.data();
        int n = in.dim(0), h = in.dim(2), w = in.dim(3), oh = sample.dim(1), ow = sample.dim(2);
        if (WINOGRAD && WinogradConvolution.applies(spec)) {
            WinogradFilters[] u = cached(winograd, weight.data(), f -> f.length == spec.groups(), () ->
                    WinogradFilters.transform(weight.data(), spec.outChannels(), spec.inChannels() / spec.groups(),
                            spec.groups()));
            WinogradConvolution.run(pool, x, n, h, w, u, b, spec, oh, ow, y, relu);
        } else if (DirectConvolution.applies(spec, w, oh, ow)) {
            int width = DirectConvolution.width(spec);
            FilterColumns filters = cached(columns, weight.data(), f -> f.groups() == spec.groups() && f.width() == width,
                    () -> FilterColumns.pack(weight.data(), spec, width));
            DirectConvolution.run(pool, x, n, h, w, filters, b, spec, oh, ow, y, relu);
        } else {
            PackedFilters filters = cached(packed, weight.data(), f -> f.groups() == spec.groups(),
                    () -> PackedFilters.pack(weight.data(), spec));
            ConvolutionGemm.run(pool, x, n, h, w, filters, b, spec, oh, ow, y, relu);
        }
        return then == null || relu ? output : activation(output, then);
    }

    /** The weights' packed form from {@code cache}, packed (again) when absent or packed for other groups. */
    private static <T> T cached(Map<float[], T> cache, float[] weight, Predicate<T> fits, Supplier<T> pack) {
        T value = cache.get(weight);
        if (value == null || !fits.test(value)) {
            value = pack.get();
            cache.put(weight, value);
        }
        return value;
    }

    @Override
    public Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        return linear(input, weight, bias, null);
    }

    @Override
    public Tensor linear(Tensor input, Tensor weight, Tensor bias, Activation then) {
        Shape in = input.shape();
        int outputs = KernelArgs.requireLinear(input, weight, bias);
        Tensor output = Workspace.uninitialized(Shape.of(in.dim(0), outputs));
        boolean relu = then != null && then.kind() == Activation.Kind.RELU;
        int features = in.dim(1);
        FilterColumns w = cached(columns, weight.data(),
                f -> f.groups() == 1 && f.depth() == features && f.width() == MicroKernel.NR,
                () -> FilterColumns.ofMatrix(weight.data(), outputs, features));
        DenseProduct.run(pool, input.data(), in.dim(0), features, w, bias == null ? null : bias.data(),
                output.data(), relu);
        return then == null || relu ? output : activation(output, then);
    }

    @Override
    public Tensor maxPool2d(Tensor input, Pool2dSpec spec) {
        return pool2d(input, spec, true);
    }

    @Override
    public Tensor avgPool2d(Tensor input, Pool2dSpec spec) {
        return pool2d(input, spec, false);
    }

    private Tensor pool2d(Tensor input, Pool2dSpec spec, boolean max) {
        Shape in = input.shape();
        Shape sample = spec.outputShape(in.withoutBatch());
        Tensor output = Workspace.uninitialized(sample.withBatch(in.dim(0)));
        WindowOps.pool(pool, input.data(), in.dim(0) * in.dim(1), in.dim(2), in.dim(3), spec,
                sample.dim(1), sample.dim(2), output.data(), max);
        return output;
    }

    @Override
    public Tensor adaptiveAvgPool2d(Tensor input, int outH, int outW) {
        Shape in = input.shape();
        int h = in.dim(2), w = in.dim(3);
        if (h == outH && w == outW) { // every window is one value (AlexNet's 6x6, VGG's 7x7)
            Tensor output = Workspace.uninitialized(in);
            System.arraycopy(input.data(), 0, output.data(), 0, in.intSize());
            return output;
        }
        if (h % outH == 0 && w % outW == 0) { // windows [i k, (i + 1) k): a plain average pool (ResNet's 7x7 to 1x1)
            return avgPool2d(input, new Pool2dSpec(h / outH, w / outW, h / outH, w / outW, 0, 0, false, true));
        }
        return scalar.adaptiveAvgPool2d(input, outH, outW);
    }

    @Override
    public Tensor localResponseNorm(Tensor input, LrnSpec spec) {
        Shape in = input.shape();
        Tensor output = Workspace.uninitialized(in);
        WindowOps.localResponseNorm(pool, input.data(), in.dim(0), in.dim(1), in.dim(2) * in.dim(3), spec,
                output.data());
        return output;
    }

    @Override
    public Tensor activation(Tensor input, Activation activation) {
        if (activation.kind() != Activation.Kind.RELU) {
            return scalar.activation(input, activation);
        }
        Tensor output = Workspace.uninitialized(input.shape());
        ElementwiseOps.relu(pool, input.data(), output.data());
        return output;
    }

    @Override
    public Tensor channelAffine(Tensor input, float[] scale, float[] shift) {
        Shape in = input.shape();
        int c = in.dim(1);
        KernelArgs.requirePerChannel(input, scale, shift);
        Tensor output = Workspace.uninitialized(in);
        ElementwiseOps.channelAffine(pool, input.data(), in.dim(0) * c, c, in.dim(2) * in.dim(3), scale, shift,
                output.data());
        return output;
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        b.requireShape(a.shape(), "second operand of add");
        Tensor output = Workspace.uninitialized(a.shape());
        ElementwiseOps.add(pool, a.data(), b.data(), output.data());
        return output;
    }

    @Override
    public Tensor concatChannels(List<Tensor> parts) {
        return scalar.concatChannels(parts);
    }

    @Override
    public Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, ConvTranspose2dSpec spec) {
        return scalar.convTranspose2d(input, weight, bias, spec);
    }

    @Override
    public PooledWithIndices maxPool2dWithIndices(Tensor input, Pool2dSpec spec) {
        return scalar.maxPool2dWithIndices(input, spec);
    }

    @Override
    public Tensor maxUnpool2d(Tensor input, int[] indices, int outH, int outW) {
        return scalar.maxUnpool2d(input, indices, outH, outW);
    }

    @Override
    public Tensor rowDots(Tensor a, Tensor b) {
        int m = a.shape().dim(0), n = b.shape().dim(0), k = KernelArgs.requireRowDots(a, b);
        Tensor output = Workspace.uninitialized(Shape.of(m, n));
        RowDots.run(a.data(), m, b.data(), n, k, output.data());
        return output;
    }

    @Override
    public Tensor softmax(Tensor input) {
        Shape in = input.shape();
        if (in.rank() != 2) {
            throw new IllegalArgumentException("softmax expects NxK input, got " + in);
        }
        Tensor output = Workspace.uninitialized(in);
        ElementwiseOps.softmax(input.data(), in.dim(0), in.dim(1), output.data());
        return output;
    }
}
