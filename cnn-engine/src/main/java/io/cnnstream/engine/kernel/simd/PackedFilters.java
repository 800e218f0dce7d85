package io.cnnstream.engine.kernel.simd;

import io.cnnstream.engine.kernel.Conv2dSpec;

/**
 * A convolution's weights as the A operand of {@link MicroKernel}: per group, the
 * {@code [outC/groups, K]} filter matrix ({@code K = inC/groups * kH * kW}) cut into panels of
 * {@link MicroKernel#MR} rows stored k-major ({@code [K][MR]}), the last panel padded with zero rows.
 * Packed once per weight tensor, so a forward pass never re-packs filters.
 */
record PackedFilters(int groups, int rows, int depth, int panels, float[] data) {

    static PackedFilters pack(float[] weight, Conv2dSpec spec) {
        int groups = spec.groups(), rows = spec.outChannels() / groups;
        int depth = spec.inChannels() / groups * spec.kernelH() * spec.kernelW();
        int panels = (rows + MicroKernel.MR - 1) / MicroKernel.MR;
        float[] data = new float[groups * panels * depth * MicroKernel.MR];
        for (int g = 0; g < groups; g++) {
            for (int row = 0; row < rows; row++) {
                int panel = row / MicroKernel.MR, lane = row % MicroKernel.MR;
                int src = (g * rows + row) * depth, dst = offset(g, panel, panels, depth) + lane;
                for (int k = 0; k < depth; k++) {
                    data[dst + k * MicroKernel.MR] = weight[src + k];
                }
            }
        }
        return new PackedFilters(groups, rows, depth, panels, data);
    }

    /** Where panel {@code panel} of group {@code g} starts; its row block for depth k is at {@code + k * MR}. */
    int offset(int g, int panel) {
        return offset(g, panel, panels, depth);
    }

    private static int offset(int g, int panel, int panels, int depth) {
        return (g * panels + panel) * depth * MicroKernel.MR;
    }
}
