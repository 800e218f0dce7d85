package io.cnnstream.engine.train;

import static io.cnnstream.engine.tensor.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.image.ImageDecoder;
import io.cnnstream.engine.image.ImageLimits;
import io.cnnstream.engine.image.ImagePreprocessor;
import io.cnnstream.engine.kernel.TestKernels;
import io.cnnstream.engine.model.InputTransform;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.weights.BoundModel;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/** The LeNet-5 that ships in the jar, and the way digit images reach it. */
class ShippedLeNet5Test {
    @Test
    void theShippedWeightsReadAtLeast98Point5PercentOfTheTestDigits() {
        BoundModel lenet = BoundModel.load("lenet5", null);
        assertTrue(lenet.source().trained());
        Evaluation test = Evaluation.of(lenet.model(), Mnist.test(), TestKernels.VECTOR, 500);
        assertEquals(2000, test.samples());
        assertTrue(test.accuracy() >= 0.985, "test accuracy " + test.accuracy());
    }

    @Test
    void theSplitIsFixedAndHoldsEveryDigitOnBothSides() {
        Dataset train = Mnist.train(), test = Mnist.test();
        assertEquals(8000, train.size());
        assertEquals(2000, test.size());
        int[] perClass = new int[10];
        for (int label : test.labels()) {
            perClass[label]++;
        }
        assertEquals("[200, 225, 198, 206, 196, 173, 203, 214, 189, 196]", java.util.Arrays.toString(perClass));
        assertEquals(Mnist.label(8000), test.labels()[0]);
    }

    @Test
    void aDigitPngBecomesTheTensorTheModelWasTrainedOn() throws Exception {
        ImagePreprocessor pre = new ImagePreprocessor(InputTransform.mnistDigits(), new ImageDecoder(ImageLimits.defaults()), false);
        Tensor fromPng = pre.tensor(Mnist.png(8123));
        assertClose(Mnist.test().batch(123, 124), fromPng, 1e-6, "digit 8123 from its PNG");
    }

    @Test
    void aDarkDigitOnLightPaperIsInvertedAndALargerImageResized() throws Exception {
        byte[] pixels = Mnist.pixels(8123);
        BufferedImage paper = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) {
                int v = 255 - (pixels[(y / 2) * 28 + x / 2] & 0xff);
                paper.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(paper, "png", png);
        ImagePreprocessor pre = new ImagePreprocessor(InputTransform.mnistDigits(), new ImageDecoder(ImageLimits.defaults()), false);
        Tensor logits = BoundModel.load("lenet5", null).model().network().forward(pre.tensor(png.toByteArray()), TestKernels.VECTOR);
        assertEquals(Mnist.label(8123), Evaluation.argmax(logits, 0));
    }
}
