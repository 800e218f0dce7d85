package io.cnnstream.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The service sees the engine only through its public API: the {@code api} package and the value
 * types its methods take and return ({@code tensor}, and {@code image}'s preprocessor, limits and
 * rejection). Kernels, layers, models and weights stay the engine's business.
 */
class EngineBoundaryTest {
    private static final Pattern ENGINE_IMPORT = Pattern.compile("^import (static )?io\\.cnnstream\\.engine\\.([a-z]+)\\.", Pattern.MULTILINE);
    private static final List<String> ALLOWED = List.of("api", "tensor", "image");

    @Test
    void serviceImportsOnlyTheEnginesPublicPackages() throws IOException {
        try (Stream<Path> sources = Files.walk(Path.of("src", "main", "java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = ENGINE_IMPORT.matcher(Files.readString(source));
                while (m.find()) {
                    assertThat(ALLOWED).as(source + " imports io.cnnstream.engine." + m.group(2)).contains(m.group(2));
                }
            }
        }
    }
}
