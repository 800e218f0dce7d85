package io.cnnstream.engine.train;

import static io.cnnstream.engine.tensor.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cnnstream.engine.GoldenFiles;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.kernel.TestKernels;
import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.model.ModelRegistry;
import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.weights.SafetensorsFile;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LeNet-5 trained three steps on one batch, step for step against {@code torch.optim.SGD(lr=0.1,
 * momentum=0.9, weight_decay=5e-4)} with cross-entropy and label smoothing 0.1, from the same
 * initialisation ({@code golden/train/lenet5.safetensors}): the first step's gradients of every
 * parameter, each step's loss, and every parameter after the third step.
 */
class LeNet5SgdGoldenTest {
    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {1, 2})
    void threeSgdStepsMatchTorchOptimSgd(int threads) {
        try (SafetensorsFile golden = SafetensorsFile.open(GoldenFiles.of("train/lenet5.safetensors"));
             WorkerPool pool = new WorkerPool(threads)) {
            Kernels kernels = Kernels.create("vector", pool);
            Model model = ModelRegistry.create("lenet5");
            Initialisation.pytorchDefault(model, 7);
            TrainableNetwork network = TrainableNetwork.of(model, kernels, new FastGradKernels(kernels));
            Trainer trainer = new Trainer(network, Loss.crossEntropy(0.1), new Sgd(0.9, 5e-4), pool);
            Tensor input = tensor(golden, "input");
            float[] labelValues = golden.readFloats("labels");
            int[] labels = new int[labelValues.length];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = (int) labelValues[i];
            }
            Map<Parameter, float[]> grads = trainer.gradients(input, Targets.labels(labels));
            assertEquals(10, grads.size(), "every parameter has a gradient");
            network.parameters().forEach((name, p) -> assertClose(tensor(golden, "grad." + name),
                    Tensor.of(p.shape(), grads.get(p)), 1e-4, "gradient of " + name));
            for (int step = 0; step < 3; step++) {
                Trainer.StepResult r = trainer.step(input, Targets.labels(labels), step, 0.1);
                assertEquals(golden.readFloats("loss" + step)[0], r.loss(), 1e-5, "loss of step " + step);
            }
            network.parameters().forEach((name, p) -> assertClose(tensor(golden, "step2." + name), p.value(), 1e-4,
                    name + " after three steps"));
        }
    }

    @Test
    void cosineScheduleMatchesCosineAnnealingLr() {
        try (SafetensorsFile golden = SafetensorsFile.open(GoldenFiles.of("train/lenet5.safetensors"))) {
            float[] expected = golden.readFloats("cosine_lr");
            LearningRate cosine = LearningRate.cosine(0.05, 10);
            for (int step = 0; step < expected.length; step++) {
                assertEquals(expected[step], cosine.at(step), 1e-7, "learning rate at step " + step);
            }
        }
    }

    @Test
    void aScalarOracleStepEqualsTheFastOne() {
        Model a = ModelRegistry.create("lenet5"), b = ModelRegistry.create("lenet5");
        Initialisation.pytorchDefault(a, 3);
        Initialisation.pytorchDefault(b, 3);
        Batches.Batch batch = new Batches(Mnist.train().slice("few", 0, 64), 16, 1, 2).batch(new int[64], 0, 0);
        Map<Parameter, float[]> fast = new Trainer(TrainableNetwork.of(a, TestKernels.VECTOR, new FastGradKernels(TestKernels.VECTOR)),
                Loss.crossEntropy(0), new Sgd(0, 0), TestKernels.VECTOR.pool()).gradients(batch.images(), batch.targets());
        Map<Parameter, float[]> oracle = new Trainer(TrainableNetwork.of(b, TestKernels.SCALAR, new ScalarGradKernels()),
                Loss.crossEntropy(0), new Sgd(0, 0), TestKernels.SCALAR.pool()).gradients(batch.images(), batch.targets());
        Map<String, Parameter> pa = a.parameters(), pb = b.parameters();
        pa.forEach((name, p) -> assertClose(Tensor.of(p.shape(), oracle.get(pb.get(name))), Tensor.of(p.shape(), fast.get(p)),
                1e-4, "gradient of " + name));
    }

    private static Tensor tensor(SafetensorsFile file, String name) {
        return Tensor.of(Shape.of(file.entries().get(name).shape()), file.readFloats(name));
    }
}
