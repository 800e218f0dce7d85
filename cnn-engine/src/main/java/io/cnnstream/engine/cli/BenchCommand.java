package io.cnnstream.engine.cli;

import io.cnnstream.engine.bench.ModelBenchmark;
import io.cnnstream.engine.bench.ProfilingKernels;
import io.cnnstream.engine.bench.Stopwatch;
import io.cnnstream.engine.json.Json;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.weights.BoundModel;
import io.cnnstream.engine.model.ModelSummary;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cnn bench}: images/s and ms per batch of one model for each kernels x threads x batch
 * combination, and with {@code --profile} the time and GFLOPS of each kernel call of one pass.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Images/s and ms per batch (median) per kernels x threads x batch; seeded weights without --weights.")
final class BenchCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Option(names = "--model", paramLabel = "MODEL", defaultValue = "alexnet", completionCandidates = ModelNames.class,
            description = "one of ${COMPLETION-CANDIDATES}, or an ONNX file (default: ${DEFAULT-VALUE})")
    private String model;

    @Option(names = "--weights", paramLabel = "FILE", converter = Converters.ReadableFile.class,
            description = "the model's weights (default: seeded)")
    private Path weights;

    @Option(names = "--kernels", paramLabel = "K", split = ",",
            description = "vector and/or scalar (default: vector where the Vector API is present)")
    private List<String> kernelNames;

    @Option(names = "--threads", paramLabel = "T", split = ",", converter = Converters.PositiveInt.class,
            description = "thread counts (default: 1 and the machine's cores)")
    private List<Integer> threads;

    @Option(names = "--batch", paramLabel = "N", split = ",", defaultValue = "1,8", converter = Converters.PositiveInt.class,
            description = "batch sizes (default: ${DEFAULT-VALUE})")
    private List<Integer> batches;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "3", converter = Converters.Seconds.class,
            description = "measuring time per configuration (default: ${DEFAULT-VALUE})")
    private Duration seconds;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "2", converter = Converters.Seconds.class,
            description = "warm-up time per configuration (default: ${DEFAULT-VALUE})")
    private Duration warmup;

    @Option(names = "--min-runs", paramLabel = "N", defaultValue = "5", converter = Converters.PositiveInt.class,
            description = "at least this many timed passes (default: ${DEFAULT-VALUE})")
    private int minRuns;

    @Option(names = "--profile", description = "each layer's kernel time and GFLOPS in one pass")
    private boolean profileLayers;

    @Option(names = "--json", description = "one JSON object on stdout; the tables go to stderr")
    private boolean json;

    @Override
    public void run() {
        BoundModel.network(model); // fails early, naming the known models or what is wrong with the file
        List<String> kernels = kernels(kernelNames);
        int cores = Runtime.getRuntime().availableProcessors();
        List<Integer> threads = this.threads != null ? this.threads : cores == 1 ? List.of(1) : List.of(1, cores);
        ModelBenchmark benchmark = new ModelBenchmark(model, weights, new Stopwatch(warmup, seconds, minRuns));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter table = json ? spec.commandLine().getErr() : out; // with --json, stdout carries the JSON alone

        double gigaflop = 2.0 * ModelSummary.of(BoundModel.network(model)).macs() / 1e9;
        table.printf(Locale.ROOT, "cnn bench: %s (%.3f GFLOP per image, %s weights), Java %s, %d cores, kernels %s%n",
                model, gigaflop, weights == null ? "seeded" : weights.getFileName(), Runtime.version(), cores,
                descriptions(kernels));
        table.printf(Locale.ROOT, "%-8s %7s %5s %5s %11s %9s %9s %8s %14s%n", "kernels", "threads", "batch", "runs",
                "ms/batch", "min ms", "images/s", "GFLOPS", "MB alloc/pass");
        List<ModelBenchmark.Result> results = benchmark.run(kernels, threads, batches, r -> table.printf(Locale.ROOT,
                "%-8s %7d %5d %5d %11.2f %9.2f %9.1f %8.1f %14.1f%n", r.kernels(), r.threads(), r.batch(),
                r.timing().runs(), r.timing().medianMs(), r.timing().minMs(), r.imagesPerSecond(), r.gflops(),
                r.timing().allocatedBytesPerRun() / 1e6));
        ModelBenchmark.Profile profile = null;
        if (profileLayers || json) {
            profile = benchmark.profile(kernels.get(0), threads.get(threads.size() - 1), batches.get(batches.size() - 1), 9);
            printProfile(profile, table);
        }
        if (json) {
            out.println(Json.write(toJson(model, gigaflop, results, profile)));
        }
    }

    private static List<String> kernels(List<String> option) {
        if (option == null) {
            return List.of(Kernels.vectorApiPresent() ? "vector" : "scalar");
        }
        List<String> names = new ArrayList<>();
        for (String name : option) {
            if (!name.equals("vector") && !name.equals("scalar")) {
                throw new UsageException("bench: --kernels takes vector and/or scalar, got '" + name + "'");
            }
            if (name.equals("vector") && !Kernels.vectorApiPresent()) {
                throw new UsageException("bench: the vector kernels need the Vector API; "
                        + "start Java with --add-modules jdk.incubator.vector (bin/cnn does)");
            }
            names.add(name);
        }
        return names;
    }

    /** What each kernel set is, as it logs itself ({@code vector (512-bit)}): the vector width sets its speed. */
    private static String descriptions(List<String> kernels) {
        List<String> described = new ArrayList<>();
        try (WorkerPool pool = new WorkerPool(1)) {
            for (String name : kernels) {
                described.add(Kernels.create(name, pool).description());
            }
        }
        return String.join(", ", described);
    }

    private static void printProfile(ModelBenchmark.Profile p, PrintWriter out) {
        long total = p.calls().stream().mapToLong(ProfilingKernels.Call::nanos).sum();
        out.printf(Locale.ROOT, "%nper kernel call, %s kernels, %d threads, batch %d (median of 9 passes, %.2f ms in all)%n",
                p.kernels(), p.threads(), p.batch(), total / 1e6);
        out.printf(Locale.ROOT, "FP32 peak of the %d threads, measured before each pass (multiply-adds in registers): "
                + "median %.1f GFLOPS (%.1f-%.1f)%n", p.threads(), p.peakGflops(), p.peakMin(), p.peakMax());
        out.printf(Locale.ROOT, "%-22s %-22s %-18s %9s %6s %8s %7s%n", "layer", "op", "output", "ms", "%", "GFLOPS",
                "% peak");
        for (ProfilingKernels.Call c : p.calls()) {
            boolean counted = c.flops() > 0;
            out.printf(Locale.ROOT, "%-22s %-22s %-18s %9.3f %6.1f %8s %7s%n", c.layer(), c.op(), c.output(),
                    c.nanos() / 1e6, 100.0 * c.nanos() / total,
                    counted ? String.format(Locale.ROOT, "%.1f", c.flops() / (double) c.nanos()) : "",
                    counted ? String.format(Locale.ROOT, "%.0f", 100 * p.shareOfPeak(c)) : "");
        }
    }

    /**
     * The contract's object, {@code {"model", "kernels", "results":[{"batch","threads","imagesPerSecond",
     * "msPerBatch"}], "layers":[{"name","ms","gflops"}]}}, extended with more keys per result and layer.
     */
    private static Map<String, Object> toJson(String model, double gigaflop, List<ModelBenchmark.Result> results,
                                              ModelBenchmark.Profile profile) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model);
        json.put("kernels", profile.kernels());
        json.put("gflopPerImage", gigaflop);
        json.put("java", Runtime.version().toString());
        json.put("cores", Runtime.getRuntime().availableProcessors());
        List<Object> rows = new ArrayList<>();
        for (ModelBenchmark.Result r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("batch", r.batch());
            row.put("threads", r.threads());
            row.put("imagesPerSecond", r.imagesPerSecond());
            row.put("msPerBatch", r.timing().medianMs());
            row.put("kernels", r.kernels());
            row.put("minMsPerBatch", r.timing().minMs());
            row.put("runs", r.timing().runs());
            row.put("gflops", r.gflops());
            row.put("allocatedBytesPerPass", r.timing().allocatedBytesPerRun());
            rows.add(row);
        }
        json.put("results", rows);
        List<Object> layers = new ArrayList<>();
        for (ProfilingKernels.Call c : profile.calls()) {
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("name", c.layer());
            layer.put("ms", c.nanos() / 1e6);
            layer.put("gflops", c.flops() / (double) c.nanos()); // 0 where the work is not counted
            layer.put("op", c.op());
            layer.put("output", c.output());
            layer.put("shareOfPeak", profile.shareOfPeak(c)); // of layersMeasured.peakGflops
            layers.add(layer);
        }
        json.put("layers", layers);
        json.put("layersMeasured", Map.of("kernels", profile.kernels(), "threads", profile.threads(),
                "batch", profile.batch(), "peakGflops", profile.peakGflops(), "peakGflopsMin", profile.peakMin(),
                "peakGflopsMax", profile.peakMax()));
        return json;
    }
}
