package io.cnnstream.engine.api;

import java.nio.file.Path;

/**
 * What to open: a registry model by name, its weights file (null: the seeded, untrained
 * initialisation), its labels file (null: ImageNet's names for 1000 classes, else the indices) and
 * what it accepts as images.
 */
public record ClassifierSpec(String model, Path weights, Path labels, ImageOptions images) {
    public ClassifierSpec {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a classifier needs a model name, got '" + model + "'");
        }
        images = images == null ? ImageOptions.defaults() : images;
    }

    public static ClassifierSpec of(String model) {
        return new ClassifierSpec(model, null, null, null);
    }

    public ClassifierSpec withWeights(Path file) {
        return new ClassifierSpec(model, file, labels, images);
    }

    public ClassifierSpec withLabels(Path file) {
        return new ClassifierSpec(model, weights, file, images);
    }

    public ClassifierSpec withImages(ImageOptions options) {
        return new ClassifierSpec(model, weights, labels, options);
    }
}
