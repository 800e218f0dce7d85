package io.cnnstream.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.tensor.Shape;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The seeds' shape and parameter tables, and torchvision's published counts. */
class AlexNetTablesTest {

    @Test
    void seed000SingleTowerTableTotals62378344() {
        ModelSummary s = ModelSummary.of(ModelRegistry.create("alexnet-seed"));
        // seed 000's table: weights + biases per layer
        Map<String, Long> table = Map.of(
                "features.0", 34_944L, "features.3", 614_656L, "features.6", 885_120L, "features.8", 1_327_488L,
                "features.10", 884_992L, "classifier.1", 37_752_832L, "classifier.4", 16_781_312L,
                "classifier.6", 4_097_000L);
        table.forEach((layer, params) -> assertEquals(params, s.layer(layer).params(), layer));
        assertEquals(62_378_344L, s.params());
    }

    @Test
    void seed001TwoGpuCountsPerLayer() {
        ModelSummary s = ModelSummary.of(ModelRegistry.create("alexnet-2012"));
        // seed 001 counts weights only: C2 256*5*5*48, C4 384*3*3*192, C5 256*3*3*192 (groups=2 halves the depth)
        Map<String, Long> weights = Map.of(
                "features.0", 34_848L, "features.4", 307_200L, "features.8", 884_736L, "features.10", 663_552L,
                "features.12", 442_368L, "classifier.1", 37_748_736L, "classifier.4", 16_777_216L,
                "classifier.6", 4_096_000L);
        Map<String, Integer> biases = Map.of(
                "features.0", 96, "features.4", 256, "features.8", 384, "features.10", 384, "features.12", 256,
                "classifier.1", 4096, "classifier.4", 4096, "classifier.6", 1000);
        weights.forEach((layer, w) -> assertEquals(w + biases.get(layer), s.layer(layer).params(), layer));
        assertEquals(60_965_224L, s.params());
    }

    @Test
    void torchvisionAlexNetHas61100840Parameters() {
        Model m = ModelRegistry.create("alexnet");
        assertEquals(61_100_840L, m.parameterCount());
        assertEquals(61_100_840L, ModelSummary.of(m).params());
        assertEquals(1000, m.classes());
    }

    @Test
    void stagesHaveTheSeedsShapes() {
        ModelSummary s = ModelSummary.of(ModelRegistry.create("alexnet-2012"));
        assertEquals(Shape.of(96, 55, 55), s.layer("features.0").output());
        assertEquals(Shape.of(96, 27, 27), s.layer("features.3").output());
        assertEquals(Shape.of(256, 27, 27), s.layer("features.4").output());
        assertEquals(Shape.of(256, 13, 13), s.layer("features.7").output());
        assertEquals(Shape.of(384, 13, 13), s.layer("features.8").output());
        assertEquals(Shape.of(384, 13, 13), s.layer("features.10").output());
        assertEquals(Shape.of(256, 13, 13), s.layer("features.12").output());
        assertEquals(Shape.of(256, 6, 6), s.layer("features.14").output());
        assertEquals(Shape.of(9216), s.layer("flatten").output());
        assertEquals(Shape.of(1000), s.layer("classifier.6").output());

        ModelSummary tv = ModelSummary.of(ModelRegistry.create("alexnet"));
        assertEquals(Shape.of(64, 55, 55), tv.layer("features.0").output());
        assertEquals(Shape.of(192, 27, 27), tv.layer("features.3").output());
        assertEquals(Shape.of(256, 6, 6), tv.layer("avgpool").output());
    }

    @Test
    void macsCountConvolutionsAndLinearLayers() {
        ModelSummary s = ModelSummary.of(ModelRegistry.create("alexnet"));
        // conv1: 64 x 55 x 55 outputs, each 3 x 11 x 11 products
        assertEquals(64L * 55 * 55 * 3 * 11 * 11, s.layer("features.0").macs());
        assertEquals(9216L * 4096, s.layer("classifier.1").macs());
        assertEquals(714_188_480L, s.macs());
    }

    @Test
    void weightNamesFollowTorchvisionStateDict() {
        assertEquals(List.of("features.0.weight", "features.0.bias", "features.3.weight", "features.3.bias",
                        "features.6.weight", "features.6.bias", "features.8.weight", "features.8.bias",
                        "features.10.weight", "features.10.bias", "classifier.1.weight", "classifier.1.bias",
                        "classifier.4.weight", "classifier.4.bias", "classifier.6.weight", "classifier.6.bias"),
                List.copyOf(ModelRegistry.create("alexnet").parameters().keySet()));
        assertTrue(ModelRegistry.create("alexnet-2012").parameters().containsKey("features.12.weight"));
        assertEquals(Shape.of(256, 48, 5, 5), ModelRegistry.create("alexnet-2012").parameters().get("features.4.weight").shape());
    }

    @Test
    void unknownModelNamesTheKnownOnes() {
        UnknownModelException e = assertThrows(UnknownModelException.class, () -> ModelRegistry.create("alexnet-3000"));
        assertEquals("unknown model 'alexnet-3000'; known models: alexnet, alexnet-2012, alexnet-seed, lenet5, vgg16, googlenet, resnet50", e.getMessage());
    }
}
