package io.cnnstream.engine.kernel;

/** Batch normalisation at inference over {@code channels}: {@code y = (x - mean) / sqrt(var + eps) * weight + bias}. */
public record BatchNormSpec(int channels, double eps) {

    public BatchNormSpec {
        if (channels < 1) {
            throw new IllegalArgumentException("batch norm channels must be >= 1, got " + channels);
        }
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("batch norm eps must be a finite value > 0, got " + eps);
        }
    }
}
