package io.cnnstream.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cnnstream.service.CnnstreamApplication;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;

/** Bad configuration fails start-up with a message naming the property; nothing here needs a broker. */
class StartupValidationTest {

    @Test
    void rejectsABatchSizeOfZero() {
        assertStartupFails(BindValidationException.class, "Field error in object 'cnnstream' on field 'batch.maxSize': rejected value [0]", "cnnstream.batch.max-size=0");
    }

    @Test
    void rejectsAMalformedExpectedDigest() {
        assertStartupFails(BindValidationException.class, "on field 'model.sha256': rejected value [ABC]", "cnnstream.model.sha256=ABC");
    }

    @Test
    void rejectsANonPositiveDecodeTimeout() {
        assertStartupFails(null, "cnnstream.images.decode-timeout must be positive, got PT0S", "cnnstream.images.decode-timeout=0s");
    }

    @Test
    void rejectsAnUnknownModel() {
        assertStartupFails(null, "unknown model 'resnet9'; known models: alexnet, alexnet-2012, alexnet-seed, lenet5, vgg16, googlenet, resnet50",
                "cnnstream.model.name=resnet9");
    }

    @Test
    void anOnnxModelAndAWeightsFileExcludeEachOther() {
        assertStartupFails(null, "cnnstream.model.file (an ONNX model with its own weights) and cnnstream.model.weights "
                + "(for a registry model) exclude each other", "cnnstream.model.file=net.onnx", "cnnstream.model.weights=w.pth");
    }

    @Test
    void anOnnxModelThatCannotBeImportedNamesItsDefect() {
        assertStartupFails(null, "node swish is operator HardSwish, which graph import does not support",
                "cnnstream.model.file=../cnn-engine/src/test/resources/golden/onnx/bad-unsupported-op.onnx");
    }

    @Test
    void weightsThatDoNotMatchTheExpectedDigestNeverBecomeReady() {
        String digest = "0".repeat(64);
        assertStartupFails(null, "cnnstream.model.sha256=" + digest + ": no cnnstream.model.weights or cnnstream.model.file "
                        + "is given, so the weights are untrained",
                "cnnstream.model.sha256=" + digest);
    }

    @Test
    void batchesThatCouldOutliveThePollIntervalFailStartup() {
        assertStartupFails(null, "max.poll.interval.ms=1000 is less than twice the worst batch time",
                "spring.kafka.consumer.properties.max.poll.interval.ms=1000", "cnnstream.batch.max-size=1",
                "cnnstream.model.warmup-batches=1");
    }

    private static void assertStartupFails(Class<? extends Throwable> type, String message, String... properties) {
        List<String> all = new ArrayList<>(List.of(properties));
        all.add("spring.kafka.bootstrap-servers=localhost:1");
        all.add("cnnstream.topics.create=false");
        assertThatThrownBy(() -> new SpringApplicationBuilder(CnnstreamApplication.class)
                .web(WebApplicationType.NONE)
                .properties(all.toArray(String[]::new))
                .run().close())
                .satisfies(e -> {
                    StringBuilder messages = new StringBuilder();
                    boolean typeFound = type == null;
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        messages.append(t.getMessage()).append('\n');
                        typeFound |= type != null && type.isInstance(t);
                    }
                    assertThat(typeFound).as("cause of type " + type).isTrue();
                    assertThat(messages.toString()).contains(message);
                });
    }
}
