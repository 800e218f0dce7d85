package io.cnnstream.engine.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The width of every vector in these kernels, chosen once per JVM: the widest the JIT compiles to
 * machine vectors here ({@link FloatVector#SPECIES_PREFERRED}: 512 bits with AVX-512, 256 with AVX2),
 * or the width named by {@value #PROPERTY} (for comparisons). Measured on an AVX-512 machine (AMD
 * EPYC), the 6 x 32 micro-kernel on 512-bit vectors runs 2x the 6 x 16 one on 256-bit vectors
 * (JDK 17 and 25); a width wider than the preferred one is not compiled to vector instructions
 * at all and would be tens of times slower, so it is refused. Every kernel uses this one width: with
 * two widths in one JVM the JDK's shared vector code sees two classes, and C2 then fails to compile
 * some operations to vector instructions and boxes their vectors (measured: 60 MB per AlexNet pass).
 */
final class VectorWidth {
    /** System property: {@code 128}, {@code 256} or {@code 512} bits, at most the preferred width. */
    static final String PROPERTY = "cnnstream.vectorBits";

    private VectorWidth() {
    }

    /** The species for {@code bits} (null or blank: the preferred one). */
    static VectorSpecies<Float> species(String bits) {
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        if (bits == null || bits.isBlank()) {
            return preferred;
        }
        VectorSpecies<Float> wanted = switch (bits.trim()) {
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException("system property " + PROPERTY + "='" + bits
                    + "': expected 128, 256 or 512");
        };
        if (wanted.vectorBitSize() > preferred.vectorBitSize()) {
            throw new IllegalArgumentException("system property " + PROPERTY + "=" + bits.trim()
                    + ": wider than this JVM's vectors (" + preferred.vectorBitSize() + " bits)");
        }
        return wanted;
    }
}
