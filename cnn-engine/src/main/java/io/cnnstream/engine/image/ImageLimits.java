package io.cnnstream.engine.image;

import java.time.Duration;

/**
 * What a decoder accepts: encoded size, declared pixel count (read from the header, before any
 * pixel is allocated) and decode time. Defaults suit photos up to about 40 megapixels.
 */
public record ImageLimits(long maxBytes, long maxPixels, Duration decodeTimeout) {

    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    public static final Duration DEFAULT_DECODE_TIMEOUT = Duration.ofSeconds(5);

    public ImageLimits {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maximum image bytes must be >= 1, got " + maxBytes);
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maximum image pixels must be >= 1, got " + maxPixels);
        }
        if (decodeTimeout == null || decodeTimeout.isNegative() || decodeTimeout.isZero()) {
            throw new IllegalArgumentException("image decode timeout must be positive, got " + decodeTimeout);
        }
    }

    public static ImageLimits defaults() {
        return new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_DECODE_TIMEOUT);
    }
}
