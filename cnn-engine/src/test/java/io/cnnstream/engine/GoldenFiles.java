package io.cnnstream.engine;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The golden files under {@code src/test/resources/golden}, made by the real tools ({@code tools/golden}). */
public final class GoldenFiles {
    private GoldenFiles() {
    }

    /** {@code of("onnx/smallnet.onnx")}: the file's path; missing files fail loudly. */
    public static Path of(String relative) {
        var url = GoldenFiles.class.getResource("/golden/" + relative);
        if (url == null) {
            throw new IllegalStateException("no golden file " + relative + " (regenerate with tools/golden)");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
