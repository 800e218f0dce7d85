package io.cnnstream.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.GoldenFiles;
import io.cnnstream.engine.model.ModelRegistry;
import io.cnnstream.engine.model.ModelSummary;
import io.cnnstream.engine.weights.BoundModel;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code cnn draw}: well-formed SVG with a box for every layer {@code cnn summary} lists. */
class DrawCommandTest {
    @TempDir
    Path dir;

    static Iterable<String> models() {
        return ModelRegistry.names();
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyRegistryModelIsDrawnWithABoxPerLayer(String model) throws Exception {
        assertDrawn(model, ModelSummary.of(ModelRegistry.create(model)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"onnx/smallnet.onnx", "onnx/lenet5-opset17.onnx"})
    void anOnnxGraphIsDrawnToo(String file) throws Exception {
        String path = GoldenFiles.of(file).toString();
        assertDrawn(path, ModelSummary.of(BoundModel.network(path)));
    }

    private void assertDrawn(String model, ModelSummary summary) throws Exception {
        Path svg = dir.resolve("model.svg");
        CliRun run = CliRun.of("draw", model, "--output", svg.toString());
        assertEquals(0, run.status(), run.err());
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        assertEquals("http://www.w3.org/2000/svg", doc.getDocumentElement().getNamespaceURI());
        Set<String> boxes = new HashSet<>();
        NodeList rects = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect");
        for (int i = 0; i < rects.getLength(); i++) {
            boxes.add(((Element) rects.item(i)).getAttribute("data-layer"));
        }
        for (ModelSummary.Row row : summary.layers()) {
            assertTrue(boxes.contains(row.name()), model + ": no box for layer " + row.name());
        }
    }
}
