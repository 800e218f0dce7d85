package io.cnnstream.engine.graph;

import io.cnnstream.engine.layer.BatchNorm2d;
import io.cnnstream.engine.layer.Conv2d;
import io.cnnstream.engine.layer.Layer;

import java.util.List;

/**
 * Prepares a network for inference by folding every batch norm that directly follows a convolution
 * in the same container into that convolution's weights (one convolution instead of two passes).
 * Run once, after the weights are bound.
 */
public final class BatchNormFolding {
    private BatchNormFolding() {
    }

    /** Folds every conv + batch norm pair under {@code root}; returns how many were folded. */
    public static int fold(Layer root) {
        if (root instanceof Dag) {
            return 0; // a graph's nodes are not a chain: its importer folds the pairs it can see are connected
        }
        int folded = 0;
        List<Layer> children = List.copyOf(root.children().values());
        for (int i = 0; i < children.size(); i++) {
            Layer child = children.get(i);
            if (child instanceof Conv2d conv && i + 1 < children.size() && children.get(i + 1) instanceof BatchNorm2d norm
                    && !norm.isFolded()) {
                conv.foldBatchNorm(norm);
                folded++;
            }
            folded += fold(child);
        }
        return folded;
    }
}
