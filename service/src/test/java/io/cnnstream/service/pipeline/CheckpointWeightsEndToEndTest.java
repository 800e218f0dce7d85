package io.cnnstream.service.pipeline;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

/** The registry's lenet5 with weights from a {@code torch.save} checkpoint, {@code cnnstream.model.weights}. */
@SpringBootTest(properties = {
        "cnnstream.model.name=lenet5",
        "cnnstream.model.weights=" + GoldenLeNetEndToEnd.GOLDEN + "checkpoints/lenet5.pth",
        "cnnstream.model.sha256=" + CheckpointWeightsEndToEndTest.SHA256,
        "cnnstream.model.warmup-batches=1", "cnnstream.workers=2"})
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@DirtiesContext
class CheckpointWeightsEndToEndTest extends GoldenLeNetEndToEnd {
    static final String SHA256 = "c7d31e110fbc77b8b72e878e24ea870b59f626c2313c3b1b916e19f3e5171d5a";

    @Override
    String modelName() {
        return "lenet5";
    }

    @Override
    String sha256() {
        return SHA256;
    }
}
