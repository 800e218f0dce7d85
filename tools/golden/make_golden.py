#!/usr/bin/python3
"""Makes the engine's golden files with PyTorch (Debian's python3-torch / python3-torchvision).

    /usr/bin/python3 tools/golden/make_golden.py cnn-engine/src/test/resources/golden

layers.safetensors   small cases of every layer: input, weights, PyTorch's output; __metadata__ "cases"
                     lists each case's hyperparameters as JSON.
classics.safetensors logits of lenet5 (batch 2), vgg16, googlenet (aux heads off, transform_input on) and
                     resnet50 (batch 1) on seeded weights with non-trivial batch norm statistics.
alexnets.safetensors logits of alexnet, alexnet-2012 and alexnet-seed for a batch of 2 seeded inputs, with
                     the seeded He weights of SeededInit (reproduced bit for bit in seeded_init.py), so the
                     Java test regenerates weights and inputs and only the logits are committed.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import safetensors_io  # noqa: E402
from seeded_init import init_state_dict, values  # noqa: E402

torch.set_grad_enabled(False)
torch.set_num_threads(1)


def rand(gen, *shape):
    return torch.rand(*shape, generator=gen) * 2 - 1


def layer_cases():
    gen = torch.Generator().manual_seed(20261123)
    tensors, cases = {}, []

    def add(case, **arrays):
        name = "case%d" % len(cases)
        case["name"] = name
        cases.append(case)
        for key, value in arrays.items():
            tensors["%s.%s" % (name, key)] = value

    conv_table = [
        # n, cin, cout, h, w, kh, kw, sh, sw, ph, pw, groups, bias
        (1, 3, 4, 9, 9, 3, 3, 1, 1, 0, 0, 1, True),
        (2, 3, 5, 11, 13, 3, 3, 2, 2, 1, 1, 1, True),
        (1, 4, 6, 12, 12, 5, 5, 1, 1, 2, 2, 2, True),
        (2, 6, 6, 7, 9, 3, 3, 1, 1, 1, 1, 3, False),
        (1, 3, 8, 23, 23, 11, 11, 4, 4, 2, 2, 1, True),
        (1, 2, 3, 8, 10, 3, 5, 2, 1, 0, 2, 1, True),
        (1, 8, 4, 6, 6, 1, 1, 1, 1, 0, 0, 1, True),
        (1, 4, 4, 10, 10, 3, 3, 3, 3, 1, 1, 4, True),
    ]
    for n, cin, cout, h, w, kh, kw, sh, sw, ph, pw, g, bias in conv_table:
        x = rand(gen, n, cin, h, w)
        weight = rand(gen, cout, cin // g, kh, kw)
        b = rand(gen, cout) if bias else None
        y = F.conv2d(x, weight, b, stride=(sh, sw), padding=(ph, pw), groups=g)
        arrays = {"input": x, "weight": weight, "output": y}
        if bias:
            arrays["bias"] = b
        add({"op": "conv2d", "in": cin, "out": cout, "kernel": [kh, kw], "stride": [sh, sw],
             "padding": [ph, pw], "groups": g, "bias": bias}, **arrays)

    pool_table = [
        # op, n, c, h, w, k, s, p, ceil, count_include_pad
        ("max", 1, 2, 13, 13, 3, 2, 0, False, True),
        ("max", 1, 2, 14, 14, 3, 2, 0, True, True),
        ("max", 2, 3, 10, 11, 3, 2, 1, True, True),
        ("max", 1, 1, 7, 7, 2, 2, 1, False, True),
        ("avg", 1, 2, 13, 13, 3, 2, 0, False, True),
        ("avg", 1, 2, 10, 10, 3, 2, 1, False, True),
        ("avg", 1, 2, 10, 10, 3, 2, 1, False, False),
        ("avg", 2, 2, 14, 13, 3, 2, 1, True, True),
        ("avg", 1, 2, 14, 13, 3, 2, 1, True, False),
        ("avg", 1, 3, 7, 7, 5, 3, 0, True, True),
    ]
    for op, n, c, h, w, k, s, p, ceil, include in pool_table:
        x = rand(gen, n, c, h, w)
        if op == "max":
            y = F.max_pool2d(x, k, s, p, ceil_mode=ceil)
        else:
            y = F.avg_pool2d(x, k, s, p, ceil_mode=ceil, count_include_pad=include)
        add({"op": op + "pool2d", "kernel": k, "stride": s, "padding": p, "ceil": ceil,
             "countIncludePad": include}, input=x, output=y)

    for n, c, h, w, oh, ow in [(1, 3, 13, 13, 6, 6), (2, 2, 7, 10, 3, 4), (1, 2, 5, 5, 6, 6), (1, 1, 6, 6, 1, 1)]:
        x = rand(gen, n, c, h, w)
        add({"op": "adaptiveavgpool2d", "size": [oh, ow]}, input=x, output=F.adaptive_avg_pool2d(x, (oh, ow)))

    for n, c, h, w, size, alpha, beta, k in [(1, 8, 5, 5, 5, 1e-4, 0.75, 2.0), (2, 6, 3, 4, 2, 1.0, 1.0, 0.0),
                                              (1, 7, 3, 3, 3, 0.5, 0.5, 1.0), (1, 3, 2, 2, 5, 2.0, 0.75, 1.0)]:
        x = rand(gen, n, c, h, w) * 3
        if k == 0.0:
            x = x.abs() + 0.1  # keep the denominator away from zero
        y = F.local_response_norm(x, size, alpha, beta, k)
        add({"op": "lrn", "size": size, "alpha": alpha, "beta": beta, "k": k}, input=x, output=y)

    for n, fin, fout in [(1, 7, 5), (3, 33, 17)]:
        x, weight, b = rand(gen, n, fin), rand(gen, fout, fin), rand(gen, fout)
        add({"op": "linear", "in": fin, "out": fout}, input=x, weight=weight, bias=b, output=F.linear(x, weight, b))

    x = rand(gen, 3, 10) * 20
    add({"op": "softmax"}, input=x, output=F.softmax(x, dim=1))

    for op, fn in [("tanh", torch.tanh), ("sigmoid", torch.sigmoid), ("leaky_relu", lambda t: F.leaky_relu(t, 0.2)),
                   ("elu", lambda t: F.elu(t, 0.7))]:
        x = rand(gen, 2, 3, 4, 5) * 4
        add({"op": op, "parameter": {"leaky_relu": 0.2, "elu": 0.7}.get(op, 0.0)}, input=x, output=fn(x))

    x = rand(gen, 2, 4, 5, 6) * 2
    bn = nn.BatchNorm2d(4, eps=1e-3).eval()
    bn.weight.copy_(rand(gen, 4) + 1.5)
    bn.bias.copy_(rand(gen, 4))
    bn.running_mean.copy_(rand(gen, 4) * 0.5)
    bn.running_var.copy_(rand(gen, 4) * 0.5 + 1.0)
    add({"op": "batchnorm", "channels": 4, "eps": 1e-3}, input=x, weight=bn.weight, bias=bn.bias,
        mean=bn.running_mean, var=bn.running_var, output=bn(x))

    for n, cin, cout, h, w, k, s_, p_, op_, g, bias in [(1, 2, 3, 4, 4, 3, 2, 1, 1, 1, True), (2, 4, 2, 3, 5, 4, 2, 1, 0, 2, True),
                                                       (1, 3, 2, 5, 5, 3, 1, 0, 0, 1, False), (1, 2, 2, 2, 3, 2, 3, 0, 2, 1, True)]:
        x = rand(gen, n, cin, h, w)
        weight = rand(gen, cin, cout // g, k, k)
        b = rand(gen, cout) if bias else None
        y = F.conv_transpose2d(x, weight, b, stride=s_, padding=p_, output_padding=op_, groups=g)
        arrays = {"input": x, "weight": weight, "output": y}
        if bias:
            arrays["bias"] = b
        add({"op": "convtranspose2d", "in": cin, "out": cout, "kernel": k, "stride": s_, "padding": p_,
             "outputPadding": op_, "groups": g, "bias": bias}, **arrays)

    for n, c, h, w, k, s_, p_ in [(1, 2, 6, 6, 2, 2, 0), (2, 3, 7, 9, 3, 2, 1)]:
        x = rand(gen, n, c, h, w)
        pooled, indices = F.max_pool2d(x, k, s_, p_, return_indices=True)
        unpooled = F.max_unpool2d(pooled, indices, k, s_, p_)
        add({"op": "maxunpool2d", "kernel": k, "stride": s_, "padding": p_}, input=x, pooled=pooled,
            indices=indices.to(torch.float32), output=unpooled)
    return tensors, cases


class LeNet5(nn.Module):
    """lenet5 of ARCHITECTURE.md, with the same module names."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 6, 5), nn.Tanh(), nn.AvgPool2d(2, 2),
                                      nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2, 2))
        self.classifier = nn.Sequential(nn.Linear(400, 120), nn.Tanh(), nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10))

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


def classic_logits():
    """Logits of the seeds' other architectures on seeded weights (batch norm statistics included)."""
    from seeded_init import init_module

    models = {
        "lenet5": (LeNet5(), (2, 1, 32, 32)),
        "vgg16": (torchvision.models.vgg16(), (1, 3, 224, 224)),
        "googlenet": (torchvision.models.googlenet(aux_logits=False, transform_input=True, init_weights=False), (1, 3, 224, 224)),
        "resnet50": (torchvision.models.resnet50(), (1, 3, 224, 224)),
    }
    tensors, params = {}, {}
    for name, (model, shape) in models.items():
        model.eval()
        init_module(model)
        params[name] = sum(p.numel() for p in model.parameters())
        x = torch.from_numpy(values("input", int(np.prod(shape)), 1.0).reshape(shape))
        tensors[name + ".logits"] = model(x)
        del model
    return tensors, params


class AlexNetVariant(nn.Module):
    """alexnet-2012 / alexnet-seed of ARCHITECTURE.md, with the same module names."""

    def __init__(self, grouped_lrn):
        super().__init__()
        lrn = lambda: nn.LocalResponseNorm(5, alpha=1e-4, beta=0.75, k=2.0)  # noqa: E731
        g = 2 if grouped_lrn else 1
        if grouped_lrn:
            layers = [nn.Conv2d(3, 96, 11, 4), nn.ReLU(), lrn(), nn.MaxPool2d(3, 2),
                      nn.Conv2d(96, 256, 5, padding=2, groups=g), nn.ReLU(), lrn(), nn.MaxPool2d(3, 2)]
        else:
            layers = [nn.Conv2d(3, 96, 11, 4), nn.ReLU(), nn.MaxPool2d(3, 2),
                      nn.Conv2d(96, 256, 5, padding=2), nn.ReLU(), nn.MaxPool2d(3, 2)]
        layers += [nn.Conv2d(256, 384, 3, padding=1), nn.ReLU(),
                   nn.Conv2d(384, 384, 3, padding=1, groups=g), nn.ReLU(),
                   nn.Conv2d(384, 256, 3, padding=1, groups=g), nn.ReLU(), nn.MaxPool2d(3, 2)]
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Sequential(nn.Dropout(), nn.Linear(9216, 4096), nn.ReLU(), nn.Dropout(),
                                        nn.Linear(4096, 4096), nn.ReLU(), nn.Linear(4096, 1000))

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


def alexnet_logits():
    models = {
        "alexnet": (torchvision.models.alexnet(), 224),
        "alexnet-2012": (AlexNetVariant(True), 227),
        "alexnet-seed": (AlexNetVariant(False), 227),
    }
    tensors, params = {}, {}
    for name, (model, size) in models.items():
        model.eval()
        init_state_dict(model.state_dict())
        params[name] = sum(p.numel() for p in model.parameters())
        x = torch.from_numpy(values("input", 2 * 3 * size * size, 1.0).reshape(2, 3, size, size))
        tensors[name + ".logits"] = model(x)
    return tensors, params


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    tensors, cases = layer_cases()
    safetensors_io.save(os.path.join(out_dir, "layers.safetensors"), tensors,
                        {"cases": json.dumps(cases), "torch": torch.__version__})
    logits, params = alexnet_logits()
    safetensors_io.save(os.path.join(out_dir, "alexnets.safetensors"), logits,
                        {"params": json.dumps(params), "torch": torch.__version__,
                         "torchvision": torchvision.__version__})
    classic, classic_params = classic_logits()
    safetensors_io.save(os.path.join(out_dir, "classics.safetensors"), classic,
                        {"params": json.dumps(classic_params), "torch": torch.__version__,
                         "torchvision": torchvision.__version__})
    print("golden files written to", out_dir, "parameter counts", params, classic_params)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "cnn-engine/src/test/resources/golden")
