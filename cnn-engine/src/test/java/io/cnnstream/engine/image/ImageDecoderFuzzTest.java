package io.cnnstream.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.time.Duration;

/**
 * Untrusted bytes in, an image within the limits or an {@link ImageRejectedException} out: any
 * other exception, error or hang is a finding. The seeds (one small file of each format, in
 * {@code ImageDecoderFuzzTestInputs}) run in every build; {@code bin/fuzz image MINUTES} fuzzes.
 */
class ImageDecoderFuzzTest {
    /** Small limits, so that a hostile header is refused quickly and memory stays bounded. */
    private static final ImageLimits LIMITS = new ImageLimits(1 << 20, 1 << 20, Duration.ofSeconds(2));
    private static final ImageDecoder DECODER = new ImageDecoder(LIMITS);

    @FuzzTest(maxDuration = "10m")
    void decodesWithinTheLimitsOrRejects(byte[] data) {
        RgbImage image;
        try {
            image = DECODER.decode(data);
        } catch (ImageRejectedException e) {
            assertNotNull(e.reason());
            return;
        }
        assertTrue((long) image.width() * image.height() <= LIMITS.maxPixels(), image.width() + "x" + image.height());
        assertEquals(3L * image.width() * image.height(), image.rgb().length);
    }
}
