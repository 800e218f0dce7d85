package io.cnnstream.engine.cli;

import io.cnnstream.engine.json.Json;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.train.Dataset;
import io.cnnstream.engine.train.Evaluation;
import io.cnnstream.engine.train.Mnist;
import io.cnnstream.engine.weights.BoundModel;
import io.cnnstream.engine.weights.ShippedWeights;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code cnn eval}: a model's accuracy and confusion matrix on a dataset's test split. */
@Command(name = "eval", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Accuracy and the confusion matrix (rows: true class, columns: predicted) of a model on "
                + "the test split of a dataset.")
final class EvalCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", completionCandidates = ModelNames.class,
            description = "one of ${COMPLETION-CANDIDATES}, or an ONNX file")
    private String model;

    @Option(names = "--weights", paramLabel = "FILE", converter = Converters.ReadableFile.class,
            description = "the registry model's weights: safetensors or a PyTorch checkpoint (default: the weights it ships, lenet5's)")
    private Path weights;

    @Option(names = "--data", required = true, paramLabel = "DATA", description = "mnist")
    private String data;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT", description = "test or train")
    private String split;

    @Option(names = "--json", description = "print the result as one JSON object")
    private boolean json;

    @Option(names = "--threads", paramLabel = "T", converter = Converters.PositiveInt.class,
            description = "worker threads (default: the machine's cores)")
    private Integer threads;

    @Override
    public void run() {
        if (weights == null && !BoundModel.isModelFile(model) && ShippedWeights.of(model) == null) {
            throw new UsageException("eval: registry model " + model + " ships no weights and needs --weights "
                    + "(an untrained model scores by chance)");
        }
        Dataset set = dataset("eval", data, split);
        BoundModel bound = BoundModel.load(model, weights);
        TrainCommand.requireFits("eval", bound.model(), set);
        Evaluation result;
        try (WorkerPool pool = new WorkerPool(threads == null ? WorkerPool.defaultThreads() : threads)) {
            result = Evaluation.of(bound.model(), set, Kernels.select(pool), 500);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("model", model);
            o.put("weights", bound.source().digest());
            o.put("data", data);
            o.put("split", split);
            o.put("samples", result.samples());
            o.put("correct", result.correct());
            o.put("accuracy", result.accuracy());
            List<List<Integer>> rows = new ArrayList<>();
            for (int[] row : result.confusion()) {
                rows.add(java.util.Arrays.stream(row).boxed().toList());
            }
            o.put("confusion", rows);
            out.println(Json.write(o));
            return;
        }
        out.println(String.format(Locale.ROOT, "%s on %s %s: accuracy %.2f%% (%d/%d), weights %s", model, data, split,
                100 * result.accuracy(), result.correct(), result.samples(), bound.source().describe()));
        out.println("confusion matrix (rows: true digit, columns: predicted)");
        int classes = result.confusion().length;
        StringBuilder header = new StringBuilder("true\\pred");
        for (int c = 0; c < classes; c++) {
            header.append(String.format(Locale.ROOT, "%6d", c));
        }
        out.println(header);
        for (int t = 0; t < classes; t++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%9d", t));
            for (int p = 0; p < classes; p++) {
                row.append(String.format(Locale.ROOT, "%6d", result.confusion()[t][p]));
            }
            out.println(row);
        }
    }

    /** The named split of a known dataset; {@code command} names the command in the error. */
    static Dataset dataset(String command, String data, String split) {
        if (!data.equals("mnist")) {
            throw new UsageException(command + ": unknown --data '" + data + "'; known: mnist (shipped in the jar)");
        }
        return switch (split) {
            case "train" -> Mnist.train();
            case "test" -> Mnist.test();
            default -> throw new UsageException(command + ": unknown --split '" + split + "'; known: test, train");
        };
    }
}
