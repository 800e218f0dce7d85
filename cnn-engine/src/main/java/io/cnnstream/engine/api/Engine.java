package io.cnnstream.engine.api;

import io.cnnstream.engine.graph.BatchNormFolding;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.model.ModelRegistry;
import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.weights.SafetensorsFile;
import io.cnnstream.engine.weights.SeededInit;
import io.cnnstream.engine.weights.Sha256;
import io.cnnstream.engine.weights.WeightsBinder;
import io.cnnstream.engine.weights.WeightsSource;

import java.nio.file.Path;

/**
 * The engine's one worker pool and the kernels chosen for it, created once per process.
 * Classifiers opened from it share both.
 */
public final class Engine implements AutoCloseable {
    /** Seed of the He initialisation used when no weights file is given. */
    public static final int UNTRAINED_SEED = 0;

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

    public Kernels kernels() {
        return kernels;
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
     * Creates {@code modelName} and binds its weights from {@code weights} (validated whole first),
     * or, when {@code weights} is null, from the seeded He initialisation: an untrained model.
     */
    public Classifier open(String modelName, Path weights) {
        Model model = ModelRegistry.create(modelName);
        WeightsSource source;
        if (weights == null) {
            SeededInit.apply(model, UNTRAINED_SEED);
            source = WeightsSource.untrained(UNTRAINED_SEED);
        } else {
            try (SafetensorsFile file = SafetensorsFile.open(weights)) {
                WeightsBinder.bind(model, file);
            }
            source = WeightsSource.file(weights, Sha256.of(weights));
        }
        BatchNormFolding.fold(model.network()); // inference graph: batch norms folded into their convolutions
        return new Classifier(model, source, kernels);
    }

    @Override
    public void close() {
        pool.close();
    }
}
