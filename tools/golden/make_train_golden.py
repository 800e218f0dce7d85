#!/usr/bin/env python3
"""Golden files for training: PyTorch autograd and torch.optim.SGD on the engine's layers.

Run with Debian's python3-torch from the repository root:
    /usr/bin/python3 tools/golden/make_train_golden.py cnn-engine/src/test/resources/golden/train

grads.safetensors  one case per layer and loss: input, weights, upstream gradient dy (for the losses,
                   targets), PyTorch's dx, dweight, dbias (and, for batch norm in training mode, the
                   running statistics after the pass); __metadata__ "cases" lists them.
lenet5.safetensors LeNet-5 with the engine's training initialisation (seed 7), a batch of 6 digits-shaped
                   inputs and labels, the gradients of every parameter for cross-entropy with label
                   smoothing 0.1, then the losses of 3 steps and the parameters after the third of SGD(lr=0.1, momentum=0.9,
                   weight_decay=5e-4) on that batch, and CosineAnnealingLR(T_max=10)'s learning rates.
"""
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
import safetensors_io  # noqa: E402
from seeded_init import values  # noqa: E402

torch.set_num_threads(1)


def rand(gen, *shape):
    return (torch.rand(*shape, generator=gen) * 2 - 1).requires_grad_(True)


def grad_cases():
    gen = torch.Generator().manual_seed(20261203)
    tensors, cases = {}, []

    def add(case, **arrays):
        name = "case%d" % len(cases)
        case["name"] = name
        cases.append(case)
        for key, value in arrays.items():
            tensors["%s.%s" % (name, key)] = value.detach()

    def backward(y, inputs):
        dy = torch.rand(*y.shape, generator=gen) * 2 - 1
        grads = torch.autograd.grad(y, inputs, dy)
        return dy, grads

    for n, cin, cout, h, w, k, s, p, g, bias in [
        (2, 1, 6, 12, 12, 5, 1, 0, 1, True),
        (2, 4, 6, 9, 11, 3, 2, 1, 2, True),
        (1, 3, 4, 13, 13, 5, 3, 2, 1, False),
        (2, 6, 8, 7, 7, 1, 1, 0, 1, True),
    ]:
        x, wt = rand(gen, n, cin, h, w), rand(gen, cout, cin // g, k, k)
        b = rand(gen, cout) if bias else None
        y = F.conv2d(x, wt, b, stride=s, padding=p, groups=g)
        dy, grads = backward(y, [x, wt] + ([b] if bias else []))
        arrays = {"input": x, "weight": wt, "dy": dy, "dx": grads[0], "dweight": grads[1]}
        if bias:
            arrays["bias"], arrays["dbias"] = b, grads[2]
        add({"op": "conv2d", "in": cin, "out": cout, "kernel": k, "stride": s, "padding": p, "groups": g,
             "bias": bias}, **arrays)

    x, wt, b = rand(gen, 5, 40), rand(gen, 12, 40), rand(gen, 12)
    y = F.linear(x, wt, b)
    dy, (dx, dw, db) = backward(y, [x, wt, b])
    add({"op": "linear", "in": 40, "out": 12}, input=x, weight=wt, bias=b, dy=dy, dx=dx, dweight=dw, dbias=db)

    for op, k, s, p, ceil, include in [("maxpool2d", 2, 2, 0, False, True), ("maxpool2d", 3, 2, 1, True, True),
                                       ("avgpool2d", 2, 2, 0, False, True), ("avgpool2d", 3, 2, 1, True, False),
                                       ("avgpool2d", 3, 2, 1, False, True)]:
        x = rand(gen, 2, 3, 9, 10)
        if op == "maxpool2d":
            y = F.max_pool2d(x, k, s, p, ceil_mode=ceil)
        else:
            y = F.avg_pool2d(x, k, s, p, ceil_mode=ceil, count_include_pad=include)
        dy, (dx,) = backward(y, [x])
        add({"op": op, "kernel": k, "stride": s, "padding": p, "ceil": ceil, "countIncludePad": include},
            input=x, dy=dy, dx=dx)

    x = rand(gen, 2, 3, 7, 9)
    y = F.adaptive_avg_pool2d(x, (3, 4))
    dy, (dx,) = backward(y, [x])
    add({"op": "adaptiveavgpool2d", "outH": 3, "outW": 4}, input=x, dy=dy, dx=dx)

    for op, param in [("relu", 0.0), ("tanh", 0.0), ("sigmoid", 0.0), ("leakyrelu", 0.1), ("elu", 1.0)]:
        x = (torch.rand(2, 3, 4, 5, generator=gen) * 6 - 3).requires_grad_(True)
        y = {"relu": F.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid,
             "leakyrelu": lambda t: F.leaky_relu(t, param), "elu": lambda t: F.elu(t, param)}[op](x)
        dy, (dx,) = backward(y, [x])
        add({"op": op, "parameter": param}, input=x, dy=dy, dx=dx)

    x = (torch.rand(2, 7, 4, 5, generator=gen) * 6 - 3).requires_grad_(True)  # squares large enough to matter
    y = F.local_response_norm(x, 5, alpha=1e-2, beta=0.75, k=2.0)
    dy, (dx,) = backward(y, [x])
    add({"op": "lrn", "size": 5, "alpha": 1e-2, "beta": 0.75, "k": 2.0}, input=x, dy=dy, dx=dx)

    bn = nn.BatchNorm2d(4)
    with torch.no_grad():
        bn.weight.copy_(torch.rand(4, generator=gen) + 0.5)
        bn.bias.copy_(torch.rand(4, generator=gen) - 0.5)
        bn.running_mean.copy_(torch.rand(4, generator=gen) - 0.5)
        bn.running_var.copy_(torch.rand(4, generator=gen) + 0.5)
    weight0, bias0 = bn.weight.detach().clone(), bn.bias.detach().clone()
    mean0, var0 = bn.running_mean.clone(), bn.running_var.clone()
    bn.train()
    x = rand(gen, 3, 4, 5, 6)
    y = bn(x)
    dy, (dx, dw, db) = backward(y, [x, bn.weight, bn.bias])
    add({"op": "batchnorm2d", "channels": 4}, input=x, weight=weight0, bias=bias0, running_mean=mean0,
        running_var=var0, dy=dy, dx=dx, dweight=dw, dbias=db, running_mean_after=bn.running_mean,
        running_var_after=bn.running_var)

    for smoothing in (0.0, 0.1):
        z = rand(gen, 4, 10) * 3
        z.retain_grad()
        labels = torch.tensor([3, 0, 9, 3])
        loss = F.cross_entropy(z, labels, label_smoothing=smoothing)
        loss.backward()
        add({"op": "crossentropy", "smoothing": smoothing}, input=z, labels=labels.float(),
            loss=loss.reshape(1), dx=z.grad)

    z, t = rand(gen, 3, 5), torch.rand(3, 5, generator=gen)
    loss = F.mse_loss(z, t)
    (dx,) = torch.autograd.grad(loss, [z])
    add({"op": "mse"}, input=z, target=t, loss=loss.reshape(1), dx=dx)
    return tensors, cases


def lenet5():
    return nn.Sequential(nn.Sequential(nn.Conv2d(1, 6, 5), nn.Tanh(), nn.AvgPool2d(2), nn.Conv2d(6, 16, 5),
                                       nn.Tanh(), nn.AvgPool2d(2)),
                         nn.Flatten(),
                         nn.Sequential(nn.Linear(400, 120), nn.Tanh(), nn.Linear(120, 84), nn.Tanh(),
                                       nn.Linear(84, 10)))


def training_golden():
    model = lenet5()
    names = {"0": "features", "1": "flatten", "2": "classifier"}
    state = {}
    with torch.no_grad():
        for name, p in model.named_parameters():
            top, rest = name.split(".", 1)
            engine_name = names[top] + "." + rest
            fan_in = int(np.prod(p.shape[1:])) if p.dim() > 1 else int(np.prod(dict(model.named_parameters())[
                name.rsplit(".", 1)[0] + ".weight"].shape[1:]))
            p.copy_(torch.from_numpy(values(engine_name, p.numel(), 1 / math.sqrt(fan_in), 7).reshape(p.shape)))
            state[engine_name] = p
    gen = torch.Generator().manual_seed(5)
    x = torch.rand(6, 1, 32, 32, generator=gen) * 2 - 1
    labels = torch.tensor([1, 7, 3, 3, 0, 9])
    tensors = {"input": x, "labels": labels.float()}
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    for step in range(3):
        opt.zero_grad()
        loss = F.cross_entropy(model(x), labels, label_smoothing=0.1)
        loss.backward()
        tensors["loss%d" % step] = loss.detach().reshape(1)
        if step == 0:
            for name, p in state.items():
                tensors["grad." + name] = p.grad.detach().clone()
        opt.step()
    for name, p in state.items():
        tensors["step2." + name] = p.detach().clone()
    sched_opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.05)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(sched_opt, T_max=10)
    lrs = []
    for _ in range(12):
        lrs.append(sched_opt.param_groups[0]["lr"])
        sched_opt.step()
        sched.step()
    tensors["cosine_lr"] = torch.tensor(lrs, dtype=torch.float32)
    return tensors, list(state.keys())


def main(out):
    os.makedirs(out, exist_ok=True)
    tensors, cases = grad_cases()
    safetensors_io.save(os.path.join(out, "grads.safetensors"), tensors, {"cases": json.dumps(cases)})
    tensors, params = training_golden()
    safetensors_io.save(os.path.join(out, "lenet5.safetensors"), tensors,
                        {"parameters": json.dumps(params), "torch": torch.__version__})
    print("wrote", len(cases), "gradient cases and the LeNet-5 SGD run to", out)


if __name__ == "__main__":
    main(sys.argv[1])
