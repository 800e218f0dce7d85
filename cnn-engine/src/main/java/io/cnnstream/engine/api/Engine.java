package io.cnnstream.engine.api;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.weights.BoundModel;

import java.nio.file.Path;

/**
 * The engine's one worker pool and the kernels chosen for it, created once per process.
 * Classifiers opened from it share both.
 */
public final class Engine implements AutoCloseable {
    private final WorkerPool pool;
    private final Kernels kernels;

    private Engine(WorkerPool pool, Kernels kernels) {
        this.pool = pool;
        this.kernels = kernels;
    }

    private Engine(WorkerPool pool) {
        this(pool, Kernels.select(pool));
    }

    /** An engine with {@code threads} workers and the kernels called {@code kernels} ({@code vector}, {@code scalar}). */
    public static Engine start(int threads, String kernels) {
        WorkerPool pool = new WorkerPool(threads);
        try {
            return new Engine(pool, Kernels.create(kernels, pool));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** An engine with {@code threads} workers (the calling thread counts as one). */
    public static Engine start(int threads) {
        return new Engine(new WorkerPool(threads));
    }

    /** An engine sized by {@code -Dcnnstream.threads}, or one worker per core. */
    public static Engine startDefault() {
        return new Engine(WorkerPool.fromSystemProperties());
    }

    /**
     * Whether the engine runs its scalar kernels only because the JVM lacks the Vector API module
     * ({@code --add-modules jdk.incubator.vector}), not because {@code -Dcnnstream.kernels=scalar}
     * asked for them: about 40 times slower, which a service must say loudly.
     */
    public boolean kernelsFellBack() {
        return kernels.name().equals("scalar") && !Kernels.vectorApiPresent()
                && !"scalar".equals(System.getProperty("cnnstream.kernels"));
    }

    /** The kernels' name ({@code vector} or {@code scalar}), for logs and metrics. */
    public String kernelsName() {
        return kernels.name();
    }

    public int threads() {
        return pool.threads();
    }

    /** Worker threads busy in a parallel loop right now. */
    public int busyWorkers() {
        return pool.busyThreads();
    }

    /**
     * Creates the model, binds its weights (validated whole first) or the seeded He initialisation
     * when none are given (an untrained model), and its labels (checked against its outputs).
     */
    public Classifier open(ClassifierSpec spec) {
        BoundModel bound = BoundModel.load(spec.model(), spec.weights());
        Labels labels = Labels.forModel(spec.model(), bound.model().classes(), spec.labels());
        return new Classifier(bound, kernels, labels, spec.images());
    }

    /** {@link #open(ClassifierSpec)} with default labels and image options. */
    public Classifier open(String model, Path weights) {
        return open(ClassifierSpec.of(model).withWeights(weights));
    }

    @Override
    public void close() {
        pool.close();
    }
}
