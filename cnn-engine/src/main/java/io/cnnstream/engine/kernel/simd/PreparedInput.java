package io.cnnstream.engine.kernel.simd;

import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.parallel.WorkerPool;

import java.util.Arrays;

import static io.cnnstream.engine.kernel.simd.ConvolutionGemm.ceilDiv;

/**
 * A convolution's input with its zero padding written out, so that {@link DirectConvolution} reads
 * any filter tap of any output position without a bounds check: planes of {@code hp = h + 2 padH}
 * rows of {@code rowLength = w + 2 padW} floats. (Splitting strided rows into phases, to make the
 * values a tap reads along an output row contiguous, measured no faster for the direct convolution,
 * which reads them one at a time, and cost twice as much to prepare: 5 % of AlexNet's first layer.)
 */
record PreparedInput(float[] data, int hp, int rowLength) {
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
        int ph = spec.padH(), pw = spec.padW(), hp = h + 2 * ph, rowLength = w + 2 * pw;
        float[] xp = Scratch.get().padded((int) size(n, h, w, spec));
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
                    Arrays.fill(xp, d, d + pw, 0f);
                    System.arraycopy(x, plane * h * w + row * w, xp, d + pw, w);
                    Arrays.fill(xp, d + pw + w, d + rowLength, 0f);
                }
            }
        });
        return new PreparedInput(xp, hp, rowLength);
    }

    /**
     * Where filter tap {@code k} (input channel, row, column, in PyTorch's weight order) of output
     * position (0, 0) reads, relative to the first input channel's plane.
     */
    int tapOffset(int k, Conv2dSpec spec) {
        int kh = spec.kernelH(), kw = spec.kernelW();
        return k / (kh * kw) * hp * rowLength + k % (kh * kw) / kw * rowLength + k % kw;
    }

    private static long size(int n, int h, int w, Conv2dSpec spec) {
        return (long) n * spec.inChannels() * (h + 2L * spec.padH()) * (w + 2L * spec.padW());
    }
}
