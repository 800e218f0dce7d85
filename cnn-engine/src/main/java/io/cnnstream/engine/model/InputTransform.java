package io.cnnstream.engine.model;

import java.util.Arrays;

/**
 * How images become a model's input, torchvision's evaluation transform: resize so the shorter side
 * is {@code resize}, centre-crop {@code crop} x {@code crop}, scale to [0, 1], normalise per channel.
 * With one mean and std the image is made greyscale (PIL's {@code convert("L")} weights), its colours
 * inverted when its border is light (digits drawn dark on paper, where MNIST's are light on black),
 * and padded by {@code pad} black pixels on every side, as LeNet-5's 28x28 digits are to 32x32.
 */
public record InputTransform(int resize, int crop, float[] mean, float[] std, int pad) {
    /** torchvision's ImageNet statistics. */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    public InputTransform {
        if (crop < 1 || resize < crop) {
            throw new IllegalArgumentException("resize " + resize + " must be at least the crop " + crop + " (>= 1)");
        }
        if (mean.length != std.length || mean.length != 3 && mean.length != 1) {
            throw new IllegalArgumentException("mean and std need one value per RGB channel, or one for greyscale, got "
                    + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        if (pad < 0) {
            throw new IllegalArgumentException("pad must be >= 0, got " + pad);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std values must be > 0, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** An RGB transform without padding. */
    public InputTransform(int resize, int crop, float[] mean, float[] std) {
        this(resize, crop, mean, std, 0);
    }

    /** MNIST's: greyscale, Resize(28), CenterCrop(28), Pad(2), mean 0.1307, std 0.3081. */
    public static InputTransform mnistDigits() {
        return new InputTransform(28, 28, new float[] {0.1307f}, new float[] {0.3081f}, 2);
    }

    /** 3 for RGB, 1 for greyscale. */
    public int channels() {
        return mean.length;
    }

    /** The side of the model input: the crop and its padding. */
    public int side() {
        return crop + 2 * pad;
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
        return o instanceof InputTransform t && t.resize == resize && t.crop == crop && t.pad == pad
                && Arrays.equals(t.mean, mean) && Arrays.equals(t.std, std);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * resize + crop) + pad) + Arrays.hashCode(mean) * 7 + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return (channels() == 1 ? "Grayscale (inverted if light) " : "") + "Resize(" + resize + ") CenterCrop(" + crop + ") "
                + (pad > 0 ? "Pad(" + pad + ") " : "") + "Normalize(" + Arrays.toString(mean) + ", " + Arrays.toString(std) + ")";
    }
}
