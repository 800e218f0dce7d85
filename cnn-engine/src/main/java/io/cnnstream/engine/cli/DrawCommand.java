package io.cnnstream.engine.cli;

import io.cnnstream.engine.draw.Diagram;
import io.cnnstream.engine.weights.BoundModel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code cnn draw}: the network as an SVG diagram. */
@Command(name = "draw", mixinStandardHelpOptions = true,
        description = "Write the network as an SVG diagram, from the same walk as 'cnn summary': a box per layer, "
                + "Inception branches side by side, residual shortcuts beside their main path.")
final class DrawCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", completionCandidates = ModelNames.class,
            description = "one of ${COMPLETION-CANDIDATES}, or an ONNX file")
    private String model;

    @Option(names = "--output", required = true, paramLabel = "MODEL.svg")
    private Path output;

    @Override
    public void run() {
        String svg = Diagram.svg(BoundModel.network(model));
        try {
            Files.writeString(output, svg, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("draw: cannot write " + output + ": " + FileErrors.describe(e));
        }
        spec.commandLine().getOut().println("wrote the diagram of " + model + " to " + output + " (" + svg.length() / 1024 + " KiB)");
    }
}
