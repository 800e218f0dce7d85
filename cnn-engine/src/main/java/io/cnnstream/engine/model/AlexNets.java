package io.cnnstream.engine.model;

import io.cnnstream.engine.graph.Sequential;
import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.kernel.LrnSpec;
import io.cnnstream.engine.layer.AdaptiveAvgPool2d;
import io.cnnstream.engine.layer.Conv2d;
import io.cnnstream.engine.layer.Dropout;
import io.cnnstream.engine.layer.Flatten;
import io.cnnstream.engine.layer.Linear;
import io.cnnstream.engine.layer.LocalResponseNorm;
import io.cnnstream.engine.layer.MaxPool2d;
import io.cnnstream.engine.layer.ReLU;
import io.cnnstream.engine.tensor.Shape;

/** The three AlexNets our users meet, layer for layer and name for name. */
public final class AlexNets {
    private AlexNets() {
    }

    /** torchvision's {@code alexnet}: 61,100,840 parameters, 3x224x224 in. */
    public static Model torchvision() {
        Sequential features = Sequential.of(
                new Conv2d(3, 64, 11, 4, 2),        // 64x55x55
                new ReLU(),
                new MaxPool2d(3, 2),                 // 64x27x27
                new Conv2d(64, 192, 5, 1, 2),       // 192x27x27
                new ReLU(),
                new MaxPool2d(3, 2),                 // 192x13x13
                new Conv2d(192, 384, 3, 1, 1),      // 384x13x13
                new ReLU(),
                new Conv2d(384, 256, 3, 1, 1),      // 256x13x13
                new ReLU(),
                new Conv2d(256, 256, 3, 1, 1),      // 256x13x13
                new ReLU(),
                new MaxPool2d(3, 2));                // 256x6x6
        Sequential network = Sequential.named()
                .add("features", features)
                .add("avgpool", new AdaptiveAvgPool2d(6, 6)) // 256x6x6 whatever the input size
                .add("flatten", new Flatten())                // 9216
                .add("classifier", classifier())              // 1000
                .build();
        return new Model("alexnet", "torchvision AlexNet", Shape.of(3, 224, 224), InputTransform.imagenet(224), network);
    }

    /** Krizhevsky et al. 2012 as trained on two GPUs (groups=2, LRN): 60,965,224 parameters, 3x227x227 in. */
    public static Model krizhevsky2012() {
        Sequential features = Sequential.of(
                new Conv2d(3, 96, 11, 4, 0),                                  // 96x55x55
                new ReLU(),
                new LocalResponseNorm(LrnSpec.alexNet2012()),
                new MaxPool2d(3, 2),                                           // 96x27x27
                new Conv2d(Conv2dSpec.of(96, 256, 5, 1, 2).withGroups(2)),    // 256x27x27
                new ReLU(),
                new LocalResponseNorm(LrnSpec.alexNet2012()),
                new MaxPool2d(3, 2),                                           // 256x13x13
                new Conv2d(256, 384, 3, 1, 1),                                // 384x13x13, both towers
                new ReLU(),
                new Conv2d(Conv2dSpec.of(384, 384, 3, 1, 1).withGroups(2)),   // 384x13x13
                new ReLU(),
                new Conv2d(Conv2dSpec.of(384, 256, 3, 1, 1).withGroups(2)),   // 256x13x13
                new ReLU(),
                new MaxPool2d(3, 2));                                          // 256x6x6
        return new Model("alexnet-2012", "AlexNet as trained on two GPUs (groups=2, LRN)",
                Shape.of(3, 227, 227), InputTransform.imagenet(227), withoutAvgPool(features));
    }

    /** Seed 000's single-tower AlexNet (no groups, no LRN): 62,378,344 parameters, 3x227x227 in. */
    public static Model seed() {
        Sequential features = Sequential.of(
                new Conv2d(3, 96, 11, 4, 0),        // 96x55x55
                new ReLU(),
                new MaxPool2d(3, 2),                 // 96x27x27
                new Conv2d(96, 256, 5, 1, 2),       // 256x27x27
                new ReLU(),
                new MaxPool2d(3, 2),                 // 256x13x13
                new Conv2d(256, 384, 3, 1, 1),      // 384x13x13
                new ReLU(),
                new Conv2d(384, 384, 3, 1, 1),      // 384x13x13
                new ReLU(),
                new Conv2d(384, 256, 3, 1, 1),      // 256x13x13
                new ReLU(),
                new MaxPool2d(3, 2));                // 256x6x6
        return new Model("alexnet-seed", "single-tower AlexNet of seed 000 (no groups, no LRN)",
                Shape.of(3, 227, 227), InputTransform.imagenet(227), withoutAvgPool(features));
    }

    private static Sequential withoutAvgPool(Sequential features) {
        return Sequential.named()
                .add("features", features)      // 256x6x6
                .add("flatten", new Flatten())  // 9216
                .add("classifier", classifier()) // 1000
                .build();
    }

    private static Sequential classifier() {
        return Sequential.of(
                new Dropout(),
                new Linear(256 * 6 * 6, 4096),
                new ReLU(),
                new Dropout(),
                new Linear(4096, 4096),
                new ReLU(),
                new Linear(4096, 1000));
    }
}
