package io.cnnstream.engine.api;

import io.cnnstream.engine.image.ImageLimits;

import java.time.Duration;

/**
 * What a classifier accepts as an image: encoded size, declared pixel count (checked from the
 * header before any pixel is allocated), decode time, the memory its decodes may hold at once
 * (one image at most half of it; {@link ImageLimits}), and whether EXIF orientation is applied
 * (torchvision ignores it, so by default the engine does too).
 */
public record ImageOptions(long maxBytes, long maxPixels, Duration decodeTimeout, long decodeMemory,
                           boolean applyExifOrientation) {
    public ImageOptions {
        new ImageLimits(maxBytes, maxPixels, decodeTimeout, decodeMemory); // validates, naming the bad value
    }

    public ImageOptions(long maxBytes, long maxPixels, Duration decodeTimeout, boolean applyExifOrientation) {
        this(maxBytes, maxPixels, decodeTimeout, ImageLimits.DEFAULT_DECODE_MEMORY, applyExifOrientation);
    }

    public static ImageOptions defaults() {
        ImageLimits limits = ImageLimits.defaults();
        return new ImageOptions(limits.maxBytes(), limits.maxPixels(), limits.decodeTimeout(), limits.decodeMemory(), false);
    }

    public ImageOptions withExifOrientation(boolean apply) {
        return new ImageOptions(maxBytes, maxPixels, decodeTimeout, decodeMemory, apply);
    }

    ImageLimits limits() {
        return new ImageLimits(maxBytes, maxPixels, decodeTimeout, decodeMemory);
    }
}
