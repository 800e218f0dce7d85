package io.cnnstream.engine.train;

import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.tensor.Tensor;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * {@code torch.optim.SGD(params, lr, momentum, weight_decay)} (no dampening, no Nesterov), its update
 * in PyTorch's order and float precision: {@code d = g + wd * p}; {@code buf = d} at the first step,
 * then {@code buf = momentum * buf + d}; {@code p = p - lr * buf}.
 */
public final class Sgd {
    private final double momentum;
    private final double weightDecay;
    private final Map<Parameter, float[]> buffers = new IdentityHashMap<>();

    public Sgd(double momentum, double weightDecay) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be a finite value >= 0, got " + weightDecay);
        }
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    /**
     * Updates each parameter from its gradient; parameters without a gradient are left alone, as
     * PyTorch does. The new values go into a new array, bound in place of the old: the vector
     * kernels cache weights packed per array, on the promise that an array's values never change.
     */
    public void step(Map<Parameter, float[]> gradients, double lr) {
        float wd = (float) weightDecay, m = (float) momentum, minusLr = (float) -lr;
        for (Map.Entry<Parameter, float[]> e : gradients.entrySet()) {
            Parameter parameter = e.getKey();
            float[] p = parameter.value().data().clone(), g = e.getValue();
            float[] buf = momentum == 0 ? null : buffers.get(parameter);
            boolean first = buf == null && momentum != 0;
            if (first) {
                buf = new float[p.length];
                buffers.put(parameter, buf);
            }
            for (int i = 0; i < p.length; i++) {
                float d = weightDecay == 0 ? g[i] : g[i] + wd * p[i];
                if (buf != null) {
                    buf[i] = first ? d : buf[i] * m + d;
                    d = buf[i];
                }
                p[i] += minusLr * d;
            }
            parameter.bind(Tensor.of(parameter.shape(), p));
        }
    }
}
