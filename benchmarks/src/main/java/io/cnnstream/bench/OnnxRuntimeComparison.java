package io.cnnstream.bench;

import ai.onnxruntime.OrtException;
import io.cnnstream.bench.onnx.OnnxExport;
import io.cnnstream.engine.api.Classifier;
import io.cnnstream.engine.api.Engine;
import io.cnnstream.engine.bench.ModelBenchmark;
import io.cnnstream.engine.bench.ProfilingKernels;
import io.cnnstream.engine.bench.Stopwatch;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.model.ModelSummary;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.weights.BoundModel;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The engine and ONNX Runtime side by side in one run, on the same model and weights (exported to
 * ONNX by {@link OnnxExport}), timed by the same stopwatch taking turns (half a second each) within
 * each configuration, one configuration after the other.
 * First checks that both compute the same logits. {@code bin/bench-onnxruntime --help} lists the options.
 */
public final class OnnxRuntimeComparison {
    private static final int PROFILE_PASSES = 9;
    private static final int PROFILE_WARMUP = 3;
    private static final long SPIN_SETTLE_MS = 50;

    private OnnxRuntimeComparison() {
    }

    public static void main(String[] argv) {
        System.exit(new CommandLine(new Cli()).execute(argv));
    }

    static void run(Options o, PrintStream out) throws Exception {
        byte[] onnx;
        double gigaflop;
        Model network = BoundModel.load(o.model(), o.weights()).model();
        onnx = OnnxExport.export(network);
        gigaflop = 2.0 * ModelSummary.of(network).macs() / 1e9;
        if (o.saveOnnx() != null) {
            Files.write(o.saveOnnx(), onnx);
        }
        out.printf(Locale.ROOT, "engine (%s kernels) vs ONNX Runtime 1.29 (Java binding, CPU): %s, %.3f GFLOP per image, %s weights%n",
                o.kernels(), o.model(), gigaflop, o.weights() == null ? "seeded" : o.weights().getFileName());
        out.printf(Locale.ROOT, "Java %s, %d cores%n", Runtime.version(), Runtime.getRuntime().availableProcessors());
        double[] agreement = agreement(o, onnx);
        out.printf(Locale.ROOT, "agreement on a batch of 2: max |engine - onnxruntime| = %.3g (largest |logit| %.3g)%n",
                agreement[0], agreement[1]);
        out.printf(Locale.ROOT, "%7s %5s %14s %14s %12s %12s %8s%n", "threads", "batch", "engine ms", "ort ms",
                "engine img/s", "ort img/s", "ratio");
        Stopwatch stopwatch = new Stopwatch(Duration.ofSeconds(o.warmup()), Duration.ofSeconds(o.seconds()), o.minRuns());
        ModelBenchmark engineBench = new ModelBenchmark(o.model(), o.weights(), stopwatch);
        for (int threads : o.threads()) {
            try (Engine engine = Engine.start(threads, o.kernels());
                 OnnxRuntimeModel ort = new OnnxRuntimeModel(onnx, threads)) {
                Classifier classifier = engine.open(o.model(), o.weights());
                for (int batch : o.batches()) {
                    Tensor input = randomBatch(batch, o);
                    // turns of half a second each: a slow spell of the machine falls on both alike
                    List<Stopwatch.Timing> timings = stopwatch.alternately(List.of(() -> classifier.logits(input), () -> {
                        try {
                            ort.run(input);
                        } catch (OrtException e) {
                            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
                        }
                    }), 2 * o.seconds());
                    double engineMs = timings.get(0).medianMs(), ortMs = timings.get(1).medianMs();
                    out.printf(Locale.ROOT, "%7d %5d %14.2f %14.2f %12.1f %12.1f %7.2fx%n", threads, batch,
                            engineMs, ortMs, batch * 1000.0 / engineMs, batch * 1000.0 / ortMs, ortMs / engineMs);
                }
            }
            // after the timed session is closed: its spinning threads would slow the engine's passes
            for (int batch : o.profile() ? o.batches() : List.<Integer>of()) {
                out.printf(Locale.ROOT, "per layer, %d threads, batch %d (medians of %d passes taken in turns; "
                        + "ONNX Runtime's own trace):%n", threads, batch, PROFILE_PASSES);
                profileInTurns(engineBench, o, onnx, threads, batch, out);
            }
        }
        out.println("ratio: engine images/s over ONNX Runtime images/s (above 1: the engine is faster); medians");
    }

    /**
     * Each layer's median time in both, over profiled passes taken in turns (engine, ONNX Runtime,
     * engine, ...), so that a slow spell of the machine falls on both alike. ONNX Runtime's idle
     * threads spin for some milliseconds after a run (its default), so the engine's pass waits
     * {@value #SPIN_SETTLE_MS} ms first, not to share the cores with them.
     */
    private static void profileInTurns(ModelBenchmark engineBench, Options o, byte[] onnx, int threads, int batch,
                                       PrintStream out) throws Exception {
        try (ModelBenchmark.ProfileSession engine = engineBench.openProfile(o.kernels(), threads, batch);
             OnnxRuntimeProfile.Session ort = new OnnxRuntimeProfile.Session(onnx, threads, randomBatch(batch, o))) {
            engine.warmUp(PROFILE_WARMUP);
            for (int i = 0; i < PROFILE_WARMUP; i++) {
                ort.pass();
            }
            for (int pass = 0; pass < PROFILE_PASSES; pass++) {
                Thread.sleep(SPIN_SETTLE_MS);
                engine.pass();
                ort.pass();
            }
            printLayers(engine.medians(), ort.medians(PROFILE_PASSES), out);
        }
    }

    /** One row per layer: the engine's kernel calls summed by layer name beside ONNX Runtime's node of that name. */
    static void printLayers(ModelBenchmark.Profile engine, Map<String, Double> ort, PrintStream out) {
        Map<String, Double> ours = new LinkedHashMap<>();
        Map<String, String> ops = new LinkedHashMap<>();
        Map<String, Long> flops = new LinkedHashMap<>();
        for (ProfilingKernels.Call c : engine.calls()) {
            ours.merge(c.layer(), c.nanos() / 1e6, Double::sum);
            ops.putIfAbsent(c.layer(), c.op());
            flops.merge(c.layer(), c.flops(), Long::sum);
        }
        Map<String, Double> theirs = new LinkedHashMap<>();
        Map<String, Double> onlyTheirs = new LinkedHashMap<>();
        List<String> layers = List.copyOf(ours.keySet());
        ort.forEach((node, ms) -> {
            String layer = OnnxRuntimeProfile.layerOf(node, layers);
            (layer == null ? onlyTheirs : theirs).merge(layer == null ? node : layer, ms, Double::sum);
        });
        out.printf(Locale.ROOT, "  FP32 peak of the engine's %d threads, measured before each of its passes: median %.1f GFLOPS "
                + "(%.1f-%.1f)%n", engine.threads(), engine.peakGflops(), engine.peakMin(), engine.peakMax());
        out.printf(Locale.ROOT, "  %-16s %-22s %10s %10s %8s %13s%n", "layer", "engine op", "engine ms", "ort ms",
                "ort/engine", "% peak e/ort");
        double ourTotal = 0, ortTotal = 0;
        for (Map.Entry<String, Double> e : ours.entrySet()) {
            Double t = theirs.get(e.getKey());
            ourTotal += e.getValue();
            ortTotal += t == null ? 0 : t;
            double gflop = flops.get(e.getKey()) / 1e9;
            String shares = gflop == 0 ? "" : String.format(Locale.ROOT, "%.0f / %s", share(gflop, e.getValue(), engine),
                    t == null ? "-" : String.format(Locale.ROOT, "%.0f", share(gflop, t, engine)));
            out.printf(Locale.ROOT, "  %-16s %-22s %10.3f %10s %8s %13s%n", e.getKey(), ops.get(e.getKey()), e.getValue(),
                    t == null ? "-" : String.format(Locale.ROOT, "%.3f", t),
                    t == null ? "" : String.format(Locale.ROOT, "%.2fx", t / e.getValue()), shares);
        }
        for (Map.Entry<String, Double> e : onlyTheirs.entrySet()) {
            ortTotal += e.getValue();
            out.printf(Locale.ROOT, "  %-16s %-22s %10s %10.3f%n", e.getKey(), "(onnx runtime only)", "-", e.getValue());
        }
        out.printf(Locale.ROOT, "  %-16s %-22s %10.3f %10.3f %7.2fx%n", "sum", "", ourTotal, ortTotal, ortTotal / ourTotal);
    }

    /** Percent of the engine's measured peak that {@code gflop} of work in {@code ms} reaches. */
    private static double share(double gflop, double ms, ModelBenchmark.Profile engine) {
        return 100 * gflop / (ms / 1e3) / engine.peakGflops();
    }

    /** {max |difference|, max |logit|} between the engine and ONNX Runtime on one seeded batch of 2. */
    static double[] agreement(Options o, byte[] onnx) throws OrtException {
        try (Engine engine = Engine.start(2, o.kernels()); OnnxRuntimeModel ort = new OnnxRuntimeModel(onnx, 2)) {
            Classifier classifier = engine.open(o.model(), o.weights());
            Tensor input = randomBatch(2, o);
            float[] ours = classifier.logits(input).data(), theirs = ort.run(input);
            double diff = 0, scale = 0;
            for (int i = 0; i < ours.length; i++) {
                diff = Math.max(diff, Math.abs(ours[i] - theirs[i]));
                scale = Math.max(scale, Math.abs(theirs[i]));
            }
            return new double[] {diff, scale};
        }
    }

    private static Tensor randomBatch(int batch, Options o) {
        // the input the engine's side is timed on
        return ModelBenchmark.input(io.cnnstream.engine.model.ModelRegistry.create(o.model()).inputShape().withBatch(batch));
    }

    /** The options, as {@code run} takes them. */
    record Options(String model, Path weights, List<Integer> threads, List<Integer> batches, String kernels,
                   int seconds, int warmup, int minRuns, Path saveOnnx, boolean profile) {
    }

    /** The command line: picocli's parser, like {@code bin/cnn}'s. */
    @Command(name = "bench-onnxruntime", mixinStandardHelpOptions = true,
            description = "The engine and ONNX Runtime side by side on the same model and weights, in one run.",
            footer = "%nModels: alexnet, alexnet-2012, alexnet-seed, vgg16 (chains of conv/relu/pool/LRN/linear); "
                    + "seeded weights by default.")
    static final class Cli implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--model", paramLabel = "MODEL", defaultValue = "alexnet", description = "default: ${DEFAULT-VALUE}")
        private String model;

        @Option(names = "--weights", paramLabel = "FILE", description = "safetensors (default: seeded)")
        private Path weights;

        @Option(names = "--threads", paramLabel = "T", split = ",", description = "default: 1 and the machine's cores")
        private List<Integer> threads;

        @Option(names = "--batch", paramLabel = "N", split = ",", defaultValue = "1,8,32", description = "default: ${DEFAULT-VALUE}")
        private List<Integer> batches;

        @Option(names = "--kernels", paramLabel = "K", description = "vector or scalar (default: vector where present)")
        private String kernels;

        @Option(names = "--seconds", paramLabel = "S", defaultValue = "5", description = "default: ${DEFAULT-VALUE}")
        private int seconds;

        @Option(names = "--warmup", paramLabel = "S", defaultValue = "3", description = "default: ${DEFAULT-VALUE}")
        private int warmup;

        @Option(names = "--min-runs", paramLabel = "N", defaultValue = "5", description = "default: ${DEFAULT-VALUE}")
        private int minRuns;

        @Option(names = "--save-onnx", paramLabel = "FILE", description = "also write the exported ONNX model")
        private Path saveOnnx;

        @Option(names = "--profile", description = "after each configuration, each layer's median time in both, "
                + "passes taken in turns (ONNX Runtime's own per-node trace)")
        private boolean profile;

        @Override
        public Integer call() throws Exception {
            List<Integer> threadCounts = threads == null ? List.of(1, Runtime.getRuntime().availableProcessors()) : threads;
            for (int n : concat(threadCounts, batches, List.of(seconds, warmup, minRuns))) {
                if (n < 1) {
                    throw new ParameterException(spec.commandLine(), "--threads, --batch, --seconds, --warmup and "
                            + "--min-runs take positive integers, got " + n);
                }
            }
            if (weights != null && !Files.isReadable(weights)) {
                throw new ParameterException(spec.commandLine(), "--weights " + weights + " is not a readable file");
            }
            run(new Options(model, weights, threadCounts.stream().distinct().toList(), batches,
                    kernels != null ? kernels : Kernels.vectorApiPresent() ? "vector" : "scalar",
                    seconds, warmup, minRuns, saveOnnx, profile), System.out);
            return 0;
        }

        private static List<Integer> concat(List<Integer> a, List<Integer> b, List<Integer> c) {
            List<Integer> all = new ArrayList<>(a);
            all.addAll(b);
            all.addAll(c);
            return all;
        }
    }
}
