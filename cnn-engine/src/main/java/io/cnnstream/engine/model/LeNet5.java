package io.cnnstream.engine.model;

import io.cnnstream.engine.graph.Sequential;
import io.cnnstream.engine.layer.AvgPool2d;
import io.cnnstream.engine.layer.Conv2d;
import io.cnnstream.engine.layer.Flatten;
import io.cnnstream.engine.layer.Linear;
import io.cnnstream.engine.layer.Tanh;
import io.cnnstream.engine.tensor.Shape;

/** LeNet-5 as the seeds describe it: tanh, average pooling, 10 classes, 32x32 greyscale in. */
public final class LeNet5 {
    private LeNet5() {
    }

    /**
     * {@code lenet5}: 61,706 parameters. Takes 1x32x32 tensors, or digit images made into MNIST's form
     * ({@link InputTransform#mnistDigits}); its shipped weights are trained on MNIST.
     */
    public static Model lenet5() {
        Sequential network = Sequential.named()
                .add("features", Sequential.of(
                        new Conv2d(1, 6, 5, 1, 0),      // 6x28x28
                        new Tanh(),
                        new AvgPool2d(2, 2),            // 6x14x14
                        new Conv2d(6, 16, 5, 1, 0),     // 16x10x10
                        new Tanh(),
                        new AvgPool2d(2, 2)))           // 16x5x5
                .add("flatten", new Flatten())          // 400
                .add("classifier", Sequential.of(
                        new Linear(400, 120),
                        new Tanh(),
                        new Linear(120, 84),
                        new Tanh(),
                        new Linear(84, 10)))            // 10
                .build();
        return new Model("lenet5", "LeNet-5 (tanh, average pooling)", Shape.of(1, 32, 32), InputTransform.mnistDigits(), network);
    }
}
