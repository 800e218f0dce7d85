package io.cnnstream.engine.cli;

import static io.cnnstream.engine.cli.SummaryCommandTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.image.ImageDecoder;
import io.cnnstream.engine.image.ImageLimits;
import io.cnnstream.engine.image.ImagePreprocessor;
import io.cnnstream.engine.image.TileGrid;
import io.cnnstream.engine.kernel.TestKernels;
import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.train.Mnist;
import io.cnnstream.engine.weights.BoundModel;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cnn features} and {@code cnn filters}: the PNGs' sizes and pixels are the tensors' values. */
class PictureCommandsTest {
    @TempDir
    Path dir;

    @Test
    void featureTilesAreEachMapNormalisedToItsOwnRange() throws Exception {
        Path digit = dir.resolve("digit.png"), grid = dir.resolve("grid.png");
        Files.write(digit, Mnist.png(8003));
        CliRun run = CliRun.of("features", digit.toString(), "--model", "lenet5", "--layer", "features.1", "--output", grid.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("wrote 6 feature maps of features.1 (28x28) of lenet5"), run.out());

        Model lenet = BoundModel.load("lenet5", null).model();
        Tensor input = new ImagePreprocessor(lenet.transform(), new ImageDecoder(ImageLimits.defaults()), false).tensor(Mnist.png(8003));
        float[] maps = lenet.forwardUntil(input, "features.1", TestKernels.VECTOR).data();
        BufferedImage png = ImageIO.read(grid.toFile());
        int scale = 3, tile = 28 * scale, gap = TileGrid.GAP; // 64 px at least: 28 x 3
        assertEquals(gap + 3 * (tile + gap), png.getWidth());
        assertEquals(gap + 2 * (tile + gap), png.getHeight());
        for (int m = 0; m < 6; m++) {
            float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
            for (int i = m * 784; i < (m + 1) * 784; i++) {
                min = Math.min(min, maps[i]);
                max = Math.max(max, maps[i]);
            }
            int left = gap + (m % 3) * (tile + gap), top = gap + (m / 3) * (tile + gap);
            for (int y = 0; y < 28; y += 3) {
                for (int x = 0; x < 28; x += 5) {
                    int expected = TileGrid.grey(maps[m * 784 + y * 28 + x], min, max);
                    assertEquals(expected, png.getRGB(left + x * scale + 1, top + y * scale + 2) & 0xff, "map " + m + " at " + y + "," + x);
                }
            }
        }
    }

    @Test
    void alexnetsFirstFiltersAreRgbTilesOnOneScale() throws Exception {
        Path out = dir.resolve("filters.png");
        CliRun run = CliRun.of("filters", "--model", "alexnet", "--layer", "features.0", "--output", out.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("UNTRAINED"), run.out());
        Parameter weight = BoundModel.load("alexnet", null).model().parameters().get("features.0.weight");
        float[] w = weight.value().data();
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float v : w) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        BufferedImage png = ImageIO.read(out.toFile());
        int scale = 4, tile = 11 * scale, gap = TileGrid.GAP;
        assertEquals(gap + 8 * (tile + gap), png.getWidth());
        int filter = 9, y = 5, x = 7, plane = 121;
        int rgb = png.getRGB(gap + (filter % 8) * (tile + gap) + x * scale, gap + (filter / 8) * (tile + gap) + y * scale);
        assertEquals(TileGrid.grey(w[filter * 363 + y * 11 + x], min, max), rgb >> 16 & 0xff);
        assertEquals(TileGrid.grey(w[filter * 363 + plane + y * 11 + x], min, max), rgb >> 8 & 0xff);
        assertEquals(TileGrid.grey(w[filter * 363 + 2 * plane + y * 11 + x], min, max), rgb & 0xff);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("io.cnnstream.engine.cli.DrawCommandTest#models")
    void everyRegistryModelDrawsItsFirstFiltersAndFeatures(String model) throws Exception {
        Model net = io.cnnstream.engine.model.ModelRegistry.create(model);
        String conv = net.parameters().entrySet().stream().filter(e -> e.getValue().shape().rank() == 4).findFirst()
                .orElseThrow().getKey().replace(".weight", "");
        Path filters = dir.resolve(model + "-filters.png"), features = dir.resolve(model + "-features.png");
        CliRun drawn = CliRun.of("filters", "--model", model, "--layer", conv, "--output", filters.toString());
        assertEquals(0, drawn.status(), drawn.err());
        Path image = dir.resolve("input.png");
        Files.write(image, model.equals("lenet5") ? Mnist.png(8001) : Files.readAllBytes(ClassifyCommandTest.SAMPLES.resolve("chelsea.png")));
        CliRun maps = CliRun.of("features", image.toString(), "--model", model, "--layer", net.layerNames().get(0),
                "--output", features.toString());
        assertEquals(0, maps.status(), maps.err());
        assertTrue(ImageIO.read(filters.toFile()).getWidth() > 0 && ImageIO.read(features.toFile()).getWidth() > 0);
    }

    @Test
    void whatIsNotAPictureIsRefusedByName() {
        String out = dir.resolve("x.png").toString();
        assertError(CliRun.of("filters", "--model", "lenet5", "--layer", "classifier.0", "--output", out),
                "cnn: filters: classifier.0 is not a convolution of lenet5; convolutions: features.0, features.3");
        Path digit = dir.resolve("d.png");
        try {
            Files.write(digit, Mnist.png(8000));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertError(CliRun.of("features", digit.toString(), "--model", "lenet5", "--layer", "classifier.1", "--output", out),
                "cnn: features: layer classifier.1 outputs 120 values, not feature maps; choose a convolution, activation or pooling layer");
        CliRun unknown = CliRun.of("features", digit.toString(), "--model", "lenet5", "--layer", "conv9", "--output", out);
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().startsWith("cnn: features: no layer named 'conv9'; layers: features.0,"), unknown.err());
    }
}
