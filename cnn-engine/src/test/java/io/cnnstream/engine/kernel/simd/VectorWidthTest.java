package io.cnnstream.engine.kernel.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cnnstream.engine.parallel.WorkerPool;

import jdk.incubator.vector.FloatVector;

import org.junit.jupiter.api.Test;

/** The vector width: the JVM's preferred one unless a narrower one is asked for; anything else refused by name. */
class VectorWidthTest {

    @Test
    void noSettingMeansTheJvmsPreferredWidth() {
        assertSame(FloatVector.SPECIES_PREFERRED, VectorWidth.species(null));
        assertSame(FloatVector.SPECIES_PREFERRED, VectorWidth.species(" "));
    }

    @Test
    void aNarrowerWidthCanBeAskedFor() {
        assumeTrue(FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256, "needs a JVM with 256-bit vectors");
        assertEquals(8, VectorWidth.species("256").length());
        assertEquals(4, VectorWidth.species(" 128 ").length());
    }

    @Test
    void anUnknownWidthIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VectorWidth.species("1024"));
        assertTrue(e.getMessage().contains(VectorWidth.PROPERTY) && e.getMessage().contains("1024"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VectorWidth.species("wide"));
    }

    @Test
    void aWidthBeyondTheJvmsVectorsIsRefused() {
        assumeTrue(FloatVector.SPECIES_PREFERRED.vectorBitSize() < 512, "every width fits on this machine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VectorWidth.species("512"));
        assertTrue(e.getMessage().contains("wider than this JVM's vectors"), e.getMessage());
    }

    @Test
    void theKernelsDescribeTheirWidth() {
        try (WorkerPool pool = new WorkerPool(1)) {
            assertEquals("vector (" + MicroKernel.SPECIES.vectorBitSize() + "-bit)", new VectorKernels(pool).description());
        }
        assertEquals(2 * MicroKernel.SPECIES.length(), MicroKernel.NR);
    }
}
