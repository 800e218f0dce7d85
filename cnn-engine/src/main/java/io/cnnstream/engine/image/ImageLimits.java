package io.cnnstream.engine.image;

import java.time.Duration;

/**
 * What a decoder accepts: encoded size, declared pixel count (read from the header, before any
 * pixel is allocated), decode time, and the memory all of one decoder's decodes may hold at once
 * ({@code decodeMemory}; one image may take half of it, so that two of the largest decode side by
 * side). Defaults suit photos up to about 40 megapixels, as memory allows: 256 MiB is an 8-bit RGB
 * JPEG of 22 megapixels, a PNG with alpha of 19.
 */
public record ImageLimits(long maxBytes, long maxPixels, Duration decodeTimeout, long decodeMemory) {

    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    public static final Duration DEFAULT_DECODE_TIMEOUT = Duration.ofSeconds(5);
    public static final long DEFAULT_DECODE_MEMORY = 256L * 1024 * 1024;
    /** A decode memory below this could not hold even a thumbnail's share. */
    static final long MIN_DECODE_MEMORY = 1024 * 1024;

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
        if (decodeMemory < MIN_DECODE_MEMORY) {
            throw new IllegalArgumentException("image decode memory must be >= " + MIN_DECODE_MEMORY + " bytes, got " + decodeMemory);
        }
    }

    public ImageLimits(long maxBytes, long maxPixels, Duration decodeTimeout) {
        this(maxBytes, maxPixels, decodeTimeout, DEFAULT_DECODE_MEMORY);
    }

    public static ImageLimits defaults() {
        return new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_DECODE_TIMEOUT, DEFAULT_DECODE_MEMORY);
    }

    /** The most one image's decode may hold. */
    public long maxDecodeBytes() {
        return decodeMemory / 2;
    }
}
