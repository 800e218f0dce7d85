package io.cnnstream.engine.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the test images: the project's samples and the generated and golden files in test resources. */
final class ImageFiles {
    static final Path SAMPLES = Path.of("..", "samples", "images");

    private ImageFiles() {
    }

    static Path resource(String path) {
        try {
            return Path.of(ImageFiles.class.getResource("/" + path).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + path, e);
        }
    }

    static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Largest and mean absolute difference of two RGB images of the same size. */
    static double[] difference(RgbImage expected, RgbImage actual) {
        if (expected.width() != actual.width() || expected.height() != actual.height()) {
            throw new AssertionError("size " + actual.width() + "x" + actual.height() + ", expected "
                    + expected.width() + "x" + expected.height());
        }
        int max = 0;
        long sum = 0;
        for (int i = 0; i < expected.rgb().length; i++) {
            int d = Math.abs((expected.rgb()[i] & 0xFF) - (actual.rgb()[i] & 0xFF));
            max = Math.max(max, d);
            sum += d;
        }
        return new double[] {max, (double) sum / expected.rgb().length};
    }
}
