package io.cnnstream.engine.cli;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.model.ModelRegistry;
import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.train.Batches;
import io.cnnstream.engine.train.Checkpoints;
import io.cnnstream.engine.train.Dataset;
import io.cnnstream.engine.train.Evaluation;
import io.cnnstream.engine.train.GradKernels;
import io.cnnstream.engine.train.Initialisation;
import io.cnnstream.engine.train.LearningRate;
import io.cnnstream.engine.train.Loss;
import io.cnnstream.engine.train.Sgd;
import io.cnnstream.engine.train.TrainableNetwork;
import io.cnnstream.engine.train.Trainer;
import io.cnnstream.engine.train.TrainingRun;
import io.cnnstream.engine.weights.BoundModel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code cnn train}: SGD from PyTorch's default initialisation on the shipped MNIST training split. */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Train a model from scratch on the training split of a dataset and save its weights as "
                + "safetensors (torchvision's names). Only the training split is read until the end, when the "
                + "test split's accuracy is printed once.")
final class TrainCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", completionCandidates = ModelNames.class,
            description = "a chain model: lenet5 fits the data; ${COMPLETION-CANDIDATES}")
    private String model;

    @Option(names = "--data", required = true, paramLabel = "DATA",
            description = "mnist: the 10,000 digits shipped in the jar, 8,000 train / 2,000 test")
    private String data;

    @Option(names = "--epochs", defaultValue = "50", converter = Converters.PositiveInt.class, paramLabel = "E")
    private int epochs;

    @Option(names = "--batch", defaultValue = "32", converter = Converters.PositiveInt.class, paramLabel = "B")
    private int batch;

    @Option(names = "--lr", defaultValue = "0.05", paramLabel = "LR", description = "initial learning rate")
    private double lr;

    @Option(names = "--schedule", defaultValue = "cosine", paramLabel = "S",
            description = "cosine (to 0 over the run, per step), step (x0.1 every third of the epochs) or constant")
    private String schedule;

    @Option(names = "--momentum", defaultValue = "0.9", paramLabel = "M")
    private double momentum;

    @Option(names = "--weight-decay", defaultValue = "5e-4", paramLabel = "WD")
    private double weightDecay;

    @Option(names = "--label-smoothing", defaultValue = "0.1", paramLabel = "S")
    private double labelSmoothing;

    @Option(names = "--shift", defaultValue = "2", paramLabel = "PX",
            description = "random translation of each training image by up to PX pixels (0: none)")
    private int shift;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "seeds the initial weights, the shuffling, the shifts and dropout")
    private int seed;

    @Option(names = "--output", required = true, paramLabel = "W.safetensors")
    private Path output;

    @Option(names = "--threads", paramLabel = "T", converter = Converters.PositiveInt.class,
            description = "worker threads, one shard of each batch per thread (default: the machine's cores)")
    private Integer threads;

    @Option(names = "--grad-kernels", defaultValue = "fast", paramLabel = "K",
            description = "fast, or scalar (the oracle, slow)")
    private String gradKernels;

    @Override
    public void run() {
        Dataset train = EvalCommand.dataset("train", data, "train");
        if (BoundModel.isModelFile(model)) {
            throw new UsageException("train: trains registry models only, got the file " + model);
        }
        LearningRate rate = schedule(train);
        Model net = ModelRegistry.create(model);
        requireFits("train", net, train);
        Sgd sgd = new Sgd(momentum, weightDecay);
        Loss loss = Loss.crossEntropy(labelSmoothing);
        PrintWriter out = spec.commandLine().getOut();
        try (WorkerPool pool = new WorkerPool(threads == null ? WorkerPool.defaultThreads() : threads)) {
            Kernels kernels = Kernels.select(pool);
            Initialisation.pytorchDefault(net, seed);
            TrainableNetwork trainable = TrainableNetwork.of(net, kernels, GradKernels.create(gradKernels, kernels));
            Trainer trainer = new Trainer(trainable, loss, sgd, pool);
            Batches batches = new Batches(train, batch, seed, shift);
            long start = System.nanoTime();
            new TrainingRun(trainer, batches, rate, seed).run(epochs, new ProgressBar(out, System.console() != null, epochs));
            double seconds = (System.nanoTime() - start) / 1e9;
            Evaluation test = Evaluation.of(net, EvalCommand.dataset("train", data, "test"), kernels, 500);
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("model", model);
            metadata.put("trained_by", "cnn " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
            metadata.put("test_accuracy", String.format(Locale.ROOT, "%.4f", test.accuracy()));
            String sha = Checkpoints.save(net, output, metadata);
            out.println(String.format(Locale.ROOT, "trained %s on %d %s digits in %.1f s (%.0f images/s on %d threads); "
                            + "test accuracy %.2f%% (%d/%d); wrote %s (sha256 %s)", model, train.size(), data, seconds,
                    (double) epochs * train.size() / seconds, pool.threads(), 100 * test.accuracy(), test.correct(),
                    test.samples(), output, sha));
        }
    }

    private LearningRate schedule(Dataset train) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new UsageException("train: --lr must be a finite value > 0, got " + lr);
        }
        if (shift < 0) {
            throw new UsageException("train: --shift must be >= 0, got " + shift);
        }
        int perEpoch = (train.size() + batch - 1) / batch;
        return switch (schedule) {
            case "cosine" -> LearningRate.cosine(lr, epochs * perEpoch);
            case "step" -> LearningRate.stepDecay(lr, Math.max(1, epochs / 3), 0.1, perEpoch);
            case "constant" -> LearningRate.constant(lr);
            default -> throw new UsageException("train: unknown --schedule '" + schedule + "'; known: cosine, step, constant");
        };
    }

    static void requireFits(String command, Model net, Dataset data) {
        if (!net.inputShape().equals(data.sample())) {
            throw new UsageException(command + ": model " + net.name() + " takes " + net.inputShape() + " inputs; "
                    + data.name() + " samples are " + data.sample());
        }
    }
}
