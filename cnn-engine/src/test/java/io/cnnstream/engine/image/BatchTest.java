package io.cnnstream.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cnnstream.engine.model.InputTransform;
import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.tensor.Shape;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class BatchTest {
    private final ImagePreprocessor preprocessor =
            new ImagePreprocessor(InputTransform.imagenet(224), new ImageDecoder(ImageLimits.defaults()), false);

    @Test
    void preprocessesInParallelIntoOneBatchAndReportsTheRejects() throws Exception {
        byte[] cat = ImageFiles.read(ImageFiles.SAMPLES.resolve("chelsea.png"));
        byte[] dog = ImageFiles.read(ImageFiles.SAMPLES.resolve("dog.jpg"));
        byte[] garbage = {1, 2, 3, 4};
        try (WorkerPool pool = new WorkerPool(2)) {
            ImagePreprocessor.Batch batch = preprocessor.batch(List.of(garbage, cat, new byte[0], dog), pool);
            assertEquals(Shape.of(2, 3, 224, 224), batch.tensor().shape());
            assertEquals(List.of(1, 3), batch.accepted());
            assertEquals(List.of(0, 2), List.copyOf(batch.rejected().keySet()));
            assertEquals(ImageRejectedException.Reason.UNKNOWN_FORMAT, batch.rejected().get(0).reason());
            assertEquals(ImageRejectedException.Reason.EMPTY, batch.rejected().get(2).reason());
            int sample = 3 * 224 * 224;
            assertArrayEquals(preprocessor.tensor(cat).data(), Arrays.copyOfRange(batch.tensor().data(), 0, sample));
            assertArrayEquals(preprocessor.tensor(dog).data(), Arrays.copyOfRange(batch.tensor().data(), sample, 2 * sample));

            ImagePreprocessor.Batch none = preprocessor.batch(List.of(garbage), pool);
            assertNull(none.tensor());
            assertEquals(List.of(), none.accepted());
        }
    }
}
