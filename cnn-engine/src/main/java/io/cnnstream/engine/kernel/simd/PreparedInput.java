package io.cnnstream.engine.kernel.simd;

import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.parallel.WorkerPool;

import java.util.Arrays;

import static io.cnnstream.engine.kernel.simd.ConvolutionGemm.ceilDiv;

/**
 * A convolution's input laid out for reading without bounds checks or strides: zero padding written
 * out and, for a horizontal stride s, each row split into s phases (phase q holds columns q, q+s,
 * q+2s, ...), so that the values one filter tap reads along an output row are contiguous for any
 * stride. Rows of {@code rowLength = s * phaseLength} floats, {@code hp = h + 2 padH} rows per plane.
 */
record PreparedInput(float[] data, int hp, int phaseLength, int rowLength) {
    /** Inputs larger than this many floats in all are not prepared (the packed matrix product takes them). */
    private static final int LIMIT = 1 << 23;
    private static final int TASKS_PER_THREAD = 4;

    /** Whether {@link #prepare} makes one: not for 1x1 stride-1 convolutions (nothing to gain) nor when too large. */
    static boolean applies(int n, int h, int w, Conv2dSpec spec) {
        boolean pointwise = spec.kernelH() == 1 && spec.kernelW() == 1 && spec.strideH() == 1
                && spec.strideW() == 1 && spec.padH() == 0 && spec.padW() == 0;
        return !pointwise && size(n, h, w, spec) <= LIMIT;
    }

    /** The prepared input, in the calling thread's scratch; only where it {@link #applies applies}. */
    static PreparedInput prepare(WorkerPool pool, float[] x, int n, int h, int w, Conv2dSpec spec) {
        int ph = spec.padH(), pw = spec.padW(), s = spec.strideW(), hp = h + 2 * ph;
        int phaseLength = ceilDiv(w + 2 * pw, s), rowLength = s * phaseLength, size = (int) size(n, h, w, spec);
        float[] xp = Scratch.get().padded(size);
        int planes = n * spec.inChannels();
        int rowBlocks = Math.min(hp, Math.max(1, ceilDiv(TASKS_PER_THREAD * pool.threads(), planes)));
        int rowsPerBlock = ceilDiv(hp, rowBlocks);
        pool.parallelFor(planes * rowBlocks, job -> {
            int plane = job / rowBlocks, r0 = (job % rowBlocks) * rowsPerBlock, r1 = Math.min(hp, r0 + rowsPerBlock);
            for (int r = r0; r < r1; r++) {
                int d = (plane * hp + r) * rowLength, row = r - ph;
                if (row < 0 || row >= h) {
                    Arrays.fill(xp, d, d + rowLength, 0f);
                } else {
                    prepareRow(x, plane * h * w + row * w, w, pw, s, phaseLength, xp, d);
                }
            }
        });
        return new PreparedInput(xp, hp, phaseLength, rowLength);
    }

    /**
     * Where filter tap {@code k} (input channel, row, column, in PyTorch's weight order) of output
     * position (0, 0) reads, relative to the first input channel's plane.
     */
    int tapOffset(int k, Conv2dSpec spec) {
        int kh = spec.kernelH(), kw = spec.kernelW(), s = spec.strideW();
        int ky = k % (kh * kw) / kw, kx = k % kw;
        return k / (kh * kw) * hp * rowLength + ky * rowLength + (kx % s) * phaseLength + kx / s;
    }

    private static long size(int n, int h, int w, Conv2dSpec spec) {
        long rowLength = (long) spec.strideW() * ceilDiv(w + 2 * spec.padW(), spec.strideW());
        return (long) n * spec.inChannels() * (h + 2L * spec.padH()) * rowLength;
    }

    /**
     * One input row, padded by {@code pw} zeros each side, split into {@code s} phases of
     * {@code phaseLength}: phase q's j-th value is padded column {@code j * s + q}.
     */
    private static void prepareRow(float[] x, int from, int w, int pw, int s, int phaseLength, float[] xp, int d) {
        if (s == 1) {
            Arrays.fill(xp, d, d + pw, 0f);
            System.arraycopy(x, from, xp, d + pw, w);
            Arrays.fill(xp, d + pw + w, d + phaseLength, 0f);
            return;
        }
        for (int q = 0; q < s; q++, d += phaseLength) {
            // image column j * s + q - pw lies in [0, w) for j in [j0, j1)
            int j0 = Math.min(phaseLength, Math.max(0, ceilDiv(pw - q, s)));
            int j1 = Math.max(j0, Math.min(phaseLength, ceilDiv(w + pw - q, s)));
            Arrays.fill(xp, d, d + j0, 0f);
            for (int j = j0, col = from + j0 * s + q - pw; j < j1; j++, col += s) {
                xp[d + j] = x[col];
            }
            Arrays.fill(xp, d + j1, d + phaseLength, 0f);
        }
    }
}
