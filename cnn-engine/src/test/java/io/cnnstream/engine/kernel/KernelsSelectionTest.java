package io.cnnstream.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.parallel.WorkerPool;

import org.junit.jupiter.api.Test;

/**
 * Choosing kernels by name. The tests run with {@code --add-modules jdk.incubator.vector}; CI also
 * runs {@code cnn bench} without it, where {@code auto} falls back to the scalar kernels.
 */
class KernelsSelectionTest {
    private static final WorkerPool POOL = new WorkerPool(1);

    @Test
    void autoPicksTheVectorKernelsWhenTheModuleIsPresent() {
        assertTrue(Kernels.vectorApiPresent(), "the tests run with --add-modules jdk.incubator.vector");
        String before = System.getProperty(Kernels.PROPERTY);
        try {
            System.clearProperty(Kernels.PROPERTY);
            assertEquals("vector", Kernels.select(POOL).name());
            System.setProperty(Kernels.PROPERTY, "scalar");
            assertEquals("scalar", Kernels.select(POOL).name());
        } finally {
            if (before == null) {
                System.clearProperty(Kernels.PROPERTY);
            } else {
                System.setProperty(Kernels.PROPERTY, before);
            }
        }
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.create("gpu", POOL));
        assertTrue(e.getMessage().contains("known: auto, vector, scalar"), e.getMessage());
    }
}
