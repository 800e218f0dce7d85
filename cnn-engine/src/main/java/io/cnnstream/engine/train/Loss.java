package io.cnnstream.engine.train;

import io.cnnstream.engine.tensor.Tensor;

/**
 * A loss averaged over the batch, computed shard by shard: {@code output} holds the rows
 * {@code [from, from + rows)} of a batch of {@code batchSize} samples. Returns this shard's share of
 * the batch's mean loss and writes {@code dL/doutput} of that mean into {@code gradient}.
 */
public interface Loss {
    double shareAndGradient(Tensor output, Targets targets, int from, int batchSize, float[] gradient);

    /** PyTorch's {@code CrossEntropyLoss(label_smoothing=s)}: log-softmax fused, targets are class indices. */
    static Loss crossEntropy(double labelSmoothing) {
        return new CrossEntropyLoss(labelSmoothing);
    }

    /** PyTorch's {@code MSELoss()}: the mean of squared differences over every element. */
    static Loss meanSquaredError() {
        return new MseLoss();
    }
}
