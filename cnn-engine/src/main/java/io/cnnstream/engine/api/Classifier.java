package io.cnnstream.engine.api;

import io.cnnstream.engine.image.ImageDecoder;
import io.cnnstream.engine.image.ImageLimits;
import io.cnnstream.engine.image.ImagePreprocessor;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.tensor.Workspace;
import io.cnnstream.engine.weights.WeightsSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A model with its weights bound, ready to run batches on the engine's kernels. Thread-safe. */
public final class Classifier {
    private final java.util.Queue<Workspace> workspaces = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Model model;
    private final WeightsSource weights;
    private final Kernels kernels;

    Classifier(Model model, WeightsSource weights, Kernels kernels) {
        this.model = model;
        this.weights = weights;
        this.kernels = kernels;
    }

    public String modelName() {
        return model.name();
    }

    public Model model() {
        return model;
    }

    public WeightsSource weights() {
        return weights;
    }

    /** Per-sample input shape {@code [C, H, W]}. */
    public Shape inputShape() {
        return model.inputShape();
    }

    public int classes() {
        return model.classes();
    }

    /** Logits {@code [N, classes]} for a batch {@code [N, C, H, W]} of the model's input shape. */
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

    /** Softmax probabilities {@code [N, classes]}. */
    public Tensor probabilities(Tensor batch) {
        return kernels.softmax(logits(batch));
    }

    /** The {@code k} most probable classes of each row of {@code probabilities}, most probable first. */
    public static List<List<Prediction>> top(Tensor probabilities, int k, Labels labels) {
        int n = probabilities.shape().dim(0), classes = probabilities.shape().dim(1);
        if (k < 1) {
            throw new IllegalArgumentException("top-k must be >= 1, got " + k);
        }
        float[] p = probabilities.data();
        List<List<Prediction>> out = new ArrayList<>(n);
        for (int row = 0; row < n; row++) {
            int base = row * classes;
            Integer[] order = new Integer[classes];
            for (int i = 0; i < classes; i++) {
                order[i] = i;
            }
            // stable: equal probabilities keep index order, lower index first
            Arrays.sort(order, (a, b) -> Float.compare(p[base + b], p[base + a]));
            List<Prediction> best = new ArrayList<>();
            for (int i = 0; i < Math.min(k, classes); i++) {
                best.add(new Prediction(order[i], labels.get(order[i]), p[base + order[i]]));
            }
            out.add(List.copyOf(best));
        }
        return out;
    }

    /** Whether images can be classified (the model has an image transform); otherwise raw tensors only. */
    public boolean acceptsImages() {
        return model.acceptsImages();
    }

    /** Decoding and preprocessing for this model's input, within {@code limits}. */
    public ImagePreprocessor preprocessor(ImageLimits limits, boolean applyExifOrientation) {
        if (!model.acceptsImages()) {
            throw new IllegalArgumentException("model " + model.name() + " takes raw " + model.inputShape()
                    + " tensors, not images");
        }
        return new ImagePreprocessor(model.transform(), new ImageDecoder(limits), applyExifOrientation);
    }

    /** The engine's worker pool, for preprocessing batches in parallel. */
    public WorkerPool pool() {
        return kernels.pool();
    }
}
