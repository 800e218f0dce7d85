package io.cnnstream.engine.cli;

import io.cnnstream.engine.image.TileGrid;
import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.weights.BoundModel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;

/** {@code cnn filters}: a convolution's learned filters as tiles, RGB for a first layer on colour images. */
@Command(name = "filters", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Write a convolution's filters as a PNG: one RGB tile per filter when it reads 3 channels "
                + "(the classic picture of AlexNet's first layer), one greyscale tile per filter when it reads 1, "
                + "else a row per filter with a tile per input channel; one scale for the whole layer.")
final class FiltersCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", completionCandidates = ModelNames.class,
            description = "one of ${COMPLETION-CANDIDATES}")
    private String model;

    @Option(names = "--weights", paramLabel = "FILE", converter = Converters.ReadableFile.class,
            description = "the model's weights (default: those it ships, lenet5's, else seeded and untrained)")
    private Path weights;

    @Option(names = "--layer", required = true, paramLabel = "NAME", description = "a convolution's state-dict path, e.g. features.0")
    private String layer;

    @Option(names = "--channels", defaultValue = "16", converter = Converters.PositiveInt.class, paramLabel = "N",
            description = "input channels drawn per filter of a deeper layer")
    private int channels;

    @Option(names = "--output", required = true, paramLabel = "FILTERS.png")
    private Path output;

    @Override
    public void run() {
        BoundModel bound = BoundModel.load(model, weights);
        Map<String, Parameter> parameters = bound.model().parameters();
        Parameter weight = parameters.get(layer + ".weight");
        if (weight == null || weight.shape().rank() != 4) {
            throw new UsageException("filters: " + layer + " is not a convolution of " + model + "; convolutions: "
                    + String.join(", ", parameters.entrySet().stream().filter(e -> e.getValue().shape().rank() == 4)
                    .map(e -> e.getKey().substring(0, e.getKey().length() - ".weight".length())).toList()));
        }
        BufferedImage grid = grid(weight.value().data(), weight.shape().toArray(), channels);
        Pictures.write("filters", grid, output);
        spec.commandLine().getOut().println("wrote the " + weight.shape().dim(0) + " filters of " + layer + " "
                + weight.shape() + " of " + model + " to " + output + " (" + grid.getWidth() + "x" + grid.getHeight()
                + "; weights " + bound.source().describe() + ")");
    }

    /** Weight {@code [out, in, kH, kW]} as tiles, all on the layer's one range. */
    static BufferedImage grid(float[] w, int[] shape, int maxChannels) {
        int out = shape[0], in = shape[1], kh = shape[2], kw = shape[3], plane = kh * kw;
        int scale = TileGrid.scaleFor(Math.max(kh, kw), 40);
        if (in == 1 || in == 3) {
            float[][] tiles = new float[out][];
            for (int o = 0; o < out; o++) {
                tiles[o] = java.util.Arrays.copyOfRange(w, o * in * plane, (o + 1) * in * plane);
            }
            return TileGrid.render(tiles, in, kh, kw, Pictures.columns(out), scale, false, false);
        }
        int shown = Math.min(in, maxChannels);
        float[][] tiles = new float[out * shown][];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < shown; i++) {
                int from = (o * in + i) * plane;
                tiles[o * shown + i] = java.util.Arrays.copyOfRange(w, from, from + plane);
            }
        }
        return TileGrid.render(tiles, 1, kh, kw, shown, scale, false, false);
    }
}
