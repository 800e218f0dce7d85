package io.cnnstream.engine.kernel;

import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.tensor.Tensor;

/**
 * The operations every layer reduces to. Inputs are batches ({@code [N, C, H, W]} or {@code [N, F]});
 * each call returns a new tensor and leaves its inputs untouched. Implementations differ in speed
 * only: every one must agree with {@link ScalarKernels}, the oracle, within float rounding.
 */
public interface Kernels {
    /** System property choosing the implementation; see {@link #select}. */
    String PROPERTY = "cnnstream.kernels";

    String name();

    WorkerPool pool();

    /** {@code [N, inC, H, W]} with weight {@code [outC, inC/groups, kH, kW]} and bias {@code [outC]} (or null). */
    Tensor conv2d(Tensor input, Tensor weight, Tensor bias, Conv2dSpec spec);

    Tensor maxPool2d(Tensor input, Pool2dSpec spec);

    Tensor avgPool2d(Tensor input, Pool2dSpec spec);

    /** Average pooling to a fixed output size, windows {@code [floor(i*In/Out), ceil((i+1)*In/Out))}. */
    Tensor adaptiveAvgPool2d(Tensor input, int outH, int outW);

    Tensor localResponseNorm(Tensor input, LrnSpec spec);

    /** {@code [N, in]} times weight {@code [out, in]} transposed, plus bias {@code [out]} (or null). */
    Tensor linear(Tensor input, Tensor weight, Tensor bias);

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
     * The implementation named by {@value #PROPERTY} ({@code scalar} today; the default), logged once.
     */
    static Kernels select(WorkerPool pool) {
        String wanted = System.getProperty(PROPERTY, "scalar").trim();
        Kernels chosen;
        if (wanted.equals("scalar")) {
            chosen = new ScalarKernels(pool);
        } else {
            throw new IllegalArgumentException("unknown kernels '" + wanted + "' in system property " + PROPERTY
                    + "; known: scalar");
        }
        System.getLogger(Kernels.class.getName()).log(System.Logger.Level.INFO,
                "Using {0} kernels on {1}", chosen.name(), pool);
        return chosen;
    }
}
