package io.cnnstream.engine.train;

import io.cnnstream.engine.layer.BatchNorm2d;
import io.cnnstream.engine.tensor.Tensor;

/**
 * {@code BatchNorm2d} in training mode: normalised with the statistics of the batch it sees
 * (biased variance), its running averages updated after the step from the unbiased variance, as
 * PyTorch does. A shard sees its own part of the batch, as each replica of PyTorch's
 * {@code DataParallel} does without {@code SyncBatchNorm}.
 */
final class BatchNormTraining {
    private BatchNormTraining() {
    }

    static Tensor forward(BatchNorm2d norm, Tensor x, Tape tape) {
        int n = x.batch(), c = norm.spec().channels(), plane = x.shape().dim(2) * x.shape().dim(3);
        int count = n * plane;
        float[] in = x.data(), gamma = norm.weight().value().data(), beta = norm.bias().value().data();
        float[] normalised = new float[in.length], out = new float[in.length];
        double[] mean = new double[c], variance = new double[c], inverseStd = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double sum = 0, squares = 0;
            for (int image = 0; image < n; image++) {
                for (int i = 0, base = (image * c + ch) * plane; i < plane; i++) {
                    sum += in[base + i];
                }
            }
            mean[ch] = sum / count;
            for (int image = 0; image < n; image++) {
                for (int i = 0, base = (image * c + ch) * plane; i < plane; i++) {
                    double d = in[base + i] - mean[ch];
                    squares += d * d;
                }
            }
            variance[ch] = squares / count;
            inverseStd[ch] = 1 / Math.sqrt(variance[ch] + norm.spec().eps());
            for (int image = 0; image < n; image++) {
                for (int i = 0, base = (image * c + ch) * plane; i < plane; i++) {
                    normalised[base + i] = (float) ((in[base + i] - mean[ch]) * inverseStd[ch]);
                    out[base + i] = normalised[base + i] * gamma[ch] + beta[ch];
                }
            }
        }
        double[] unbiased = new double[c];
        for (int ch = 0; ch < c; ch++) {
            unbiased[ch] = count > 1 ? variance[ch] * count / (count - 1) : variance[ch];
        }
        tape.recordStatistics(new Tape.BatchStatistics(norm, mean, unbiased));
        tape.record((dy, wantInput) -> backward(norm, dy, normalised, inverseStd, tape, wantInput));
        return Tensor.of(x.shape(), out);
    }

    /** {@code dx = gamma / sigma / M * (M dy - sum dy - xhat * sum(dy xhat))}, M values per channel. */
    private static Tensor backward(BatchNorm2d norm, Tensor dy, float[] normalised, double[] inverseStd, Tape tape,
                                   boolean wantInput) {
        int n = dy.batch(), c = norm.spec().channels(), plane = dy.shape().dim(2) * dy.shape().dim(3);
        int count = n * plane;
        float[] g = dy.data(), gamma = norm.weight().value().data(), dx = new float[g.length];
        float[] dGamma = tape.gradient(norm.weight()), dBeta = tape.gradient(norm.bias());
        for (int ch = 0; ch < c; ch++) {
            double sum = 0, dotNormalised = 0;
            for (int image = 0; image < n; image++) {
                for (int i = 0, base = (image * c + ch) * plane; i < plane; i++) {
                    sum += g[base + i];
                    dotNormalised += (double) g[base + i] * normalised[base + i];
                }
            }
            dGamma[ch] += (float) dotNormalised;
            dBeta[ch] += (float) sum;
            double k = gamma[ch] * inverseStd[ch] / count;
            for (int image = 0; image < n; image++) {
                for (int i = 0, base = (image * c + ch) * plane; i < plane; i++) {
                    dx[base + i] = (float) (k * (count * (double) g[base + i] - sum - normalised[base + i] * dotNormalised));
                }
            }
        }
        return wantInput ? Tensor.of(dy.shape(), dx) : null;
    }
}
