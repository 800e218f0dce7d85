package io.cnnstream.engine.cli;

import io.cnnstream.engine.image.ImageDecoder;
import io.cnnstream.engine.image.ImageLimits;
import io.cnnstream.engine.image.ImagePreprocessor;
import io.cnnstream.engine.image.ImageRejectedException;
import io.cnnstream.engine.image.TileGrid;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.weights.BoundModel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/** {@code cnn features}: one layer's feature maps for one image, as a grid of greyscale tiles. */
@Command(name = "features", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Write a layer's feature maps for an image as a PNG grid of greyscale tiles, each map "
                + "normalised to its own range (black: its minimum, white: its maximum).")
final class FeaturesCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE", converter = Converters.ReadableFile.class)
    private Path image;

    @Option(names = "--model", required = true, paramLabel = "MODEL", completionCandidates = ModelNames.class,
            description = "one of ${COMPLETION-CANDIDATES}")
    private String model;

    @Option(names = "--weights", paramLabel = "FILE", converter = Converters.ReadableFile.class,
            description = "the model's weights (default: those it ships, lenet5's, else seeded and untrained)")
    private Path weights;

    @Option(names = "--layer", required = true, paramLabel = "NAME",
            description = "a layer's state-dict path, e.g. features.0 (cnn summary MODEL lists them)")
    private String layer;

    @Option(names = "--output", required = true, paramLabel = "GRID.png")
    private Path output;

    @Option(names = "--colorbar", description = "add a strip showing the grey scale")
    private boolean colourBar;

    @Override
    public void run() {
        BoundModel bound = BoundModel.load(model, weights);
        Model net = bound.model();
        if (!net.acceptsImages()) {
            throw new UsageException("features: model " + model + " takes raw tensors, not images");
        }
        byte[] bytes = Pictures.read("features", image);
        Tensor input;
        try {
            input = new ImagePreprocessor(net.transform(), new ImageDecoder(ImageLimits.defaults()), false).tensor(bytes);
        } catch (ImageRejectedException e) {
            throw new UsageException("features: cannot read " + image + ": " + e.getMessage());
        }
        Tensor maps;
        try (WorkerPool pool = new WorkerPool(WorkerPool.defaultThreads())) {
            maps = net.forwardUntil(input, layer, Kernels.select(pool));
        }
        if (maps.shape().rank() != 4) {
            throw new UsageException("features: layer " + layer + " outputs " + maps.shape().withoutBatch()
                    + " values, not feature maps; choose a convolution, activation or pooling layer");
        }
        BufferedImage grid = grid(maps, colourBar);
        Pictures.write("features", grid, output);
        spec.commandLine().getOut().println("wrote " + maps.shape().dim(1) + " feature maps of " + layer + " ("
                + maps.shape().dim(2) + "x" + maps.shape().dim(3) + ") of " + model + " for " + image + " to " + output
                + " (" + grid.getWidth() + "x" + grid.getHeight() + "; weights " + bound.source().describe() + ")");
    }

    /** The maps of the first image of {@code maps [N, C, H, W]}, in a near-square grid. */
    static BufferedImage grid(Tensor maps, boolean colourBar) {
        int c = maps.shape().dim(1), h = maps.shape().dim(2), w = maps.shape().dim(3);
        float[][] tiles = new float[c][];
        for (int i = 0; i < c; i++) {
            tiles[i] = java.util.Arrays.copyOfRange(maps.data(), i * h * w, (i + 1) * h * w);
        }
        return TileGrid.render(tiles, 1, h, w, Pictures.columns(c), TileGrid.scaleFor(Math.max(h, w), 64), true, colourBar);
    }
}
