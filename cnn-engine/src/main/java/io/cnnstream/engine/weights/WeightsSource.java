package io.cnnstream.engine.weights;

import java.nio.file.Path;

/**
 * Where a model's weights came from: a file with its SHA-256, or the seeded initialiser (untrained),
 * which everything that reports a result must say.
 */
public record WeightsSource(Path file, String sha256, int seed) {

    public static WeightsSource untrained(int seed) {
        return new WeightsSource(null, null, seed);
    }

    public static WeightsSource file(Path file, String sha256) {
        return new WeightsSource(file, sha256, 0);
    }

    public boolean trained() {
        return file != null;
    }

    /** {@code "sha256:…"} of the file, or {@code "untrained"}. */
    public String digest() {
        return trained() ? sha256 : "untrained";
    }

    public String describe() {
        return trained() ? file + " (sha256 " + sha256 + ")"
                : "UNTRAINED: seeded random He initialisation (seed " + seed + "), predictions are meaningless";
    }
}
