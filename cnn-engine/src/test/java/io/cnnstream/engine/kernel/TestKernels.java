package io.cnnstream.engine.kernel;

import io.cnnstream.engine.kernel.simd.VectorKernels;
import io.cnnstream.engine.parallel.WorkerPool;

import java.util.List;

/** Kernels on two-thread pools, shared by the tests (their threads are daemons: nothing to close). */
public final class TestKernels {
    /** The oracle. */
    public static final Kernels SCALAR = new ScalarKernels(new WorkerPool(2));
    /** The fast kernels (the tests run with {@code --add-modules jdk.incubator.vector}). */
    public static final Kernels VECTOR = new VectorKernels(new WorkerPool(2));
    /** Every implementation, for tests that hold each one to PyTorch. */
    public static final List<Kernels> ALL = List.of(SCALAR, VECTOR);

    private TestKernels() {
    }
}
