package io.cnnstream.engine.kernel.simd;

import io.cnnstream.engine.kernel.Conv2dSpec;

/**
 * A convolution's weights as the B operand of {@link MicroKernel#multiplyAddGathered}: per group,
 * the filter matrix transposed to {@code [K][outC/groups]} ({@code K = inC/groups * kH * kW}) and cut
 * into panels of {@code width} output channels stored k-major ({@code [K][width]}), the last panel
 * padded with zero channels. Packed once per weight tensor. A fully connected layer's
 * {@code [outputs, features]} weights take the same form ({@link #ofMatrix}, panels of
 * {@link MicroKernel#NR}) for {@link DenseProduct}.
 */
record FilterColumns(int groups, int rows, int depth, int width, int panels, float[] data) {

    static FilterColumns pack(float[] weight, Conv2dSpec spec, int width) {
        int groups = spec.groups();
        int depth = spec.inChannels() / groups * spec.kernelH() * spec.kernelW();
        return pack(weight, groups, spec.outChannels() / groups, depth, width);
    }

    /** A {@code [rows, depth]} matrix as one group, in panels of {@link MicroKernel#NR}. */
    static FilterColumns ofMatrix(float[] weight, int rows, int depth) {
        return pack(weight, 1, rows, depth, MicroKernel.NR);
    }

    private static FilterColumns pack(float[] weight, int groups, int rows, int depth, int width) {
        int panels = (rows + width - 1) / width;
        float[] data = new float[groups * panels * depth * width];
        for (int g = 0; g < groups; g++) {
            for (int row = 0; row < rows; row++) {
                int src = (g * rows + row) * depth, dst = offset(g, row / width, panels, depth, width) + row % width;
                for (int k = 0; k < depth; k++) {
                    data[dst + k * width] = weight[src + k];
                }
            }
        }
        return new FilterColumns(groups, rows, depth, width, panels, data);
    }

    /** Where panel {@code panel} of group {@code g} starts; its channels for depth k are at {@code + k * width}. */
    int offset(int g, int panel) {
        return offset(g, panel, panels, depth, width);
    }

    private static int offset(int g, int panel, int panels, int depth, int width) {
        return (g * panels + panel) * depth * width;
    }
}
