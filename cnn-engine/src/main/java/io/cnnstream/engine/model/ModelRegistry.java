package io.cnnstream.engine.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Creates models by their registry name ({@code alexnet}, {@code alexnet-2012}, ...). */
public final class ModelRegistry {
    private static final Map<String, Supplier<Model>> MODELS;

    static {
        Map<String, Supplier<Model>> models = new LinkedHashMap<>();
        models.put("alexnet", AlexNets::torchvision);
        models.put("alexnet-2012", AlexNets::krizhevsky2012);
        models.put("alexnet-seed", AlexNets::seed);
        models.put("lenet5", LeNet5::lenet5);
        models.put("vgg16", Vgg::vgg16);
        models.put("googlenet", GoogLeNet::googlenet);
        models.put("resnet50", ResNet::resnet50);
        MODELS = Collections.unmodifiableMap(models);
    }

    private ModelRegistry() {
    }

    public static List<String> names() {
        return List.copyOf(MODELS.keySet());
    }

    /** A new instance with unbound parameters; fails naming the known models if {@code name} is not one. */
    public static Model create(String name) {
        Supplier<Model> factory = MODELS.get(name);
        if (factory == null) {
            throw new UnknownModelException(name, names());
        }
        return factory.get();
    }
}
