package io.cnnstream.engine.image;

import static io.cnnstream.engine.image.ImageRejectedException.Reason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

/** Files that must be refused with their typed reason: never an OutOfMemoryError, a hang or an untyped exception. */
class HostileImagesTest {
    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.defaults());

    @Test
    void zeroBytesIsEmpty() {
        assertRejected(Reason.EMPTY, new byte[0], "empty: no bytes");
    }

    @Test
    void randomBytesAreAnUnknownFormat() {
        byte[] noise = new byte[4096];
        new SplittableRandom(1).nextBytes(noise);
        noise[0] = 0x13;
        assertRejected(Reason.UNKNOWN_FORMAT, noise, "match no JPEG, PNG, GIF, BMP, WebP or TIFF signature");
    }

    @Test
    void randomBytesBehindAPngSignatureAreMalformed() {
        byte[] noise = new byte[4096];
        new SplittableRandom(2).nextBytes(noise);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, 0, noise, 0, 8);
        assertRejected(Reason.MALFORMED, noise, "PNG");
    }

    @Test
    void truncatedJpegAndPngAreMalformed() {
        assertRejected(Reason.MALFORMED, ImageFiles.read(ImageFiles.SAMPLES.resolve("odd/truncated.jpg")), "JPEG data is truncated or corrupt");
        byte[] png = ImageFiles.read(ImageFiles.SAMPLES.resolve("chelsea.png"));
        assertRejected(Reason.MALFORMED, Arrays.copyOf(png, png.length / 2), "PNG");
        byte[] jpeg = ImageFiles.read(ImageFiles.SAMPLES.resolve("rocket.jpg"));
        assertRejected(Reason.MALFORMED, Arrays.copyOf(jpeg, jpeg.length / 3), "JPEG data is truncated or corrupt");
    }

    @Test
    void tinyPngDeclaringHugeSizeIsRefusedBeforeAllocation() {
        byte[] png = pngHeaderOnly(65535, 65535);
        assertTrue(png.length < 60, "a " + png.length + "-byte file");
        assertRejected(Reason.TOO_MANY_PIXELS, png, "PNG header declares 65535x65535 = 4294836225 pixels, more than the limit of 40000000");
    }

    @Test
    void gifWithHugeLogicalScreenIsRefused() {
        byte[] gif = ImageFiles.read(ImageFiles.SAMPLES.resolve("odd/no_time_for_that_tiny.gif")).clone();
        gif[6] = (byte) 0xFF; gif[7] = (byte) 0xFF; gif[8] = (byte) 0xFF; gif[9] = (byte) 0xFF;
        assertRejected(Reason.TOO_MANY_PIXELS, gif, "GIF header declares 65535x65535");
    }

    @Test
    void bmpDeclaringHugeSizeIsRefused() {
        ByteBuffer bmp = ByteBuffer.allocate(58).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(150_000_054).putInt(0).putInt(54);
        bmp.putInt(40).putInt(10000).putInt(5000).putShort((short) 1).putShort((short) 24).putInt(0).putInt(4)
                .putInt(0).putInt(0).putInt(0).putInt(0);
        assertRejected(Reason.TOO_MANY_PIXELS, bmp.array(), "BMP header declares 10000x5000 = 50000000 pixels");
    }

    @Test
    void moreBytesThanTheLimitIsTooLarge() {
        ImageDecoder small = new ImageDecoder(new ImageLimits(1000, 1_000_000, Duration.ofSeconds(5)));
        ImageRejectedException e = assertThrows(ImageRejectedException.class,
                () -> small.decode(ImageFiles.read(ImageFiles.SAMPLES.resolve("chelsea.png"))));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertEquals("too-large: 240512 bytes is more than the limit of 1000", e.getMessage());
    }

    @Test
    void decodingLongerThanTheLimitTimesOut() {
        ImageDecoder hurried = new ImageDecoder(new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, ImageLimits.DEFAULT_MAX_PIXELS,
                Duration.ofNanos(1)));
        ImageRejectedException e = assertThrows(ImageRejectedException.class,
                () -> hurried.decode(ImageFiles.read(ImageFiles.SAMPLES.resolve("dog.jpg"))));
        assertEquals(Reason.TIMEOUT, e.reason(), e.getMessage());
    }

    /**
     * Found by Jazzer: 91 bytes of lossless WebP declaring 4000x10000 pixels, which TwelveMonkeys'
     * decoder reads past their end once per pixel, for two minutes, without reporting progress.
     * With the default decode memory it is refused before decoding (268 MiB of pixels); given the
     * memory, its decode is stopped at the time limit.
     */
    @Test
    void aTinyWebpDecoderThatNeverReportsProgressIsStoppedAtTheTimeLimit() {
        byte[] data = ImageFiles.read(ImageFiles.resource("images/hostile/lossless-91-bytes-40-megapixels.webp"));
        assertRejected(Reason.TOO_MANY_PIXELS, data, "needs 268 MiB to decode");
        ImageDecoder decoder = new ImageDecoder(new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, ImageLimits.DEFAULT_MAX_PIXELS,
                Duration.ofSeconds(1), 1L << 30));
        ImageRejectedException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(ImageRejectedException.class, () -> decoder.decode(data)));
        assertEquals(Reason.TIMEOUT, e.reason(), e.getMessage());
        assertEquals("timeout: WEBP decoding was stopped at the limit of 1000 ms", e.getMessage());
    }

    @Test
    void multipageTiffDecodesOrIsRefusedWithAReason() {
        byte[] tiff = ImageFiles.read(ImageFiles.SAMPLES.resolve("odd/multipage_rgb.tif"));
        try {
            RgbImage image = DECODER.decode(tiff);
            assertEquals(10, image.width());
            assertEquals(10, image.height());
        } catch (ImageRejectedException e) {
            assertTrue(e.reason() == Reason.MALFORMED || e.reason() == Reason.UNSUPPORTED, e.getMessage());
        }
    }

    @Test
    void anImageNameOrExtensionIsNeverTrusted() throws Exception {
        // a PNG called .jpg is still a PNG: the format comes from the bytes
        Path png = ImageFiles.SAMPLES.resolve("odd/palette_color.png");
        assertEquals(ImageFormat.PNG, ImageFormat.sniff(Files.readAllBytes(png)));
        assertEquals(10, DECODER.decode(Files.readAllBytes(png)).width());
    }

    @Test
    void mutatedSamplesDecodeOrAreRefusedWithAReason() {
        // bounded fuzz: truncations and byte flips of every format we read
        List<byte[]> seeds = List.of(
                ImageFiles.read(ImageFiles.SAMPLES.resolve("odd/palette_color.png")),
                ImageFiles.read(ImageFiles.SAMPLES.resolve("odd/no_time_for_that_tiny.gif")),
                ImageFiles.read(ImageFiles.resource("images/generated/scene.bmp")),
                ImageFiles.read(ImageFiles.resource("images/generated/progressive.jpg")),
                ImageFiles.read(ImageFiles.resource("images/generated/cmyk.jpg")),
                ImageFiles.read(ImageFiles.resource("images/generated/grey16.png")),
                ImageFiles.read(ImageFiles.resource("images/generated/lossless.webp")),
                ImageFiles.read(ImageFiles.resource("images/generated/lossy.webp")),
                ImageFiles.read(ImageFiles.SAMPLES.resolve("odd/multipage_rgb.tif")));
        SplittableRandom random = new SplittableRandom(42);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int decoded = 0, refused = 0;
            for (int round = 0; round < 400; round++) {
                byte[] seed = seeds.get(round % seeds.size());
                byte[] mutant = random.nextBoolean() ? Arrays.copyOf(seed, 1 + random.nextInt(seed.length)) : seed.clone();
                for (int flips = random.nextInt(1, 6); flips > 0; flips--) {
                    mutant[random.nextInt(mutant.length)] = (byte) random.nextInt(256);
                }
                try {
                    RgbImage image = DECODER.decode(mutant);
                    assertTrue(image.width() > 0 && image.height() > 0);
                    decoded++;
                } catch (ImageRejectedException e) {
                    refused++;
                } catch (Throwable t) {
                    fail("round " + round + ": untyped failure " + t, t);
                }
            }
            assertEquals(400, decoded + refused);
        });
    }

    private static void assertRejected(Reason reason, byte[] data, String messagePart) {
        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> DECODER.decode(data));
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith(reason.tag() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    /** Signature and a valid IHDR chunk, nothing else. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        out.writeBytes(ByteBuffer.allocate(4).putInt(13).array());
        out.writeBytes(ihdr.array());
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return out.toByteArray();
    }
}
