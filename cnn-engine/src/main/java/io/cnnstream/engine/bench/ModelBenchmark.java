package io.cnnstream.engine.bench;

import io.cnnstream.engine.api.Classifier;
import io.cnnstream.engine.api.Engine;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.layer.LayerPath;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.model.ModelSummary;
import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.tensor.Workspace;
import io.cnnstream.engine.weights.BoundModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Forward passes of one model, timed for every combination of kernels, thread count and batch
 * size, each on its own engine (its own worker pool). Inputs are seeded uniform [-1, 1) tensors:
 * the work of a dense network does not depend on the values.
 */
public final class ModelBenchmark {
    private final String model;
    private final Path weights;
    private final Stopwatch stopwatch;

    /** One measured configuration. */
    public record Result(String kernels, int threads, int batch, Stopwatch.Timing timing, double gigaflopPerImage) {
        public double imagesPerSecond() {
            return batch * 1000.0 / timing.medianMs();
        }

        public double gflops() {
            return gigaflopPerImage * imagesPerSecond();
        }
    }

    /**
     * The kernel calls of one forward pass, each the median over the profiled passes, and the FP32
     * peak measured before each of those passes ({@link PeakFlops}):
     * its median and range in GFLOPS.
     */
    public record Profile(String kernels, int threads, int batch, List<ProfilingKernels.Call> calls,
                         double peakGflops, double peakMin, double peakMax) {
        /** A call's GFLOPS as a share of the median peak (0 where its work is not counted). */
        public double shareOfPeak(ProfilingKernels.Call call) {
            return call.flops() / (double) call.nanos() / peakGflops;
        }
    }

    /** How long each measurement of the peak runs, before each profiled pass. */
    static final long PEAK_NANOS = 100_000_000L;
    private static final int PEAK_WARMUPS = 20;

    public ModelBenchmark(String model, Path weights, Stopwatch stopwatch) {
        this.model = model;
        this.weights = weights;
        this.stopwatch = stopwatch;
    }

    /** Runs every configuration in order, handing each result to {@code progress} as it is measured. */
    public List<Result> run(List<String> kernels, List<Integer> threads, List<Integer> batches, Consumer<Result> progress) {
        List<Result> results = new ArrayList<>();
        for (String k : kernels) {
            for (int t : threads) {
                try (Engine engine = Engine.start(t, k)) {
                    Classifier classifier = engine.open(model, weights);
                    double gigaflop = 2.0 * ModelSummary.of(BoundModel.network(model)).macs() / 1e9;
                    for (int b : batches) {
                        Tensor input = input(classifier.inputShape().withBatch(b));
                        Result r = new Result(k, t, b, stopwatch.time(() -> classifier.logits(input)), gigaflop);
                        results.add(r);
                        progress.accept(r);
                    }
                }
            }
        }
        return results;
    }

    /** Times each kernel call over {@code passes} forward passes (after a warm-up) and keeps the median of each. */
    public Profile profile(String kernels, int threads, int batch, int passes) {
        try (ProfileSession session = openProfile(kernels, threads, batch)) {
            session.warmUp(3);
            for (int pass = 0; pass < passes; pass++) {
                session.pass();
            }
            return session.medians();
        }
    }

    /** An engine whose forward passes are profiled one at a time, so that they can take turns with another's. */
    public ProfileSession openProfile(String kernels, int threads, int batch) {
        return new ProfileSession(kernels, threads, batch);
    }

    /** One engine and batch; every {@link #pass} records each kernel call's time. */
    public final class ProfileSession implements AutoCloseable {
        private final String kernels;
        private final int threads;
        private final int batch;
        private final WorkerPool pool;
        private final Model network;
        private final Tensor input;
        private final ProfilingKernels profiling;
        private final Workspace workspace = new Workspace(); // recycled activations, as Classifier.logits runs them
        private final Map<Integer, List<ProfilingKernels.Call>> byIndex = new LinkedHashMap<>();
        private final List<Double> peaks = new ArrayList<>();

        private ProfileSession(String kernels, int threads, int batch) {
            this.kernels = kernels;
            this.threads = threads;
            this.batch = batch;
            this.pool = new WorkerPool(threads);
            try {
                this.profiling = new ProfilingKernels(Kernels.create(kernels, pool));
                this.network = BoundModel.load(model, weights).model();
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
            this.input = input(network.inputShape().withBatch(batch));
        }

        /**
         * Passes that are not recorded, after measurements of the peak that are not kept either: until
         * two in a row agree within 5 % (the JIT has compiled its loop; at most {@value #PEAK_WARMUPS}).
         */
        public void warmUp(int passes) {
            double last = PeakFlops.of(profiling, PEAK_NANOS);
            for (int i = 1; i < PEAK_WARMUPS; i++) {
                double next = PeakFlops.of(profiling, PEAK_NANOS);
                if (Math.abs(next - last) <= 0.05 * Math.max(next, last)) {
                    break;
                }
                last = next;
            }
            for (int i = 0; i < passes; i++) {
                try (Workspace.Scope scope = workspace.enter()) {
                    network.forward(input, profiling);
                }
            }
        }

        /** One recorded pass, after a measurement of the peak (so that the two share the machine's spell). */
        public void pass() {
            peaks.add(PeakFlops.of(profiling, PEAK_NANOS));
            profiling.reset();
            LayerPath.record(true); // calls carry the name of the layer that made them
            try (Workspace.Scope scope = workspace.enter()) {
                network.forward(input, profiling);
            } finally {
                LayerPath.record(false);
            }
            List<ProfilingKernels.Call> calls = profiling.calls();
            for (int i = 0; i < calls.size(); i++) {
                byIndex.computeIfAbsent(i, x -> new ArrayList<>()).add(calls.get(i));
            }
        }

        /** Each kernel call's median over the recorded passes. */
        public Profile medians() {
            List<ProfilingKernels.Call> medians = new ArrayList<>();
            for (List<ProfilingKernels.Call> samples : byIndex.values()) {
                List<ProfilingKernels.Call> sorted = new ArrayList<>(samples);
                sorted.sort((a, b) -> Long.compare(a.nanos(), b.nanos()));
                medians.add(sorted.get(sorted.size() / 2));
            }
            List<Double> sortedPeaks = new ArrayList<>(peaks);
            sortedPeaks.sort(null);
            return new Profile(kernels, threads, batch, medians, sortedPeaks.get(sortedPeaks.size() / 2),
                    sortedPeaks.get(0), sortedPeaks.get(sortedPeaks.size() - 1));
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    /** The benchmark's input: uniform [-1, 1) values from a fixed seed, the same for every run and tool. */
    public static Tensor input(Shape shape) {
        SplittableRandom random = new SplittableRandom(42);
        float[] data = new float[shape.intSize()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return Tensor.of(shape, data);
    }
}
