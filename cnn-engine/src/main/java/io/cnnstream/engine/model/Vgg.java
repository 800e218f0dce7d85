package io.cnnstream.engine.model;

import io.cnnstream.engine.graph.Sequential;
import io.cnnstream.engine.layer.AdaptiveAvgPool2d;
import io.cnnstream.engine.layer.Conv2d;
import io.cnnstream.engine.layer.Dropout;
import io.cnnstream.engine.layer.Flatten;
import io.cnnstream.engine.layer.Layer;
import io.cnnstream.engine.layer.Linear;
import io.cnnstream.engine.layer.MaxPool2d;
import io.cnnstream.engine.layer.ReLU;
import io.cnnstream.engine.tensor.Shape;

import java.util.ArrayList;
import java.util.List;

/** torchvision's VGG: a configuration list of 3x3 convolution widths and 'M' for 2x2 max pooling. */
public final class Vgg {
    /** Configuration D: 13 convolutions + 3 fully connected layers. */
    static final Object[] VGG16 = {64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"};

    private Vgg() {
    }

    /** {@code vgg16}: 138,357,544 parameters, 3x224x224 in. */
    public static Model vgg16() {
        Sequential network = Sequential.named()
                .add("features", features(VGG16))              // 512x7x7
                .add("avgpool", new AdaptiveAvgPool2d(7, 7))   // 512x7x7 whatever the input size
                .add("flatten", new Flatten())                 // 25088
                .add("classifier", Sequential.of(
                        new Linear(512 * 7 * 7, 4096), new ReLU(), new Dropout(),
                        new Linear(4096, 4096), new ReLU(), new Dropout(),
                        new Linear(4096, 1000)))               // 1000
                .build();
        return new Model("vgg16", "VGG-16 (configuration D)", Shape.of(3, 224, 224), InputTransform.imagenet(224), network);
    }

    static Sequential features(Object[] config) {
        List<Layer> layers = new ArrayList<>();
        int channels = 3;
        for (Object v : config) {
            if ("M".equals(v)) {
                layers.add(new MaxPool2d(2, 2));
            } else if (v instanceof Integer width) {
                layers.add(new Conv2d(channels, width, 3, 1, 1));
                layers.add(new ReLU());
                channels = width;
            } else {
                throw new IllegalArgumentException("VGG configuration entries are widths or \"M\", got " + v);
            }
        }
        return Sequential.of(layers.toArray(Layer[]::new));
    }
}
