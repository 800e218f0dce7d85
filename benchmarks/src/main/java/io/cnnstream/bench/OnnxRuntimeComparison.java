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

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    private static final String USAGE = String.join("\n",
            "usage: bench-onnxruntime [--model alexnet] [--weights FILE.safetensors] [--threads 1,2] [--batch 1,8,32]",
            "                         [--kernels vector] [--seconds 5] [--warmup 3] [--min-runs 5] [--save-onnx FILE] [--profile]",
            "  models: alexnet, alexnet-2012, alexnet-seed, vgg16 (chains of conv/relu/pool/LRN/linear); seeded weights by default",
            "  --profile: after each configuration, each layer's median time in both, passes taken in turns",
            "             (ONNX Runtime's own per-node trace)");

    private OnnxRuntimeComparison() {
    }

    public static void main(String[] argv) throws Exception {
        Options o;
        try {
            o = Options.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("bench-onnxruntime: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        if (o == null) {
            System.out.println(USAGE);
            return;
        }
        run(o, System.out);
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

    /** Command-line options. */
    record Options(String model, Path weights, List<Integer> threads, List<Integer> batches, String kernels,
                   int seconds, int warmup, int minRuns, Path saveOnnx, boolean profile) {

        /** The options, or null for {@code --help}; an IllegalArgumentException names a bad one. */
        static Options parse(String[] argv) {
            String model = "alexnet", kernels = Kernels.vectorApiPresent() ? "vector" : "scalar";
            Path weights = null, save = null;
            List<Integer> threads = List.of(1, Runtime.getRuntime().availableProcessors()), batches = List.of(1, 8, 32);
            int seconds = 5, warmup = 3, minRuns = 5;
            boolean profile = false;
            for (int i = 0; i < argv.length; i++) {
                String a = argv[i];
                if (a.equals("--help") || a.equals("-h")) {
                    return null;
                }
                if (a.equals("--profile")) {
                    profile = true;
                    continue;
                }
                if (i + 1 >= argv.length) {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
                String v = argv[++i];
                switch (a) {
                    case "--model" -> model = v;
                    case "--weights" -> {
                        weights = Path.of(v);
                        if (!Files.isReadable(weights)) {
                            throw new IllegalArgumentException("--weights " + v + " is not a readable file");
                        }
                    }
                    case "--threads" -> threads = ints(a, v);
                    case "--batch" -> batches = ints(a, v);
                    case "--kernels" -> kernels = v;
                    case "--seconds" -> seconds = ints(a, v).get(0);
                    case "--warmup" -> warmup = ints(a, v).get(0);
                    case "--min-runs" -> minRuns = ints(a, v).get(0);
                    case "--save-onnx" -> save = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            return new Options(model, weights, threads.stream().distinct().toList(), batches, kernels, seconds,
                    warmup, minRuns, save, profile);
        }

        private static List<Integer> ints(String option, String value) {
            List<Integer> values = new ArrayList<>();
            for (String part : value.split(",", -1)) {
                try {
                    int n = Integer.parseInt(part.trim());
                    if (n < 1) {
                        throw new NumberFormatException();
                    }
                    values.add(n);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(option + " takes positive integers separated by commas, got '" + value + "'");
                }
            }
            return values;
        }
    }
}
