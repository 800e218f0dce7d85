package io.cnnstream.engine.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Class names, one a line, line N naming output N-1: the ImageNet-1k names by default. */
public final class Labels {
    private final List<String> names;
    private final String source;

    private Labels(List<String> names, String source) {
        this.names = List.copyOf(names);
        this.source = source;
    }

    /** torchvision's ImageNet-1k class names (index 258 is "Samoyed"). */
    public static Labels imagenet() {
        try (InputStream in = Labels.class.getResourceAsStream("imagenet_classes.txt")) {
            if (in == null) {
                throw new IllegalStateException("imagenet_classes.txt is missing from the engine jar");
            }
            return new Labels(read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))),
                    "ImageNet-1k (built in)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in ImageNet labels", e);
        }
    }

    /** Labels from a UTF-8 text file, one name a line (a trailing empty line is ignored). */
    public static Labels fromFile(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new Labels(read(in), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read labels file " + file + ": " + e, e);
        }
    }

    /**
     * The labels for a model with {@code classes} outputs: {@code file} when given, else the
     * ImageNet names for 1000 classes, else the class indices. Fails when the counts differ.
     */
    public static Labels forModel(String model, int classes, Path file) {
        Labels labels;
        if (file != null) {
            labels = fromFile(file);
        } else if (classes == 1000) {
            labels = imagenet();
        } else {
            List<String> indices = new ArrayList<>();
            for (int i = 0; i < classes; i++) {
                indices.add(Integer.toString(i));
            }
            labels = new Labels(indices, "class indices");
        }
        if (labels.size() != classes) {
            throw new IllegalArgumentException("labels " + labels.source + " have " + labels.size()
                    + " names but model " + model + " has " + classes + " outputs");
        }
        return labels;
    }

    private static List<String> read(BufferedReader in) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            names.add(line.strip());
        }
        while (!names.isEmpty() && names.get(names.size() - 1).isEmpty()) {
            names.remove(names.size() - 1);
        }
        return names;
    }

    public int size() {
        return names.size();
    }

    public String get(int index) {
        return names.get(index);
    }

    public String source() {
        return source;
    }
}
