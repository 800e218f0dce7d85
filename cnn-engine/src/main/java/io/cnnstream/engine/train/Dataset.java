package io.cnnstream.engine.train;

import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/** Labelled samples, already preprocessed into the model's input: {@code images} holds {@code size} samples of {@code sample}. */
public record Dataset(String name, Shape sample, float[] images, int[] labels, float background) {
    public Dataset {
        if (images.length != (long) labels.length * sample.intSize()) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels but "
                    + images.length / Math.max(1, sample.intSize()) + " samples");
        }
    }

    public int size() {
        return labels.length;
    }

    /** Samples {@code [from, to)}. */
    public Dataset slice(String part, int from, int to) {
        int per = sample.intSize();
        return new Dataset(name + " " + part, sample, java.util.Arrays.copyOfRange(images, from * per, to * per),
                java.util.Arrays.copyOfRange(labels, from, to), background);
    }

    /** Samples {@code [from, to)} as one batch tensor. */
    public Tensor batch(int from, int to) {
        int per = sample.intSize();
        return Tensor.of(sample.withBatch(to - from), java.util.Arrays.copyOfRange(images, from * per, to * per));
    }
}
