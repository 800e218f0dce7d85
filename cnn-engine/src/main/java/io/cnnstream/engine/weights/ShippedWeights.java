package io.cnnstream.engine.weights;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Trained weights that ship inside the engine's jar, used when a registry model is opened without a
 * weights file: LeNet-5 trained on the shipped MNIST digits by {@code cnn train} (the command is in
 * the file's metadata and the README). Each file's SHA-256 is pinned here and checked when it is
 * read; the file is copied out once per JVM, as the weights readers work on paths.
 */
public final class ShippedWeights {
    /** A shipped file: its resource name and pinned digest. */
    public record Shipped(String resource, String sha256) {
    }

    private static final Map<String, Shipped> BY_MODEL = Map.of(
            "lenet5", new Shipped("lenet5-mnist.safetensors",
                    "47da517e1749da5190c33f97ffb7ebb83478b2ea82ceb6f39adbfd20f620b97f"));

    private static final Map<String, Path> EXTRACTED = new java.util.concurrent.ConcurrentHashMap<>();

    private ShippedWeights() {
    }

    /** The shipped weights of {@code model}, or null when it has none. */
    public static Shipped of(String model) {
        return BY_MODEL.get(model);
    }

    /** The shipped file of {@code model} on disk, its digest checked. */
    public static Path file(String model) {
        Shipped shipped = BY_MODEL.get(model);
        if (shipped == null) {
            throw new IllegalArgumentException("model " + model + " ships no trained weights");
        }
        return EXTRACTED.computeIfAbsent(model, m -> extract(shipped));
    }

    private static Path extract(Shipped shipped) {
        try (InputStream in = ShippedWeights.class.getResourceAsStream("/io/cnnstream/engine/model/" + shipped.resource())) {
            if (in == null) {
                throw new IllegalStateException("the engine's jar lacks its shipped weights " + shipped.resource());
            }
            Path dir = Files.createTempDirectory("cnnstream-weights");
            Path file = dir.resolve(shipped.resource());
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            String actual = Sha256.of(file);
            if (!actual.equals(shipped.sha256())) {
                throw new IllegalStateException("shipped weights " + shipped.resource() + " have sha256 " + actual
                        + ", pinned " + shipped.sha256() + ": the jar is damaged");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy out the shipped weights " + shipped.resource(), e);
        }
    }
}
