package io.cnnstream.engine.train;

import io.cnnstream.engine.tensor.Tensor;

/** {@code mean((y - t)^2)} over all {@code N * K} elements; gradient {@code 2 (y - t) / (N K)}. */
final class MseLoss implements Loss {
    @Override
    public double shareAndGradient(Tensor output, Targets targets, int from, int batchSize, float[] gradient) {
        float[] y = output.data(), t = targets.values();
        int per = output.shape().intSize() / output.batch();
        double elements = (double) batchSize * per, total = 0;
        for (int i = 0; i < y.length; i++) {
            double d = y[i] - t[from * per + i];
            total += d * d;
            gradient[i] = (float) (2 * d / elements);
        }
        return total / elements;
    }
}
