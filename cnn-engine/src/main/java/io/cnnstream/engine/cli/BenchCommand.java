package io.cnnstream.engine.cli;

import io.cnnstream.engine.bench.ModelBenchmark;
import io.cnnstream.engine.bench.ProfilingKernels;
import io.cnnstream.engine.bench.Stopwatch;
import io.cnnstream.engine.json.Json;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.model.ModelRegistry;
import io.cnnstream.engine.model.ModelSummary;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code cnn bench}: images/s and ms per batch of one model for each kernels x threads x batch
 * combination, and with {@code --profile} the time and GFLOPS of each kernel call of one pass.
 */
final class BenchCommand {
    private BenchCommand() {
    }

    static void run(List<String> argv, PrintStream out, PrintStream err) {
        Args args = Args.parse("bench", argv, Set.of("--model", "--weights", "--kernels", "--threads", "--batch",
                "--seconds", "--warmup", "--min-runs"), Set.of("--profile", "--json"));
        if (!args.positional().isEmpty()) {
            throw new UsageException("bench: unexpected argument '" + args.positional().get(0) + "'");
        }
        String model = args.optional("--model") == null ? "alexnet" : args.optional("--model");
        ModelRegistry.create(model); // fails early, naming the known models
        Path weights = args.optional("--weights") == null ? null : args.readableFile("--weights");
        List<String> kernels = kernels(args.optional("--kernels"));
        int cores = Runtime.getRuntime().availableProcessors();
        List<Integer> threads = args.positiveInts("--threads", cores == 1 ? List.of(1) : List.of(1, cores));
        List<Integer> batches = args.positiveInts("--batch", List.of(1, 8));
        Stopwatch stopwatch = new Stopwatch(args.positiveSeconds("--warmup", Duration.ofSeconds(2)),
                args.positiveSeconds("--seconds", Duration.ofSeconds(3)), args.positiveInt("--min-runs", 5));
        ModelBenchmark benchmark = new ModelBenchmark(model, weights, stopwatch);
        boolean json = args.flag("--json");
        PrintStream table = json ? err : out; // with --json, stdout carries the JSON alone

        double gigaflop = 2.0 * ModelSummary.of(ModelRegistry.create(model)).macs() / 1e9;
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
        if (args.flag("--profile") || json) {
            profile = benchmark.profile(kernels.get(0), threads.get(threads.size() - 1), batches.get(batches.size() - 1), 9);
            printProfile(profile, table);
        }
        if (json) {
            out.println(Json.write(toJson(model, gigaflop, results, profile)));
        }
    }

    private static List<String> kernels(String option) {
        if (option == null) {
            return List.of(Kernels.vectorApiPresent() ? "vector" : "scalar");
        }
        List<String> names = new ArrayList<>();
        for (String name : option.split(",", -1)) {
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

    private static void printProfile(ModelBenchmark.Profile p, PrintStream out) {
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
