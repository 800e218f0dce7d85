package io.cnnstream.engine.kernel;

import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.tensor.Tensor;

/**
 * The operations every layer reduces to. Inputs are batches ({@code [N, C, H, W]} or {@code [N, F]});
 * each call returns a tensor of its own (taken from the current {@link io.cnnstream.engine.tensor.Workspace},
 * if any) and leaves its inputs untouched. Implementations differ in speed
 * only: every one must agree with {@link ScalarKernels}, the oracle, within float rounding.
 */
public interface Kernels {
    /** System property choosing the implementation; see {@link #select}. */
    String PROPERTY = "cnnstream.kernels";

    String name();

    /** The name and what else sets this implementation's speed (the vector width), for logs and reports. */
    default String description() {
        return name();
    }

    WorkerPool pool();

    /** {@code [N, inC, H, W]} with weight {@code [outC, inC/groups, kH, kW]} and bias {@code [outC]} (or null). */
    Tensor conv2d(Tensor input, Tensor weight, Tensor bias, Conv2dSpec spec);

    /** A convolution followed by {@code then} (null: none); implementations may fuse the two. */
    default Tensor conv2d(Tensor input, Tensor weight, Tensor bias, Conv2dSpec spec, Activation then) {
        Tensor output = conv2d(input, weight, bias, spec);
        return then == null ? output : activation(output, then);
    }

    Tensor maxPool2d(Tensor input, Pool2dSpec spec);

    Tensor avgPool2d(Tensor input, Pool2dSpec spec);

    /** Average pooling to a fixed output size, windows {@code [floor(i*In/Out), ceil((i+1)*In/Out))}. */
    Tensor adaptiveAvgPool2d(Tensor input, int outH, int outW);

    Tensor localResponseNorm(Tensor input, LrnSpec spec);

    /** {@code [N, in]} times weight {@code [out, in]} transposed, plus bias {@code [out]} (or null). */
    Tensor linear(Tensor input, Tensor weight, Tensor bias);

    /** A fully connected layer followed by {@code then} (null: none); implementations may fuse the two. */
    default Tensor linear(Tensor input, Tensor weight, Tensor bias, Activation then) {
        Tensor output = linear(input, weight, bias);
        return then == null ? output : activation(output, then);
    }

    /** An element-wise activation (ReLU, Tanh, Sigmoid, LeakyReLU, ELU). */
    Tensor activation(Tensor input, Activation activation);

    default Tensor relu(Tensor input) {
        return activation(input, Activation.relu());
    }

    /** {@code y = x * scale[c] + shift[c]} per channel of {@code [N, C, H, W]}: inference batch norm, input transforms. */
    Tensor channelAffine(Tensor input, float[] scale, float[] shift);

    /** Element-wise sum of two tensors of one shape (residual connections). */
    Tensor add(Tensor a, Tensor b);

    /** {@code [N, C1, H, W] ... [N, Ck, H, W] -> [N, C1 + ... + Ck, H, W]} (Inception's branches). */
    Tensor concatChannels(java.util.List<Tensor> parts);

    /** {@code [N, in, H, W]} with weight {@code [in, out/groups, kH, kW]} and bias {@code [out]} (or null). */
    Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, ConvTranspose2dSpec spec);

    /** Max pooling that also returns, per output, the flat index ({@code y * W + x}) of the maximum in its input plane. */
    PooledWithIndices maxPool2dWithIndices(Tensor input, Pool2dSpec spec);

    /** Places each value at its pooling index in a zero {@code [N, C, outH, outW]} tensor (PyTorch's MaxUnpool2d). */
    Tensor maxUnpool2d(Tensor input, int[] indices, int outH, int outW);

    /** A max-pooled tensor with the input-plane index of every maximum, for {@link #maxUnpool2d}. */
    record PooledWithIndices(Tensor output, int[] indices) {
    }

    /** Softmax over the last dimension of {@code [N, K]}. */
    Tensor softmax(Tensor input);

    /**
     * {@code a [M, K]} times {@code b [N, K]} transposed, {@code [M, N]}: dot products of long rows,
     * the shape of a weight gradient summed over a batch's positions (K in the thousands, M and N small).
     * Runs on the calling thread: training calls it from its shards, already one per worker.
     */
    Tensor rowDots(Tensor a, Tensor b);

    /**
     * The implementation named by {@value #PROPERTY}: {@code vector} (the Vector API kernels),
     * {@code scalar} (the oracle), or {@code auto} (the default: vector when the JVM was started with
     * {@code --add-modules jdk.incubator.vector}, scalar otherwise). The choice is logged once.
     */
    static Kernels select(WorkerPool pool) {
        String wanted = System.getProperty(PROPERTY, "auto").trim();
        boolean vectorApi = vectorApiPresent();
        Kernels chosen = create(wanted.equals("auto") ? (vectorApi ? "vector" : "scalar") : wanted, pool);
        System.getLogger(Kernels.class.getName()).log(System.Logger.Level.INFO, "Using {0} kernels on {1}{2}",
                chosen.description(), pool, vectorApi ? "" : " (Vector API absent: add --add-modules jdk.incubator.vector)");
        return chosen;
    }

    /** The implementation called {@code name} ({@code vector} or {@code scalar}) on {@code pool}. */
    static Kernels create(String name, WorkerPool pool) {
        return switch (name) {
            case "scalar" -> new ScalarKernels(pool);
            case "vector" -> {
                if (!vectorApiPresent()) {
                    throw new IllegalStateException("the vector kernels need the Vector API: "
                            + "start the JVM with --add-modules jdk.incubator.vector");
                }
                TrapLimitCheck.warnOnce();
                yield vectorKernels(pool);
            }
            default -> throw new IllegalArgumentException("unknown kernels '" + name + "' (system property "
                    + PROPERTY + "); known: auto, vector, scalar");
        };
    }

    /** Whether the boot layer holds {@code jdk.incubator.vector}, which only {@code --add-modules} puts there. */
    static boolean vectorApiPresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    private static Kernels vectorKernels(WorkerPool pool) {
        // loaded by name: the class links against jdk.incubator.vector, which may be absent
        try {
            return (Kernels) Class.forName("io.cnnstream.engine.kernel.simd.VectorKernels")
                    .getConstructor(WorkerPool.class).newInstance(pool);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start the Vector API kernels", e);
        }
    }
}
