package io.cnnstream.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeTest {

    @Test
    void addsAndRemovesTheBatchDimension() {
        Shape sample = Shape.of(3, 224, 224);
        assertEquals(Shape.of(8, 3, 224, 224), sample.withBatch(8));
        assertEquals(sample, sample.withBatch(8).withoutBatch());
        assertEquals(8L * 3 * 224 * 224, sample.withBatch(8).size());
        assertEquals("3x224x224", sample.toString());
    }

    @Test
    void comparesByDimensions() {
        assertEquals(Shape.of(2, 3).hashCode(), Shape.of(2, 3).hashCode());
        assertNotEquals(Shape.of(2, 3), Shape.of(3, 2));
    }

    @Test
    void rejectsNonPositiveDimensions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shape.of(3, 0, 2));
        assertTrue(e.getMessage().contains("[3, 0, 2]"), e.getMessage());
    }

    @Test
    void tensorRejectsDataOfTheWrongSize() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(Shape.of(2, 2), new float[3]));
        Tensor t = Tensor.zeros(Shape.of(2, 6));
        assertEquals(Shape.of(2, 2, 3), t.reshape(Shape.of(2, 2, 3)).shape());
        assertThrows(IllegalArgumentException.class, () -> t.reshape(Shape.of(5)));
    }

    @Test
    void requireBatchOfNamesWhatIsWrong() {
        Tensor t = Tensor.zeros(Shape.of(1, 3, 4, 4));
        t.requireBatchOf(Shape.of(3, 4, 4), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.requireBatchOf(Shape.of(3, 5, 5), "model input"));
        assertEquals("model input must have shape Nx3x5x5, got 1x3x4x4", e.getMessage());
    }
}
