package io.cnnstream.service.model;

import io.cnnstream.engine.api.Classifier;
import io.cnnstream.engine.api.Engine;
import io.cnnstream.engine.api.ClassifierSpec;
import io.cnnstream.engine.api.ImageOptions;
import io.cnnstream.service.config.CnnstreamProperties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine (one worker pool for the process) and the model, loaded, checked and warmed before anything consumes. */
@Configuration(proxyBeanMethods = false)
public class ModelConfiguration {
    private static final Logger log = LoggerFactory.getLogger(ModelConfiguration.class);

    @Bean(destroyMethod = "close")
    Engine engine(CnnstreamProperties properties) {
        return properties.workers() == 0 ? Engine.startDefault() : Engine.start(properties.workers());
    }

    @Bean
    LoadedModel loadedModel(Engine engine, CnnstreamProperties properties) {
        CnnstreamProperties.Model settings = properties.model();
        CnnstreamProperties.Images images = properties.images();
        Classifier classifier;
        try {
            classifier = engine.open(ClassifierSpec.of(settings.network())
                    .withWeights(settings.weights())
                    .withLabels(settings.labels())
                    .withImages(new ImageOptions(images.maxBytes(), images.maxPixels(), images.decodeTimeout(),
                            images.decodeMemory(), images.applyExifOrientation())));
        } catch (RuntimeException e) { // the engine's message names the file and the defect
            throw new ModelStartupException(describe(settings), e.getMessage(), "Fix the file or the setting named above: "
                    + "cnnstream.model.name is a registry model (cnn summary lists them), cnnstream.model.weights its "
                    + "PyTorch checkpoint, safetensors or ONNX export, cnnstream.model.file an ONNX model.", e);
        }
        String expected = settings.sha256();
        if (expected != null && !expected.equals(classifier.weightsDigest())) {
            throw new ModelStartupException("cnnstream.model.sha256=" + expected, settings.pinnedFile() != null
                    ? "the file " + settings.pinnedFile() + " has sha256 " + classifier.weightsDigest()
                    : classifier.trained() ? "the weights shipped for " + settings.network() + " have sha256 " + classifier.weightsDigest()
                    : "no cnnstream.model.weights or cnnstream.model.file is given, so the weights are untrained",
                    "Pin the digest of the file you serve (sha256sum FILE), or give the file the digest belongs to.", null);
        }
        if (!classifier.trained()) {
            log.warn("Model {} has NO WEIGHTS FILE (cnnstream.model.weights): it is {}. Every result says sha256 \"untrained\".",
                    settings.network(), classifier.weightsDescription());
        }
        if (!classifier.acceptsImages()) {
            log.warn("Model {} takes raw {} tensors only: image records will be dead-lettered as 'unsupported'",
                    settings.network(), java.util.Arrays.toString(classifier.inputDims()));
        }
        if (engine.kernelsFellBack()) {
            log.warn("The engine runs its SCALAR kernels, about 40x slower than the vector ones, because this JVM "
                    + "lacks the Vector API module: start the service with bin/service, or java "
                    + "@bin/engine.jvmoptions -jar ... (--add-modules jdk.incubator.vector); -Dcnnstream.kernels=scalar "
                    + "silences this if the scalar kernels are wanted");
        }
        LoadedModel model = new LoadedModel(classifier, properties.batch().maxSize(), settings.warmupBatches());
        log.info("Model {} loaded with weights {} on {} worker threads; a batch of {} takes {} ms after warm-up",
                model.name(), classifier.weightsDescription(), engine.threads(), properties.batch().maxSize(),
                model.fullBatchTime().toMillis());
        return model;
    }

    private static String describe(CnnstreamProperties.Model settings) {
        StringBuilder sb = new StringBuilder(settings.file() != null ? "cnnstream.model.file=" + settings.file()
                : "cnnstream.model.name=" + settings.name());
        if (settings.weights() != null) {
            sb.append(", cnnstream.model.weights=").append(settings.weights());
        }
        if (settings.labels() != null) {
            sb.append(", cnnstream.model.labels=").append(settings.labels());
        }
        return sb.toString();
    }
}
