package io.cnnstream.service.pipeline;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

/** LeNet-5 as {@code torch.onnx.export} wrote it (opset 17, dynamic batch), {@code cnnstream.model.file}. */
@SpringBootTest(properties = {
        "cnnstream.model.file=" + GoldenLeNetEndToEnd.GOLDEN + "onnx/lenet5-opset17.onnx",
        "cnnstream.model.sha256=" + OnnxModelEndToEndTest.SHA256,
        "cnnstream.model.warmup-batches=1", "cnnstream.workers=2"})
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@DirtiesContext
class OnnxModelEndToEndTest extends GoldenLeNetEndToEnd {
    static final String SHA256 = "c7d090950ac78f8202ae48a48d671fc41e2705f31358ed1f4dcec95dd61ec4b4";

    @Override
    String modelName() {
        return "lenet5-opset17.onnx";
    }

    @Override
    String sha256() {
        return SHA256;
    }
}
