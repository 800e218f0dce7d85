package io.cnnstream.service.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the service is told, under {@code cnnstream.*}. Kafka client settings (servers, TLS,
 * SASL, group id) stay under {@code spring.kafka.*}.
 *
 * @param instanceId stable id of this instance: the static group member id and the transactional id prefix
 * @param delivery at-least-once (default) or exactly-once (Kafka transactions, read_committed)
 * @param staticMembership whether to join the consumer group with {@code group.instance.id = instanceId}
 * @param topics topic names, and whether to create them at start-up
 * @param model the network, its weights and labels
 * @param batch batching bounds
 * @param workers engine worker threads; 0 means one per available core
 * @param images limits applied to every encoded image
 * @param sendTimeout longest wait for the broker to acknowledge a batch's results
 */
@ConfigurationProperties("cnnstream")
@Validated
public record CnnstreamProperties(
        @NotBlank String instanceId,
        @NotNull @DefaultValue("at-least-once") Delivery delivery,
        @DefaultValue("false") boolean staticMembership,
        @Valid @NotNull @DefaultValue Topics topics,
        @Valid @NotNull @DefaultValue Model model,
        @Valid @NotNull @DefaultValue Batch batch,
        @Min(0) @Max(1024) @DefaultValue("0") int workers,
        @Valid @NotNull @DefaultValue Images images,
        @NotNull @DefaultValue("30s") Duration sendTimeout) {

    public CnnstreamProperties {
        requirePositive("cnnstream.send-timeout", sendTimeout);
    }

    static void requirePositive(String property, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException(property + " must be positive, got " + value);
        }
    }

    /** How results and offsets reach Kafka. */
    public enum Delivery {
        /** Results are acknowledged before offsets are committed; a crash may repeat some results. */
        AT_LEAST_ONCE,
        /** Results, dead letters and offsets commit in one Kafka transaction; readers use read_committed. */
        EXACTLY_ONCE
    }

    /**
     * @param input topic of images (or raw tensors) to classify
     * @param output topic of classification results
     * @param deadLetter topic of records that could not be classified, with the reason in headers
     * @param create whether to create missing topics at start-up
     * @param partitions partitions of topics created at start-up
     * @param replicas replication factor of topics created at start-up
     */
    public record Topics(
            @NotBlank @DefaultValue("images") String input,
            @NotBlank @DefaultValue("classifications") String output,
            @NotBlank @DefaultValue("images.DLT") String deadLetter,
            @DefaultValue("true") boolean create,
            @Min(1) @DefaultValue("1") int partitions,
            @Min(1) @Max(32767) @DefaultValue("1") short replicas) {
    }

    /**
     * @param name registry name of the network: alexnet, alexnet-2012, alexnet-seed, lenet5, vgg16, googlenet or resnet50
     * @param file an ONNX model (graph and weights) to run instead of a registry network
     * @param weights the registry network's weights: a PyTorch checkpoint or safetensors (told apart by content);
     *                without it lenet5 runs the weights shipped in the engine (trained on MNIST) and the
     *                other models are untrained, which every result says
     * @param sha256 expected SHA-256 of the weights file or the ONNX file; a file that differs never becomes ready
     * @param labels class names, one a line; defaults to ImageNet-1k for 1000-class models
     * @param topK classes reported per result
     * @param warmupBatches full-size batches run before the service reports ready
     */
    public record Model(
            @NotBlank @DefaultValue("alexnet") String name,
            Path file,
            Path weights,
            @Pattern(regexp = "[0-9a-f]{64}", message = "must be the file's SHA-256, 64 lower-case hex digits (sha256sum FILE)") String sha256,
            Path labels,
            @Min(1) @Max(1000) @DefaultValue("5") int topK,
            @Min(1) @Max(100) @DefaultValue("2") int warmupBatches) {

        public Model {
            if (file != null && weights != null) {
                throw new IllegalArgumentException("cnnstream.model.file (an ONNX model with its own weights) and "
                        + "cnnstream.model.weights (for a registry model) exclude each other");
            }
        }

        /** What the engine opens: the ONNX file when given, else the registry name. */
        public String network() {
            return file != null ? file.toString() : name;
        }

        /** The file that {@code sha256} pins. */
        public Path pinnedFile() {
            return file != null ? file : weights;
        }
    }

    /**
     * @param maxSize most records in one NCHW batch (also the consumer's max.poll.records)
     * @param maxDelay longest the broker holds a fetch to fill a batch (fetch.max.wait.ms); it only
     *                 waits when spring.kafka.consumer.fetch-min-size asks for more than is there
     * @param maxBytesInFlight encoded bytes the polls in flight may hold: a poll that would pass it
     *        waits for the ones before (a poll alone always runs), so big records do not pile up
     */
    public record Batch(
            @Min(1) @Max(1024) @DefaultValue("16") int maxSize,
            @NotNull @DefaultValue("50ms") Duration maxDelay,
            @Min(1) @DefaultValue("67108864") long maxBytesInFlight) {

        public Batch {
            if (maxDelay != null && maxDelay.isNegative()) {
                throw new IllegalArgumentException("cnnstream.batch.max-delay must not be negative, got " + maxDelay);
            }
        }
    }

    /**
     * @param maxBytes largest encoded image accepted
     * @param maxPixels largest pixel count a header may declare
     * @param decodeTimeout longest decode of one image
     * @param decodeMemory memory all decodes may hold at once (one image at most half of it; more is refused)
     * @param applyExifOrientation turn JPEGs upright by their EXIF orientation (torchvision does not)
     */
    public record Images(
            @Min(1) @DefaultValue("20971520") long maxBytes,
            @Min(1) @DefaultValue("40000000") long maxPixels,
            @NotNull @DefaultValue("5s") Duration decodeTimeout,
            @Min(1048576) @DefaultValue("268435456") long decodeMemory,
            @DefaultValue("false") boolean applyExifOrientation) {

        public Images {
            requirePositive("cnnstream.images.decode-timeout", decodeTimeout);
        }
    }
}
