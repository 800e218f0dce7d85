package io.cnnstream.engine.model;

import io.cnnstream.engine.graph.Concat;
import io.cnnstream.engine.graph.Sequential;
import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.kernel.Pool2dSpec;
import io.cnnstream.engine.layer.AdaptiveAvgPool2d;
import io.cnnstream.engine.layer.BatchNorm2d;
import io.cnnstream.engine.layer.ChannelAffine;
import io.cnnstream.engine.layer.Conv2d;
import io.cnnstream.engine.layer.Dropout;
import io.cnnstream.engine.layer.Flatten;
import io.cnnstream.engine.layer.Layer;
import io.cnnstream.engine.layer.Linear;
import io.cnnstream.engine.layer.MaxPool2d;
import io.cnnstream.engine.layer.ReLU;
import io.cnnstream.engine.tensor.Shape;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * torchvision's GoogLeNet (Inception-v1) for inference: the auxiliary classifiers, used only in
 * training, are left out. {@code transform_input} is on, as in torchvision's pretrained model: the
 * ImageNet-normalised input is mapped to the [-1, 1] scaling the original weights were trained with.
 * As in torchvision, the "5x5" branch uses a 3x3 convolution.
 */
public final class GoogLeNet {
    private GoogLeNet() {
    }

    /** {@code googlenet}: 6,624,904 parameters, 3x224x224 in. */
    public static Model googlenet() {
        Sequential network = Sequential.named()
                .add("transform_input", transformInput())
                .add("conv1", basicConv(3, 64, 7, 2, 3))                                   // 64x112x112
                .add("maxpool1", new MaxPool2d(Pool2dSpec.of(3, 2, 0, true)))               // 64x56x56
                .add("conv2", basicConv(64, 64, 1, 1, 0))                                  // 64x56x56
                .add("conv3", basicConv(64, 192, 3, 1, 1))                                 // 192x56x56
                .add("maxpool2", new MaxPool2d(Pool2dSpec.of(3, 2, 0, true)))               // 192x28x28
                .add("inception3a", inception(192, 64, 96, 128, 16, 32, 32))               // 256x28x28
                .add("inception3b", inception(256, 128, 128, 192, 32, 96, 64))             // 480x28x28
                .add("maxpool3", new MaxPool2d(Pool2dSpec.of(3, 2, 0, true)))               // 480x14x14
                .add("inception4a", inception(480, 192, 96, 208, 16, 48, 64))              // 512x14x14
                .add("inception4b", inception(512, 160, 112, 224, 24, 64, 64))             // 512x14x14
                .add("inception4c", inception(512, 128, 128, 256, 24, 64, 64))             // 512x14x14
                .add("inception4d", inception(512, 112, 144, 288, 32, 64, 64))             // 528x14x14
                .add("inception4e", inception(528, 256, 160, 320, 32, 128, 128))           // 832x14x14
                .add("maxpool4", new MaxPool2d(Pool2dSpec.of(2, 2, 0, true)))               // 832x7x7
                .add("inception5a", inception(832, 256, 160, 320, 32, 128, 128))           // 832x7x7
                .add("inception5b", inception(832, 384, 192, 384, 48, 128, 128))           // 1024x7x7
                .add("avgpool", new AdaptiveAvgPool2d(1, 1))                                // 1024x1x1
                .add("flatten", new Flatten())                                             // 1024
                .add("dropout", new Dropout(0.2))
                .add("fc", new Linear(1024, 1000))                                         // 1000
                .build();
        return new Model("googlenet", "GoogLeNet / Inception-v1 (torchvision, no auxiliary heads, transform_input)",
                Shape.of(3, 224, 224), InputTransform.imagenet(224), network, java.util.List.of("aux1.", "aux2."));
    }

    /** torchvision's {@code _transform_input}: {@code x_c * (std_c / 0.5) + (mean_c - 0.5) / 0.5}. */
    private static ChannelAffine transformInput() {
        double[] torchMean = {0.485, 0.456, 0.406}, torchStd = {0.229, 0.224, 0.225};
        float[] scale = new float[3], shift = new float[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = (float) (torchStd[c] / 0.5);
            shift[c] = (float) ((torchMean[c] - 0.5) / 0.5);
        }
        return new ChannelAffine(scale, shift);
    }

    /** torchvision's {@code BasicConv2d}: convolution without bias, batch norm (eps 0.001), ReLU. */
    private static Sequential basicConv(int in, int out, int kernel, int stride, int padding) {
        return Sequential.named()
                .add("conv", new Conv2d(Conv2dSpec.of(in, out, kernel, stride, padding).withoutBias()))
                .add("bn", new BatchNorm2d(out, 0.001))
                .add("relu", new ReLU())
                .build();
    }

    private static Concat inception(int in, int ch1x1, int ch3x3red, int ch3x3, int ch5x5red, int ch5x5, int poolProj) {
        Map<String, Layer> branches = new LinkedHashMap<>();
        branches.put("branch1", basicConv(in, ch1x1, 1, 1, 0));
        branches.put("branch2", Sequential.of(basicConv(in, ch3x3red, 1, 1, 0), basicConv(ch3x3red, ch3x3, 3, 1, 1)));
        branches.put("branch3", Sequential.of(basicConv(in, ch5x5red, 1, 1, 0), basicConv(ch5x5red, ch5x5, 3, 1, 1)));
        branches.put("branch4", Sequential.of(new MaxPool2d(Pool2dSpec.of(3, 1, 1, true)), basicConv(in, poolProj, 1, 1, 0)));
        return new Concat(branches);
    }
}
