package io.cnnstream.engine.cli;

import io.cnnstream.engine.api.Classifier;
import io.cnnstream.engine.api.Engine;
import io.cnnstream.engine.api.ClassifierSpec;
import io.cnnstream.engine.api.ImageOptions;
import io.cnnstream.engine.api.Input;
import io.cnnstream.engine.api.Outcome;
import io.cnnstream.engine.api.Prediction;
import io.cnnstream.engine.json.Json;
import io.cnnstream.engine.parallel.WorkerPool;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cnn classify IMAGE...}: top-K labels per image. Images are read, decoded and preprocessed in
 * parallel and run in batches of up to {@value #BATCH}; an image that cannot be read or decoded is
 * reported with its reason and the others are still classified (exit status {@value #SOME_FAILED}).
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Top-K labels per image (JPEG, PNG, BMP, GIF, WebP, TIFF); untrained weights without --weights.",
        footer = "%nExit status 3: some images could not be read or decoded (each says why), the others are "
                + "classified; 2: none could.")
final class ClassifyCommand implements Callable<Integer> {
    static final int BATCH = 32;
    static final int SOME_FAILED = 3;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "image files")
    private List<String> images;

    @Option(names = "--model", required = true, paramLabel = "MODEL", completionCandidates = ModelNames.class,
            description = "one of ${COMPLETION-CANDIDATES}, or an ONNX file")
    private String model;

    @Option(names = "--weights", paramLabel = "FILE", converter = Converters.ReadableFile.class,
            description = "the model's weights (default: seeded, untrained)")
    private Path weights;

    @Option(names = "--labels", paramLabel = "FILE", converter = Converters.ReadableFile.class,
            description = "one class name per line (default: ImageNet's for 1000 classes)")
    private Path labels;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5", converter = Converters.PositiveInt.class,
            description = "labels per image (default: ${DEFAULT-VALUE})")
    private int top;

    @Option(names = "--json", description = "one JSON object instead of text")
    private boolean json;

    @Option(names = "--apply-exif", description = "turn images upright by their EXIF orientation first")
    private boolean applyExif;

    @Option(names = "--threads", paramLabel = "T", converter = Converters.PositiveInt.class,
            description = "worker threads (default: the machine's cores)")
    private Integer threads;

    /** One image's outcome: its top predictions, or why it could not be classified. */
    record Result(String image, List<Prediction> top, String reason, String message) {
    }

    @Override
    public Integer call() {
        ClassifierSpec classifierSpec = ClassifierSpec.of(model).withWeights(weights).withLabels(labels)
                .withImages(ImageOptions.defaults().withExifOrientation(applyExif));
        try (Engine engine = Engine.start(threads == null ? WorkerPool.defaultThreads() : threads)) {
            Classifier classifier = engine.open(classifierSpec);
            if (!classifier.acceptsImages()) {
                throw new UsageException("classify: model " + classifier.modelName() + " takes raw "
                        + classifier.inputShape() + " tensors, not images");
            }
            List<Result> results = new ArrayList<>();
            for (int from = 0; from < images.size(); from += BATCH) {
                results.addAll(classify(classifier, top, images.subList(from, Math.min(images.size(), from + BATCH))));
            }
            spec.commandLine().getOut().println(json ? Json.write(toJson(classifier, results)) : toText(classifier, results));
            long failed = results.stream().filter(r -> r.top() == null).count();
            return failed == 0 ? 0 : failed < results.size() ? SOME_FAILED : Main.BAD_INPUT;
        }
    }

    private static List<Result> classify(Classifier classifier, int top, List<String> images) {
        Result[] results = new Result[images.size()];
        List<Input> inputs = new ArrayList<>();
        List<Integer> readable = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            try {
                inputs.add(Input.image(Files.readAllBytes(Path.of(images.get(i)))));
                readable.add(i);
            } catch (IOException e) {
                results[i] = new Result(images.get(i), null, "unreadable",
                        "cannot read " + images.get(i) + ": " + FileErrors.describe(e));
            } catch (InvalidPathException e) {
                results[i] = new Result(images.get(i), null, "unreadable", "not a file name: " + e.getReason());
            }
        }
        List<Outcome> outcomes = classifier.classify(inputs, top).outcomes();
        for (int j = 0; j < outcomes.size(); j++) {
            String image = images.get(readable.get(j));
            results[readable.get(j)] = outcomes.get(j) instanceof Outcome.Classified c
                    ? new Result(image, c.top(), null, null)
                    : new Result(image, null, ((Outcome.Rejected) outcomes.get(j)).reason().tag(),
                            ((Outcome.Rejected) outcomes.get(j)).message());
        }
        return List.of(results);
    }

    static Map<String, Object> toJson(Classifier classifier, List<Result> results) {
        List<Object> items = new ArrayList<>();
        for (Result r : results) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("image", r.image());
            if (r.top() == null) {
                item.put("error", Map.of("reason", r.reason(), "message", r.message()));
            } else {
                Prediction best = r.top().get(0);
                item.put("label", best.label());
                item.put("index", best.index());
                item.put("probability", best.probability());
                List<Object> top = new ArrayList<>();
                for (Prediction p : r.top()) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("index", p.index());
                    entry.put("label", p.label());
                    entry.put("probability", p.probability());
                    top.add(entry);
                }
                item.put("top", top);
            }
            items.add(item);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", classifier.modelName());
        model.put("sha256", classifier.weightsDigest());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model);
        json.put("weights", classifier.weightsDescription());
        json.put("results", items);
        return json;
    }

    static String toText(Classifier classifier, List<Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("model ").append(classifier.modelName()).append(", weights ").append(classifier.weightsDescription()).append('\n');
        for (Result r : results) {
            if (r.top() == null) {
                sb.append(r.image()).append(": cannot classify: ").append(r.message()).append('\n');
                continue;
            }
            sb.append(r.image()).append('\n');
            for (Prediction p : r.top()) {
                sb.append(String.format("  %6.2f%%  %-30s (%d)%n", 100.0 * p.probability(), p.label(), p.index()));
            }
        }
        return sb.toString().stripTrailing();
    }
}
