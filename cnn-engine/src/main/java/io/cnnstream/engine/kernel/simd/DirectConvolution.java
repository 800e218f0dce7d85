package io.cnnstream.engine.kernel.simd;

import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.parallel.WorkerPool;

import static io.cnnstream.engine.kernel.simd.ConvolutionGemm.ceilDiv;
import static io.cnnstream.engine.kernel.simd.MicroKernel.L;
import static io.cnnstream.engine.kernel.simd.MicroKernel.MR;
import static io.cnnstream.engine.kernel.simd.MicroKernel.NR;
import static io.cnnstream.engine.kernel.simd.MicroKernel.WIDE;

/**
 * Convolution with nothing packed but the filters: every convolution that is neither 3x3 stride 1
 * (Winograd's) nor pointwise, as long as its {@link InputWindow} is not too large. On
 * AlexNet's 11x11 stride-4 first layer (64 filters over 3 channels), {@link ConvolutionGemm} spent
 * as long gathering each input panel as its 64 rows of filters took to use it. Here the roles turn
 * round: output channels run along the vectors (filters packed once, {@link FilterColumns}, in
 * panels of four vectors where they fill them, see {@link #width}), output positions are the
 * micro-kernel's rows, and each position reads its input straight from the task's
 * {@link InputWindow} through a table of tap offsets ({@link MicroKernel#multiplyAddGathered4},
 * {@link MicroKernel#multiplyAddGathered}), as MLAS does for a first layer over NCHW input. Four
 * vectors per position halve the input loads per multiply-add: AlexNet's 5x5 and 11x11 layers at
 * batch 8 on 2 threads measured 5-20 % faster than with two, alternating in one process.
 *
 * <p>Work is cut into tasks of (image, group, block of {@value #POSITIONS} output positions). A task
 * copies the input rows its block reads into its {@link InputWindow} (at batch 32, AlexNet's 11x11
 * layer took 27.3 ms so against 30.4 reading one padded copy of the whole input made first), then
 * accumulates its block position-major in scratch, bias first, over depth blocks of at most
 * {@value #DEPTH_BLOCK} (a two-vector filter panel of that depth stays in L1 while the block's
 * positions pass, a four-vector one in L2: depth blocks of 96 and 128 measured no faster),
 * then writes it channel-major into the output ({@link TileTranspose}), applying the fused ReLU.
 */
final class DirectConvolution {
    static final int POSITIONS = 16 * MR;
    static final int DEPTH_BLOCK = 256;
    private static final int TASKS_PER_THREAD = 4;

    private DirectConvolution() {
    }

    static boolean applies(Conv2dSpec spec, int w, int oh, int ow) {
        return InputWindow.applies(spec, w, oh, ow, POSITIONS);
    }

    /**
     * Output channels per filter panel: {@link MicroKernel#WIDE} (four vectors) with 512-bit vectors
     * where that pads no more channels than two-vector panels would (64, 128, 192, 256 ... per group),
     * else {@link MicroKernel#NR}. With 256-bit vectors the wide block would not fit AVX2's 16
     * registers.
     */
    static int width(Conv2dSpec spec) {
        int rows = spec.outChannels() / spec.groups();
        boolean wide = MicroKernel.L >= 16 && rows > NR && 2 * ceilDiv(rows, WIDE) == ceilDiv(rows, NR);
        return wide ? WIDE : NR;
    }

    /** {@code x} is {@code [n, inC, h, w]}; {@code y} is {@code [n, outC, oh, ow]}, written whole. */
    static void run(WorkerPool pool, float[] x, int n, int h, int w, FilterColumns filters, float[] bias,
                    Conv2dSpec spec, int oh, int ow, float[] y, boolean relu) {
        InputWindow window = InputWindow.of(spec, w, oh, ow, POSITIONS);
        int depth = filters.depth(), groups = filters.groups(), columns = oh * ow, width = filters.width();
        int[] taps = Scratch.get().taps(depth); // read by every worker: filled before they start
        for (int k = 0; k < depth; k++) {
            taps[k] = window.tapOffset(k, spec);
        }
        int blocks = ceilDiv(columns, POSITIONS), depthBlock = ceilDiv(depth, ceilDiv(depth, DEPTH_BLOCK));
        int sh = spec.strideH(), sw = spec.strideW(), rowLength = window.rowLength();
        // channel panels are split between tasks only when images x groups x blocks are too few for the pool
        int panelChunks = Math.min(filters.panels(),
                Math.max(1, ceilDiv(TASKS_PER_THREAD * pool.threads(), n * groups * blocks)));
        int panelsPerChunk = ceilDiv(filters.panels(), panelChunks);
        int chunks = ceilDiv(filters.panels(), panelsPerChunk);
        pool.parallelFor(n * groups * blocks * chunks, job -> {
            int panel0 = job % chunks * panelsPerChunk, panel1 = Math.min(filters.panels(), panel0 + panelsPerChunk);
            int block = job / chunks, image = block / (groups * blocks), g = block / blocks % groups;
            int p0 = block % blocks * POSITIONS, count = Math.min(POSITIONS, columns - p0);
            int padded = ceilDiv(count, MR) * MR, firstRow = p0 / ow, lastRow = (p0 + count - 1) / ow;
            Scratch scratch = Scratch.get();
            float[] in = scratch.window((int) window.size());
            window.fill(x, image * spec.inChannels() + g * window.channels(), h, w, spec, firstRow * sh,
                    (lastRow - firstRow) * sh + spec.kernelH(), in);
            // where each position's input starts in the window; the last position repeats into the padding rows
            int[] at = scratch.rowStart(padded);
            for (int i = 0; i < padded; i++) {
                int p = p0 + Math.min(i, count - 1);
                at[i] = (p / ow - firstRow) * sh * rowLength + p % ow * sw;
            }
            // the block's outputs, position-major per panel: panel j's row i at (j - panel0) * padded + i
            float[] c = scratch.panels((panel1 - panel0) * padded * width);
            startWithBias(c, filters, g, panel0, panel1, bias, padded);
            for (int k0 = 0; k0 < depth; k0 += depthBlock) {
                int kc = Math.min(depthBlock, depth - k0);
                for (int panel = panel0; panel < panel1; panel++) {
                    int bOff = filters.offset(g, panel) + k0 * width, cOff = (panel - panel0) * padded * width;
                    for (int i = 0; i < padded; i += MR) {
                        if (width == WIDE) {
                            MicroKernel.multiplyAddGathered4(in, taps, k0, kc, at[i], at[i + 1], at[i + 2],
                                    at[i + 3], at[i + 4], at[i + 5], filters.data(), bOff, c, cOff + i * width);
                        } else {
                            MicroKernel.multiplyAddGathered(in, taps, k0, kc, at[i], at[i + 1], at[i + 2],
                                    at[i + 3], at[i + 4], at[i + 5], filters.data(), bOff, c, cOff + i * width);
                        }
                    }
                }
            }
            int yBase = (image * spec.outChannels() + g * filters.rows()) * columns + p0;
            store(c, panel0 * width, Math.min(filters.rows(), panel1 * width), width, padded, count, y, yBase, columns,
                    relu, scratch.transposeStage());
        });
    }

    /**
     * Output channels {@code [row0, row1)} of a block, from position-major {@code c} (channel
     * {@code row} of position {@code i} at {@code (row / width - row0 / width) * padded * width
     * + i * width + row % width}) to their planes of {@code y}: whole {@link TileTranspose tiles}
     * transposed in registers, the rest one value at a time. Math.max keeps NaN, as the scalar ReLU does.
     */
    private static void store(float[] c, int row0, int row1, int width, int padded, int count, float[] y, int yBase,
                              int columns, boolean relu, float[] stage) {
        int tileRows = TileTranspose.APPLIES ? (row1 - row0) / L * L : 0;
        int tilePositions = TileTranspose.APPLIES ? count / L * L : 0;
        float floor = relu ? 0f : Float.NEGATIVE_INFINITY;
        for (int row = row0; row < row1; row++) {
            int src = (row / width - row0 / width) * padded * width + row % width, dst = yBase + row * columns;
            boolean tiled = row - row0 < tileRows;
            if (tiled && (row - row0) % L == 0) {
                for (int i = 0; i < tilePositions; i += L) {
                    TileTranspose.store(c, src + i * width, width, y, dst + i, columns, floor, stage);
                }
            }
            for (int i = tiled ? tilePositions : 0; i < count; i++) {
                float v = c[src + i * width];
                y[dst + i] = relu ? Math.max(v, 0f) : v;
            }
        }
    }

    /** Every position's row of panels {@code [panel0, panel1)} starts as the group's bias (0 in padding channels). */
    private static void startWithBias(float[] c, FilterColumns filters, int g, int panel0, int panel1, float[] bias,
                                      int padded) {
        int width = filters.width();
        for (int panel = panel0; panel < panel1; panel++) {
            int first = (panel - panel0) * padded * width;
            for (int lane = 0; lane < width; lane++) {
                int row = panel * width + lane;
                c[first + lane] = bias == null || row >= filters.rows() ? 0f : bias[g * filters.rows() + row];
            }
            for (int i = 1; i < padded; i++) {
                System.arraycopy(c, first, c, first + i * width, width);
            }
        }
    }
}
