package io.cnnstream.engine.kernel.simd;

import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.parallel.WorkerPool;

import static io.cnnstream.engine.kernel.simd.MicroKernel.MR;
import static io.cnnstream.engine.kernel.simd.MicroKernel.NR;

/**
 * Convolution as a matrix product per image and group: {@code Y[outC/g, OH*OW] = W[outC/g, K] * X[K, OH*OW]}
 * with {@code K = inC/g * kH * kW}. The filters come packed ({@link PackedFilters}); the input columns
 * are gathered straight into {@link MicroKernel#NR}-wide panels (implicit im2col: no full column
 * matrix is ever built; a 1x1 stride-1 convolution copies rows instead of gathering). It serves
 * the convolutions {@link DirectConvolution} does not: pointwise ones, and those whose input
 * windows would be too large ({@link InputWindow#applies}).
 *
 * <p>Work is cut into tasks of (image, group, column block, row block) so that every worker has
 * several: column blocks of up to {@value #COLUMN_PANELS} panels keep the packed input in L2, and
 * row blocks are split further only when images x groups x column blocks are too few for the pool.
 * The depth is cut into blocks of {@value #DEPTH_BLOCK} so that a filter panel and an input panel fit
 * in L1 together. The output is pre-filled with the bias; ReLU, when fused, is applied as the last
 * depth block is stored.
 */
final class ConvolutionGemm {
    static final int DEPTH_BLOCK = 256;
    static final int COLUMN_PANELS = 8;
    private static final int TASKS_PER_THREAD = 4;

    private ConvolutionGemm() {
    }

    /** {@code x} is {@code [n, inC, h, w]}; {@code y} is {@code [n, outC, oh, ow]}, written whole. */
    static void run(WorkerPool pool, float[] x, int n, int h, int w, PackedFilters filters, float[] bias,
                    Conv2dSpec spec, int oh, int ow, float[] y, boolean relu) {
        int columns = oh * ow, columnPanels = ceilDiv(columns, NR);
        int columnChunks = ceilDiv(columnPanels, COLUMN_PANELS);
        int panelsPerColumnChunk = ceilDiv(columnPanels, columnChunks);
        columnChunks = ceilDiv(columnPanels, panelsPerColumnChunk);
        int tasksBeforeRowSplit = n * filters.groups() * columnChunks;
        int rowChunks = Math.min(filters.panels(),
                Math.max(1, ceilDiv(TASKS_PER_THREAD * pool.threads(), tasksBeforeRowSplit)));
        int panelsPerRowChunk = ceilDiv(filters.panels(), rowChunks);
        int rowChunkCount = ceilDiv(filters.panels(), panelsPerRowChunk);
        int perGroup = columnChunks * rowChunkCount;
        int colsPerChunk = panelsPerColumnChunk * NR, panelsPerRow = panelsPerRowChunk;
        Task task = new Task(x, h, w, filters, bias, spec, ow, columns, y, relu);

        if (rowChunkCount == 1) {
            // enough tasks without splitting rows: each task packs its own columns, in its own buffer
            pool.parallelFor(n * filters.groups() * perGroup, job -> {
                int imageGroup = job / perGroup, col0 = (job % perGroup) * colsPerChunk;
                task.run(imageGroup / filters.groups(), imageGroup % filters.groups(), col0,
                        Math.min(columns, col0 + colsPerChunk), 0, filters.panels(), null, 0);
            });
            return;
        }
        // few images (batch 1) on many threads: pack each image's columns once, in parallel, into one
        // shared buffer, then let the row blocks share it instead of each packing the same columns
        int depthBlocks = ceilDiv(filters.depth(), DEPTH_BLOCK), blockStride = columnPanels * DEPTH_BLOCK * NR;
        float[] packed = Scratch.get().shared(depthBlocks * blockStride);
        for (int image = 0; image < n; image++) {
            for (int g = 0; g < filters.groups(); g++) {
                int im = image, gr = g, chunks = columnChunks;
                pool.parallelFor(depthBlocks * chunks, job -> {
                    int k0 = (job / chunks) * DEPTH_BLOCK, kc = Math.min(DEPTH_BLOCK, filters.depth() - k0);
                    int col0 = (job % chunks) * colsPerChunk, col1 = Math.min(columns, col0 + colsPerChunk);
                    task.pack(im, gr, col0, col1, k0, kc, packed, (k0 / DEPTH_BLOCK) * blockStride + col0 * kc, Scratch.get());
                });
                pool.parallelFor(perGroup, job -> {
                    int col0 = (job / rowChunkCount) * colsPerChunk, panel0 = (job % rowChunkCount) * panelsPerRow;
                    task.run(im, gr, col0, Math.min(columns, col0 + colsPerChunk), panel0,
                            Math.min(filters.panels(), panel0 + panelsPerRow), packed, blockStride);
                });
            }
        }
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** One block of output: rows {@code [panel0*MR, panel1*MR)} x columns {@code [col0, col1)} of one image and group. */
    private record Task(float[] x, int h, int w, PackedFilters filters, float[] bias, Conv2dSpec spec, int ow,
                        int columns, float[] y, boolean relu) {

        /**
         * Computes the block; its input columns are packed here, or were packed into {@code shared}
         * (depth block j at {@code j * blockStride}, each block laid out as {@link #pack} writes it).
         */
        void run(int image, int g, int col0, int col1, int panel0, int panel1, float[] shared, int blockStride) {
            int rows = filters.rows(), depth = filters.depth(), cols = col1 - col0;
            int row0 = panel0 * MR, row1 = Math.min(rows, panel1 * MR);
            int yBase = (image * spec.outChannels() + g * rows) * columns;
            for (int row = row0; row < row1; row++) {
                float start = bias == null ? 0f : bias[g * rows + row];
                java.util.Arrays.fill(y, yBase + row * columns + col0, yBase + row * columns + col1, start);
            }
            int colPanels = ceilDiv(cols, NR);
            Scratch scratch = Scratch.get();
            float[] b = shared != null ? shared : scratch.panels(DEPTH_BLOCK * colPanels * NR);
            for (int k0 = 0; k0 < depth; k0 += DEPTH_BLOCK) {
                int kc = Math.min(DEPTH_BLOCK, depth - k0);
                boolean last = k0 + kc == depth;
                int bBase = 0;
                if (shared == null) {
                    pack(image, g, col0, col1, k0, kc, b, 0, scratch);
                } else {
                    bBase = (k0 / DEPTH_BLOCK) * blockStride + col0 * kc;
                }
                // BLIS order: one input panel stays in L1 while the filter panels stream past it from L2
                for (int cp = 0; cp < colPanels; cp++) {
                    int colsHere = Math.min(NR, cols - cp * NR), bOff = bBase + cp * kc * NR;
                    for (int panel = panel0; panel < panel1; panel++) {
                        int aOff = filters.offset(g, panel) + k0 * MR, rowsHere = Math.min(MR, rows - panel * MR);
                        int cOff = yBase + panel * MR * columns + col0 + cp * NR;
                        if (rowsHere == MR && colsHere == NR) {
                            MicroKernel.multiplyAdd(filters.data(), aOff, b, bOff, kc, y, cOff, columns, relu && last);
                        } else {
                            float[] tile = scratch.tile();
                            copyBlock(y, cOff, columns, tile, 0, NR, rowsHere, colsHere);
                            MicroKernel.multiplyAdd(filters.data(), aOff, b, bOff, kc, tile, 0, NR, relu && last);
                            copyBlock(tile, 0, NR, y, cOff, columns, rowsHere, colsHere);
                        }
                    }
                }
            }
        }

        /**
         * Gathers depth rows {@code [k0, k0+kc)} of columns {@code [col0, col1)} of one image and group into
         * NR-wide panels {@code [kc][NR]}, one after the other from {@code b[off]}.
         */
        void pack(int image, int g, int col0, int col1, int k0, int kc, float[] b, int off, Scratch scratch) {
            int cols = col1 - col0;
            int[] rowStart = scratch.rowStart(cols), colStart = scratch.colStart(cols);
            for (int t = 0; t < cols; t++) {
                int p = col0 + t;
                rowStart[t] = (p / ow) * spec.strideH() - spec.padH();
                colStart[t] = (p % ow) * spec.strideW() - spec.padW();
            }
            // runs: columns of one panel and one output row, the same for every depth row
            int[] runs = scratch.runs(2 * cols);
            int runCount = 0;
            for (int t = 0; t < cols; ) {
                int run = 1, limit = Math.min(NR - t % NR, cols - t);
                while (run < limit && rowStart[t + run] == rowStart[t]) {
                    run++;
                }
                runs[2 * runCount] = t;
                runs[2 * runCount++ + 1] = run;
                t += run;
            }
            int xBase = (image * spec.inChannels() + g * (spec.inChannels() / filters.groups())) * h * w;
            int kh = spec.kernelH(), kw = spec.kernelW(), plane = h * w, colPanels = ceilDiv(cols, NR);
            boolean pointwise = kh == 1 && kw == 1 && spec.strideH() == 1 && spec.strideW() == 1
                    && spec.padH() == 0 && spec.padW() == 0;
            for (int kk = 0; kk < kc; kk++) {
                int k = k0 + kk, ic = k / (kh * kw), ky = k % (kh * kw) / kw, kx = k % kw;
                int src = xBase + ic * plane;
                if (pointwise) {
                    for (int cp = 0; cp < colPanels; cp++) {
                        int count = Math.min(NR, cols - cp * NR), dst = off + (cp * kc + kk) * NR;
                        System.arraycopy(x, src + col0 + cp * NR, b, dst, count);
                        java.util.Arrays.fill(b, dst + count, dst + NR, 0f);
                    }
                    continue;
                }
                packRuns(src, runs, runCount, kk, kc, ky, kx, rowStart, colStart, b, off);
                for (int t = cols; t < colPanels * NR; t++) {
                    b[off + (t / NR * kc + kk) * NR + t % NR] = 0f;
                }
            }
        }

        /**
         * The columns of a panel that share an output row read input values {@code stride} apart in
         * one input row: each such run is checked against the image's bounds once (zeros where it
         * overlaps the padding) and copied, with one array copy at stride 1.
         */
        private void packRuns(int src, int[] runs, int runCount, int kk, int kc, int ky, int kx, int[] rowStart,
                              int[] colStart, float[] b, int off) {
            for (int i = 0; i < runCount; i++) {
                int t = runs[2 * i], run = runs[2 * i + 1];
                int dst = off + (t / NR * kc + kk) * NR + t % NR;
                int iy = rowStart[t] + ky, ix = colStart[t] + kx;
                if (iy < 0 || iy >= h) {
                    java.util.Arrays.fill(b, dst, dst + run, 0f);
                } else {
                    int sw = spec.strideW();
                    // the run's r-th value is at ix + r * sw: inside the row for r in [from, to)
                    int from = Math.min(run, ix >= 0 ? 0 : (-ix + sw - 1) / sw);
                    int to = Math.max(from, Math.min(run, w - ix <= 0 ? 0 : (w - ix + sw - 1) / sw));
                    if (from > 0) {
                        java.util.Arrays.fill(b, dst, dst + from, 0f);
                    }
                    int rowBase = src + iy * w + ix;
                    if (sw == 1) { // runs are short (at most NR): a loop beats an array copy call
                        for (int r = from; r < to; r++) {
                            b[dst + r] = x[rowBase + r];
                        }
                    } else {
                        for (int r = from; r < to; r++) {
                            b[dst + r] = x[rowBase + r * sw];
                        }
                    }
                    if (to < run) {
                        java.util.Arrays.fill(b, dst + Math.max(to, 0), dst + run, 0f);
                    }
                }
            }
        }
    }

    static void copyBlock(float[] from, int fromOff, int fromStride, float[] to, int toOff, int toStride, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(from, fromOff + r * fromStride, to, toOff + r * toStride, cols);
        }
    }
}
