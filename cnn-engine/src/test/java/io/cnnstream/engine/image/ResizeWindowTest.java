package io.cnnstream.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cnnstream.engine.model.InputTransform;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/**
 * The resize is computed over the centre crop's window only: bit-identical to PIL's whole resize
 * cropped, and bounded by the crop, so an image within the pixel limit but of extreme shape needs
 * no more memory than its decoded pixels.
 */
class ResizeWindowTest {

    @Test
    void aWindowOfTheResizeEqualsTheWholeResizeCropped() {
        SplittableRandom random = new SplittableRandom(7);
        int[][] shapes = {{640, 480, 341, 256}, {480, 640, 256, 341}, {100, 30, 853, 256}, {256, 256, 256, 256},
                {300, 256, 300, 256}, {200, 400, 256, 512}, {1000, 999, 257, 256}, {37, 1500, 256, 10378}};
        for (int[] s : shapes) {
            RgbImage in = noise(s[0], s[1], random);
            RgbImage whole = PilResize.bilinear(in, s[2], s[3]);
            for (int trial = 0; trial < 4; trial++) {
                int width = 1 + random.nextInt(Math.min(224, s[2])), height = 1 + random.nextInt(Math.min(224, s[3]));
                int left = random.nextInt(s[2] - width + 1), top = random.nextInt(s[3] - height + 1);
                RgbImage window = PilResize.bilinear(in, s[2], s[3], left, top, width, height);
                assertEquals(width, window.width());
                assertEquals(height, window.height());
                byte[] expected = new byte[3 * width * height];
                for (int y = 0; y < height; y++) {
                    System.arraycopy(whole.rgb(), ((top + y) * whole.width() + left) * 3, expected, y * width * 3, width * 3);
                }
                assertArrayEquals(expected, window.rgb(), () -> java.util.Arrays.toString(s) + " window " + left + "," + top);
            }
        }
    }

    /** 10 x 1,000,000 pixels, within the limit; resized whole to 256 on its shorter side it would be 19.7 GB. */
    @Test
    void anImageOfExtremeShapeWithinThePixelLimitIsPreprocessed() throws Exception {
        BufferedImage strip = new BufferedImage(10, 1_000_000, BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics2D g = strip.createGraphics();
        g.setColor(new java.awt.Color(200, 100, 50));
        g.fillRect(0, 0, 10, 1_000_000);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(strip, "png", png);
        strip = null;
        ImagePreprocessor pre = new ImagePreprocessor(InputTransform.imagenet(224), new ImageDecoder(ImageLimits.defaults()), false);
        float[] out = pre.tensor(png.toByteArray()).data();
        float[] mean = InputTransform.IMAGENET_MEAN, std = InputTransform.IMAGENET_STD;
        int[] colour = {200, 100, 50};
        for (int c = 0; c < 3; c++) {
            assertEquals((colour[c] / 255f - mean[c]) / std[c], out[c * 224 * 224 + 112 * 224 + 112], 1e-6f);
        }
    }

    private static RgbImage noise(int width, int height, SplittableRandom random) {
        byte[] rgb = new byte[3 * width * height];
        random.nextBytes(rgb);
        return new RgbImage(width, height, rgb);
    }
}
