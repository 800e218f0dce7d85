package io.cnnstream.engine.model;

import io.cnnstream.engine.graph.Residual;
import io.cnnstream.engine.graph.Sequential;
import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.kernel.Pool2dSpec;
import io.cnnstream.engine.layer.AdaptiveAvgPool2d;
import io.cnnstream.engine.layer.BatchNorm2d;
import io.cnnstream.engine.layer.Conv2d;
import io.cnnstream.engine.layer.Flatten;
import io.cnnstream.engine.layer.Layer;
import io.cnnstream.engine.layer.Linear;
import io.cnnstream.engine.layer.MaxPool2d;
import io.cnnstream.engine.layer.ReLU;
import io.cnnstream.engine.tensor.Shape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** torchvision's ResNet with Bottleneck blocks, v1.5 (the stride on the 3x3 convolution). */
public final class ResNet {
    private static final int EXPANSION = 4;

    private ResNet() {
    }

    /** {@code resnet50}: Bottleneck x [3, 4, 6, 3], 25,557,032 parameters, 3x224x224 in. */
    public static Model resnet50() {
        Sequential network = Sequential.named()
                .add("conv1", new Conv2d(Conv2dSpec.of(3, 64, 7, 2, 3).withoutBias()))   // 64x112x112
                .add("bn1", new BatchNorm2d(64))
                .add("relu", new ReLU())
                .add("maxpool", new MaxPool2d(Pool2dSpec.of(3, 2, 1, false)))           // 64x56x56
                .add("layer1", stage(64, 64, 3, 1))                                     // 256x56x56
                .add("layer2", stage(256, 128, 4, 2))                                   // 512x28x28
                .add("layer3", stage(512, 256, 6, 2))                                   // 1024x14x14
                .add("layer4", stage(1024, 512, 3, 2))                                  // 2048x7x7
                .add("avgpool", new AdaptiveAvgPool2d(1, 1))                            // 2048x1x1
                .add("flatten", new Flatten())                                          // 2048
                .add("fc", new Linear(512 * EXPANSION, 1000))                           // 1000
                .build();
        return new Model("resnet50", "ResNet-50 v1.5 (torchvision layout)", Shape.of(3, 224, 224),
                InputTransform.imagenet(224), network);
    }

    private static Sequential stage(int in, int width, int blocks, int stride) {
        List<Layer> layers = new ArrayList<>();
        layers.add(bottleneck(in, width, stride));
        for (int i = 1; i < blocks; i++) {
            layers.add(bottleneck(width * EXPANSION, width, 1));
        }
        return Sequential.of(layers.toArray(Layer[]::new));
    }

    /** 1x1 reduce, 3x3 (carrying the stride), 1x1 expand, each with batch norm; projection shortcut when the shape changes. */
    private static Residual bottleneck(int in, int width, int stride) {
        int out = width * EXPANSION;
        Map<String, Layer> main = new LinkedHashMap<>();
        main.put("conv1", new Conv2d(Conv2dSpec.of(in, width, 1, 1, 0).withoutBias()));
        main.put("bn1", new BatchNorm2d(width));
        main.put("relu1", new ReLU());
        main.put("conv2", new Conv2d(Conv2dSpec.of(width, width, 3, stride, 1).withoutBias()));
        main.put("bn2", new BatchNorm2d(width));
        main.put("relu2", new ReLU());
        main.put("conv3", new Conv2d(Conv2dSpec.of(width, out, 1, 1, 0).withoutBias()));
        main.put("bn3", new BatchNorm2d(out));
        Layer shortcut = stride == 1 && in == out ? null : Sequential.of(
                new Conv2d(Conv2dSpec.of(in, out, 1, stride, 0).withoutBias()),
                new BatchNorm2d(out));
        return new Residual(main, shortcut);
    }
}
