package io.cnnstream.engine.model;

import java.util.Arrays;

/**
 * How images become a model's input, torchvision's evaluation transform: resize so the shorter side
 * is {@code resize}, centre-crop {@code crop} x {@code crop}, scale to [0, 1], normalise per channel.
 */
public record InputTransform(int resize, int crop, float[] mean, float[] std) {
    /** torchvision's ImageNet statistics. */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    public InputTransform {
        if (crop < 1 || resize < crop) {
            throw new IllegalArgumentException("resize " + resize + " must be at least the crop " + crop + " (>= 1)");
        }
        if (mean.length != std.length || mean.length != 3) {
            throw new IllegalArgumentException("mean and std need one value per RGB channel, got "
                    + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std values must be > 0, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Resize(256), CenterCrop(crop), ImageNet mean and std. */
    public static InputTransform imagenet(int crop) {
        return new InputTransform(256, crop, IMAGENET_MEAN, IMAGENET_STD);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputTransform t && t.resize == resize && t.crop == crop
                && Arrays.equals(t.mean, mean) && Arrays.equals(t.std, std);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * resize + crop) + Arrays.hashCode(mean) * 7 + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Resize(" + resize + ") CenterCrop(" + crop + ") Normalize(" + Arrays.toString(mean) + ", "
                + Arrays.toString(std) + ")";
    }
}
