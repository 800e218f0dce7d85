package io.cnnstream.engine.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/** Reading an image and writing a PNG for the picture commands, their errors worded for people. */
final class Pictures {
    private Pictures() {
    }

    /** Tiles per row of a near-square grid of {@code n}. */
    static int columns(int n) {
        return (int) Math.ceil(Math.sqrt(n));
    }

    static byte[] read(String command, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageException(command + ": cannot read " + file + ": " + FileErrors.describe(e));
        }
    }

    static void write(String command, BufferedImage image, Path file) {
        try {
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IOException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UsageException(command + ": cannot write " + file + ": " + FileErrors.describe(e));
        }
    }
}
