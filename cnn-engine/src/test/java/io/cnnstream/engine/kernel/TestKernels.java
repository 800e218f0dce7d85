package io.cnnstream.engine.kernel;

import io.cnnstream.engine.parallel.WorkerPool;

/** The scalar oracle on a two-thread pool, shared by the tests (its threads are daemons: nothing to close). */
public final class TestKernels {
    public static final Kernels SCALAR = new ScalarKernels(new WorkerPool(2));

    private TestKernels() {
    }
}
