package io.cnnstream.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.tensor.Shape;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Parameter counts and per-stage output shapes of the seeds' architectures against the published figures. */
class ClassicModelsTablesTest {

    @Test
    void lenet5Has61706ParametersAndTheSeedsShapes() {
        ModelSummary s = ModelSummary.of(ModelRegistry.create("lenet5"));
        assertEquals(61_706L, s.params());
        assertEquals(Shape.of(6, 28, 28), s.layer("features.0").output());   // C1: 6 5x5 filters
        assertEquals(Shape.of(6, 14, 14), s.layer("features.2").output());   // S2
        assertEquals(Shape.of(16, 10, 10), s.layer("features.3").output());  // C3
        assertEquals(Shape.of(16, 5, 5), s.layer("features.5").output());    // S4
        assertEquals(156L, s.layer("features.0").params());
        assertEquals(2_416L, s.layer("features.3").params());
        assertEquals(48_120L, s.layer("classifier.0").params());              // C5 as a 400 -> 120 layer
        assertEquals(10_164L, s.layer("classifier.2").params());
        assertEquals(850L, s.layer("classifier.4").params());
        assertEquals(InputTransform.mnistDigits(), ModelRegistry.create("lenet5").transform());
    }

    @Test
    void vgg16Has138357544Parameters() {
        ModelSummary s = ModelSummary.of(ModelRegistry.create("vgg16"));
        assertEquals(138_357_544L, s.params());
        assertEquals(Shape.of(64, 224, 224), s.layer("features.1").output());
        assertEquals(Shape.of(128, 112, 112), s.layer("features.8").output());
        assertEquals(Shape.of(256, 56, 56), s.layer("features.15").output());
        assertEquals(Shape.of(512, 28, 28), s.layer("features.22").output());
        assertEquals(Shape.of(512, 7, 7), s.layer("features.30").output());
        assertEquals(102_764_544L, s.layer("classifier.0").params());  // 25088 x 4096 + 4096
        assertEquals(15_470_264_320L, s.macs());                        // the familiar 15.5 GMACs
    }

    @Test
    void resnet50Has25557032ParametersWithBatchNormBuffersExcluded() {
        Model m = ModelRegistry.create("resnet50");
        ModelSummary s = ModelSummary.of(m);
        assertEquals(25_557_032L, s.params());
        assertEquals(25_557_032L, m.parameterCount());
        assertEquals(Shape.of(64, 56, 56), s.layer("maxpool").output());
        assertEquals(Shape.of(256, 56, 56), s.layer("layer1.2.relu").output());
        assertEquals(Shape.of(512, 28, 28), s.layer("layer2.3.relu").output());
        assertEquals(Shape.of(1024, 14, 14), s.layer("layer3.5.relu").output());
        assertEquals(Shape.of(2048, 7, 7), s.layer("layer4.2.relu").output());
        // v1.5: the stride sits on the 3x3 convolution of the first block of a stage
        assertEquals(Shape.of(128, 56, 56), s.layer("layer2.0.conv1").output());
        assertEquals(Shape.of(128, 28, 28), s.layer("layer2.0.conv2").output());
        assertTrue(m.parameters().containsKey("layer1.0.downsample.1.running_var"));
        assertTrue(m.parameters().containsKey("layer4.2.bn3.weight"));
        assertEquals(4_089_184_256L, s.macs());
    }

    @Test
    void googlenetHas6624904ParametersAndInceptionShapes() {
        ModelSummary s = ModelSummary.of(ModelRegistry.create("googlenet"));
        assertEquals(6_624_904L, s.params());
        assertEquals(Shape.of(64, 56, 56), s.layer("maxpool1").output());   // ceil mode: 112 -> 56
        assertEquals(Shape.of(192, 28, 28), s.layer("maxpool2").output());
        assertEquals(Shape.of(480, 14, 14), s.layer("maxpool3").output());
        assertEquals(Shape.of(832, 7, 7), s.layer("maxpool4").output());
        assertEquals(Shape.of(64, 28, 28), s.layer("inception3a.branch1.relu").output());
        assertEquals(Shape.of(32, 28, 28), s.layer("inception3a.branch4.1.relu").output());
        assertEquals(Shape.of(1024), s.layer("flatten").output());
        List<String> names = List.copyOf(ModelRegistry.create("googlenet").parameters().keySet());
        assertEquals("conv1.conv.weight", names.get(0));
        assertTrue(names.contains("inception5b.branch3.1.bn.running_mean"));
        assertTrue(names.stream().noneMatch(n -> n.startsWith("aux")));
    }
}
