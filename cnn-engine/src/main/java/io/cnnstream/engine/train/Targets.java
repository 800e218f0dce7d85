package io.cnnstream.engine.train;

/** What a batch should produce: a class index per sample (cross-entropy) or a row of values per sample (MSE). */
public record Targets(int[] labels, float[] values) {
    public static Targets labels(int... labels) {
        return new Targets(labels, null);
    }

    public static Targets values(float[] values) {
        return new Targets(null, values);
    }
}
