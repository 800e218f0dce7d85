package io.cnnstream.engine.train;

import io.cnnstream.engine.tensor.Tensor;

/**
 * {@code -sum_k t_k log softmax(z)_k} with {@code t = (1 - s) onehot + s / K}, averaged over the
 * batch; its gradient is {@code (softmax(z) - t) / N}. The log-softmax subtracts the row's maximum
 * first, so large logits do not overflow.
 */
final class CrossEntropyLoss implements Loss {
    private final double smoothing;

    CrossEntropyLoss(double smoothing) {
        if (!(smoothing >= 0 && smoothing <= 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1], got " + smoothing);
        }
        this.smoothing = smoothing;
    }

    @Override
    public double shareAndGradient(Tensor output, Targets targets, int from, int batchSize, float[] gradient) {
        int rows = output.batch(), classes = output.shape().dim(1);
        float[] z = output.data();
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int label = targets.labels()[from + r];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " of sample " + (from + r)
                        + " is outside the model's " + classes + " classes");
            }
            int base = r * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, z[base + k]);
            }
            double sumExp = 0;
            for (int k = 0; k < classes; k++) {
                sumExp += Math.exp(z[base + k] - max);
            }
            double logSum = max + Math.log(sumExp);
            for (int k = 0; k < classes; k++) {
                double target = (k == label ? 1 - smoothing : 0) + smoothing / classes;
                double logP = z[base + k] - logSum;
                total -= target * logP;
                gradient[base + k] = (float) ((Math.exp(logP) - target) / batchSize);
            }
        }
        return total / batchSize;
    }
}
