"""numpy mirror of io.cnnstream.engine.weights.SeededInit: bit-identical seeded He initialisation.

Element i of the tensor named n is offset + v * scale with v = 2u - 1,
u = (lowbias32((fnv1a(n) + seed) ^ (i * 0x9E3779B9)) >> 8) / 2^24, all in float32 / uint32 arithmetic:
weights scale sqrt(6 / fan_in), biases 1 / sqrt(fan_in), batch norm weights and running variances
1 + v / 2, batch norm biases and running means v / 10.
"""
import math

import numpy as np


def fnv1a(name):
    h = 0x811C9DC5
    for b in name.encode("utf-8"):
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def values(name, count, bound, seed=0):
    base = np.uint32((fnv1a(name) + seed) & 0xFFFFFFFF)
    with np.errstate(over="ignore"):
        x = np.arange(count, dtype=np.uint32) * np.uint32(0x9E3779B9)
        x ^= base
        x ^= x >> np.uint32(16)
        x *= np.uint32(0x7FEB352D)
        x ^= x >> np.uint32(15)
        x *= np.uint32(0x846CA68B)
        x ^= x >> np.uint32(16)
    u = (x >> np.uint32(8)).astype(np.float32) * np.float32(2.0 ** -24)
    return (np.float32(2.0) * u - np.float32(1.0)) * np.float32(bound)


def init_module(model, seed=0):
    """Fills every parameter and batch-norm buffer of a module in place, as SeededInit.apply does."""
    import torch

    norms = {name for name, m in model.named_modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)}
    state = model.state_dict()
    for name, tensor in state.items():
        prefix, kind = name.rsplit(".", 1)
        if kind == "num_batches_tracked":
            continue
        if prefix in norms:
            scale, offset = {"weight": (0.5, 1.0), "running_var": (0.5, 1.0), "bias": (0.1, 0.0), "running_mean": (0.1, 0.0)}[kind]
        else:
            fan_in = int(np.prod(state[prefix + ".weight"].shape[1:]))
            scale, offset = (math.sqrt(6.0 / fan_in), 0.0) if kind == "weight" else (math.sqrt(1.0 / fan_in), 0.0)
        data = values(name, tensor.numel(), scale, seed) + np.float32(offset)
        tensor.copy_(torch.from_numpy(data.reshape(tuple(tensor.shape))))


def init_state_dict(state_dict, seed=0):
    """Conv/linear-only state dicts (the AlexNets): weights and biases as SeededInit.apply fills them."""
    import torch

    fan_in = {}
    for name, tensor in state_dict.items():
        if name.endswith(".weight"):
            fan_in[name[: -len(".weight")]] = int(np.prod(tensor.shape[1:]))
    for name, tensor in state_dict.items():
        prefix, kind = name.rsplit(".", 1)
        scale = 6.0 if kind == "weight" else 1.0
        bound = math.sqrt(scale / fan_in[prefix])
        data = values(name, tensor.numel(), bound, seed).reshape(tuple(tensor.shape))
        tensor.copy_(torch.from_numpy(data))
