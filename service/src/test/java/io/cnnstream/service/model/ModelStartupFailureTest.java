package io.cnnstream.service.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cnnstream.service.CnnstreamApplication;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A model that cannot be loaded fails start-up as bad properties do: what, where, what to do; no stack trace. */
@ExtendWith(OutputCaptureExtension.class)
class ModelStartupFailureTest {

    @Test
    void aMissingWeightsFileIsReportedLikeABadProperty(CapturedOutput output) {
        start("cnnstream.model.weights=/nope.safetensors");
        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("cnnstream.model.name=alexnet, cnnstream.model.weights=/nope.safetensors: weights file "
                        + "/nope.safetensors does not exist")
                .contains("Action:")
                .doesNotContain("BeanCreationException");
    }

    @Test
    void aWrongDigestIsReportedWithTheFilesOwn(CapturedOutput output) {
        String digest = "0".repeat(64);
        start("cnnstream.model.sha256=" + digest,
                "cnnstream.model.file=../cnn-engine/src/test/resources/golden/onnx/lenet5-opset17.onnx");
        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("cnnstream.model.sha256=" + digest + ": the file ../cnn-engine/src/test/resources/golden/onnx/"
                        + "lenet5-opset17.onnx has sha256 c7d090950ac78f8202ae48a48d671fc41e2705f31358ed1f4dcec95dd61ec4b4")
                .contains("Pin the digest of the file you serve (sha256sum FILE)")
                .doesNotContain("BeanCreationException");
    }

    private static void start(String... properties) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(CnnstreamApplication.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .properties("spring.kafka.bootstrap-servers=localhost:1", "cnnstream.topics.create=false")
                .run().close())
                .hasRootCauseInstanceOf(Throwable.class);
    }
}
