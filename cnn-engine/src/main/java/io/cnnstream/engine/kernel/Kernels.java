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

    Tensor relu(Tensor input);

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
