package io.cnnstream.engine.kernel;

/**
 * Local response normalisation across channels, as PyTorch's {@code LocalResponseNorm}:
 * {@code b_c = a_c / (k + alpha / size * sum of a^2 over channels [c - size/2, c + (size-1)/2])^beta},
 * channels outside [0, C) contributing zero.
 */
public record LrnSpec(int size, double alpha, double beta, double k) {

    public LrnSpec {
        if (size < 1) {
            throw new IllegalArgumentException("LRN size must be >= 1, got " + size);
        }
        if (!(alpha >= 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("LRN alpha must be a finite value >= 0, got " + alpha);
        }
        if (!Double.isFinite(beta)) {
            throw new IllegalArgumentException("LRN beta must be finite, got " + beta);
        }
        if (!(k >= 0) || !Double.isFinite(k)) {
            throw new IllegalArgumentException("LRN k must be a finite value >= 0, got " + k);
        }
    }

    /** Krizhevsky et al. 2012: size 5, alpha 1e-4, beta 0.75, k 2. */
    public static LrnSpec alexNet2012() {
        return new LrnSpec(5, 1e-4, 0.75, 2.0);
    }
}
