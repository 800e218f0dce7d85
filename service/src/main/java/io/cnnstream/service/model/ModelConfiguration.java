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
        Classifier classifier = engine.open(ClassifierSpec.of(settings.network())
                .withWeights(settings.weights())
                .withLabels(settings.labels())
                .withImages(new ImageOptions(images.maxBytes(), images.maxPixels(), images.decodeTimeout(),
                        images.applyExifOrientation())));
        String expected = settings.sha256();
        if (expected != null && !expected.equals(classifier.weightsDigest())) {
            throw new IllegalStateException("cnnstream.model.sha256 is " + expected + " but weights file "
                    + settings.pinnedFile() + " has " + classifier.weightsDigest()
                    + (settings.pinnedFile() == null ? " (no cnnstream.model.weights or cnnstream.model.file given)" : ""));
        }
        if (!classifier.trained()) {
            log.warn("Model {} has NO WEIGHTS FILE (cnnstream.model.weights): it is {}. Every result says sha256 \"untrained\".",
                    settings.network(), classifier.weightsDescription());
        }
        if (!classifier.acceptsImages()) {
            log.warn("Model {} takes raw {} tensors only: image records will be dead-lettered as 'unsupported'",
                    settings.network(), java.util.Arrays.toString(classifier.inputDims()));
        }
        LoadedModel model = new LoadedModel(classifier, properties.batch().maxSize(), settings.warmupBatches());
        log.info("Model {} loaded with weights {} on {} worker threads; a batch of {} takes {} ms after warm-up",
                model.name(), classifier.weightsDescription(), engine.threads(), properties.batch().maxSize(),
                model.fullBatchTime().toMillis());
        return model;
    }
}
