package io.cnnstream.engine.train;

import io.cnnstream.engine.tensor.Tensor;

/** A layer in training mode: its forward pass, which records its backward pass on the tape. */
@FunctionalInterface
public interface TrainStep {
    Tensor forward(Tensor input, Tape tape);
}
