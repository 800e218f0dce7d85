package io.cnnstream.engine.api;

import io.cnnstream.engine.image.ImageDecoder;
import io.cnnstream.engine.image.ImagePreprocessor;
import io.cnnstream.engine.image.ImageRejectedException;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.tensor.Workspace;
import io.cnnstream.engine.weights.BoundModel;
import io.cnnstream.engine.weights.WeightsSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A model with its weights, labels and preprocessing bound, ready to classify batches on the
 * engine's kernels and worker pool. Thread-safe.
 */
public final class Classifier {
    private final Queue<Workspace> workspaces = new ConcurrentLinkedQueue<>();
    private final Model model;
    private final WeightsSource weights;
    private final Kernels kernels;
    private final Labels labels;
    private final ImagePreprocessor preprocessor; // null: the model takes raw tensors only

    Classifier(BoundModel bound, Kernels kernels, Labels labels, ImageOptions images) {
        this.model = bound.model();
        this.weights = bound.source();
        this.kernels = kernels;
        this.labels = labels;
        this.preprocessor = model.acceptsImages()
                ? new ImagePreprocessor(model.transform(), new ImageDecoder(images.limits()), images.applyExifOrientation())
                : null;
    }

    /**
     * Decodes and preprocesses {@code inputs} in parallel on the worker pool, runs the accepted
     * ones as one batch and returns each input's outcome, in input order: its {@code topK} most
     * probable classes, or the reason it was rejected.
     */
    public Classification classify(List<Input> inputs, int topK) {
        if (topK < 1) {
            throw new IllegalArgumentException("top-k must be >= 1, got " + topK);
        }
        int n = inputs.size(), sample = model.inputShape().intSize();
        float[] data = new float[n * sample];
        Outcome.Rejected[] rejected = new Outcome.Rejected[n];
        long[] nanos = new long[n];
        kernels.pool().parallelFor(n, i -> {
            long start = System.nanoTime();
            Rejection reason;
            String message;
            try {
                read(inputs.get(i), data, i * sample);
                nanos[i] = System.nanoTime() - start;
                return;
            } catch (ImageRejectedException e) {
                reason = Rejection.of(e.reason());
                message = e.getMessage();
            } catch (InputRejectedException e) {
                reason = e.reason;
                message = e.getMessage();
            } catch (RuntimeException e) {
                // a decoder's own bug must not stop the other inputs: this one is reported with the error
                reason = Rejection.INTERNAL;
                message = "preprocessing failed: " + e;
            }
            nanos[i] = System.nanoTime() - start;
            rejected[i] = new Outcome.Rejected(reason, message, nanos[i]);
        });

        int accepted = 0;
        for (int i = 0; i < n; i++) {
            if (rejected[i] == null) {
                if (accepted != i) {
                    System.arraycopy(data, i * sample, data, accepted * sample, sample);
                }
                accepted++;
            }
        }
        List<Outcome> outcomes = new ArrayList<>(n);
        if (accepted == 0) {
            outcomes.addAll(Arrays.asList(rejected));
            return new Classification(outcomes, 0, 0);
        }
        Tensor batch = Tensor.of(model.inputShape().withBatch(accepted),
                accepted == n ? data : Arrays.copyOf(data, accepted * sample));
        long start = System.nanoTime();
        float[] probabilities = kernels.softmax(logits(batch)).data();
        long inference = System.nanoTime() - start;
        for (int i = 0, row = 0; i < n; i++) {
            outcomes.add(rejected[i] != null ? rejected[i]
                    : new Outcome.Classified(top(probabilities, row++, topK), nanos[i]));
        }
        return new Classification(outcomes, accepted, inference);
    }

    /** Runs {@code passes} batches of {@code batchSize} zero inputs (the JIT's warm-up); returns the last one's time. */
    public Duration warmUp(int batchSize, int passes) {
        Tensor zeros = Tensor.zeros(model.inputShape().withBatch(batchSize));
        long nanos = 0;
        for (int i = 0; i < passes; i++) {
            long start = System.nanoTime();
            kernels.softmax(logits(zeros));
            nanos = System.nanoTime() - start;
        }
        return Duration.ofNanos(nanos);
    }

    /**
     * The output of the layer named {@code layer} (a state-dict path such as {@code features.3}) for
     * {@code batch}, what a PyTorch forward hook on that module returns; for pictures and inspection,
     * not the hot path (fresh arrays, layers unfused).
     */
    public Tensor activations(Tensor batch, String layer) {
        return model.forwardUntil(batch, layer, kernels);
    }

    /** The layer names {@link #activations} accepts, in execution order. */
    public java.util.List<String> layerNames() {
        return model.layerNames();
    }

    /**
     * Logits {@code [N, classes]} for a batch {@code [N, C, H, W]} of the model's input shape: the
     * raw forward pass, for tools that compare with other implementations.
     */
    public Tensor logits(Tensor batch) {
        // activations come from a recycled workspace: after the first pass of a batch size, a pass
        // allocates (almost) no memory; one workspace per concurrent caller
        Workspace workspace = workspaces.poll();
        if (workspace == null) {
            workspace = new Workspace();
        }
        try (Workspace.Scope scope = workspace.enter()) {
            return model.forward(batch, kernels);
        } finally {
            workspaces.offer(workspace);
        }
    }

    private void read(Input input, float[] out, int offset) throws ImageRejectedException, InputRejectedException {
        if (input instanceof Input.Image image) {
            if (preprocessor == null) {
                throw new InputRejectedException(Rejection.UNSUPPORTED, "model " + model.name() + " takes raw "
                        + shapeText(model.inputShape().toArray()) + " float32 tensors, not images");
            }
            preprocessor.preprocess(image.encoded(), out, offset);
            return;
        }
        Input.Floats tensor = (Input.Floats) input;
        int[] dims = tensor.shape();
        String declared = shapeText(dims);
        if (!Arrays.equals(dims, model.inputShape().toArray())) {
            throw new InputRejectedException(Rejection.WRONG_SHAPE, "tensor of shape " + declared
                    + " does not match the model's input " + shapeText(model.inputShape().toArray()));
        }
        long expected = model.inputShape().size() * Float.BYTES;
        byte[] bytes = tensor.littleEndianFloat32();
        if (bytes.length != expected) {
            throw new InputRejectedException(Rejection.WRONG_SHAPE, "tensor of shape " + declared
                    + " needs " + expected + " bytes of float32, got " + bytes.length);
        }
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out, offset, model.inputShape().intSize());
    }

    /** Row {@code row}'s {@code k} most probable classes; equal probabilities keep index order. */
    private List<Prediction> top(float[] p, int row, int k) {
        int classes = model.classes(), base = row * classes;
        Integer[] order = new Integer[classes];
        for (int i = 0; i < classes; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(p[base + b], p[base + a]));
        List<Prediction> best = new ArrayList<>();
        for (int i = 0; i < Math.min(k, classes); i++) {
            best.add(new Prediction(order[i], labels.get(order[i]), p[base + order[i]]));
        }
        return best;
    }

    /** {@code C,H,W}, as the {@code tensor-shape} header writes it. */
    private static String shapeText(int[] dims) {
        return Arrays.toString(dims).replaceAll("[\\[\\] ]", "");
    }

    public String modelName() {
        return model.name();
    }

    /** Per-sample input shape {@code [C, H, W]}. */
    public Shape inputShape() {
        return model.inputShape();
    }

    /** Per-sample input shape as {@code C, H, W}. */
    public int[] inputDims() {
        return model.inputShape().toArray();
    }

    public int classes() {
        return model.classes();
    }

    public Labels labels() {
        return labels;
    }

    /** Whether images can be classified (the model has an image transform); otherwise raw tensors only. */
    public boolean acceptsImages() {
        return preprocessor != null;
    }

    /** Whether the weights came from a file; the seeded initialisation is untrained. */
    public boolean trained() {
        return weights.trained();
    }

    /** SHA-256 of the weights file, or {@code "untrained"}. */
    public String weightsDigest() {
        return weights.digest();
    }

    /** The weights file and its digest, or a loud statement that the weights are untrained. */
    public String weightsDescription() {
        return weights.describe();
    }

    /** A rejection found by the classifier itself (the decoder's have their own type). */
    private static final class InputRejectedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Rejection reason;

        InputRejectedException(Rejection reason, String message) {
            super(reason.tag() + ": " + message);
            this.reason = reason;
        }
    }
}
