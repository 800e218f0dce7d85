#!/usr/bin/python3
"""torchvision's AlexNet, ResNet-50, GoogLeNet and VGG-16, saved by torch.save, through `bin/cnn infer`.

    /usr/bin/python3 tools/golden/check_checkpoints.py [WORKDIR]

For each model: seeded weights (non-trivial batch norm statistics), torch.save(model.state_dict()),
a batch of 2 random inputs, PyTorch's logits; then `bin/cnn infer --weights MODEL.pth` and a
comparison: the largest difference relative to the largest logit must be under 1e-4 and the
argmax equal. The files are large (VGG-16's is 553 MB), so they are made here, not committed.
Exits 1 when any model disagrees. Needs Debian's python3-torch and python3-torchvision.
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torchvision

sys.path.insert(0, os.path.dirname(__file__))
from seeded_init import init_module  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
MODELS = {
    "alexnet": lambda: torchvision.models.alexnet(),
    "resnet50": lambda: torchvision.models.resnet50(),
    # the shape of torchvision's googlenet-1378be20.pth: auxiliary heads included, inputs transformed
    "googlenet": lambda: torchvision.models.googlenet(aux_logits=True, transform_input=True, init_weights=False),
    "vgg16": lambda: torchvision.models.vgg16(),
}


def check(name, work):
    torch.set_grad_enabled(False)
    model = MODELS[name]().eval()
    init_module(model)
    weights = os.path.join(work, name + ".pth")
    torch.save(model.state_dict(), weights)
    x = torch.rand(2, 3, 224, 224, generator=torch.Generator().manual_seed(3)) * 4 - 2
    expected = model(x).numpy()
    del model
    inputs, outputs = os.path.join(work, name + ".in.f32"), os.path.join(work, name + ".out.f32")
    x.numpy().astype("<f4").tofile(inputs)
    run = subprocess.run([os.path.join(ROOT, "bin", "cnn"), "infer", "--model", name, "--weights", weights,
                          "--input", inputs, "--batch", "2", "--output", outputs],
                         capture_output=True, text=True)
    if run.returncode != 0:
        print(f"{name}: bin/cnn infer failed ({run.returncode}): {run.stderr.strip()}")
        return False
    actual = np.fromfile(outputs, dtype="<f4").reshape(expected.shape)
    scale = float(np.abs(expected).max())
    relative = float(np.abs(actual - expected).max()) / scale
    same_top1 = bool((actual.argmax(1) == expected.argmax(1)).all())
    ok = relative < 1e-4 and same_top1
    size = os.path.getsize(weights) / 1e6
    print(f"{name}: {size:.0f} MB .pth, max |diff| / max |logit| = {relative:.2e}, argmax equal: {same_top1}; "
          f"{run.stdout.strip().split('(weights ')[-1].rstrip(')').split(', ')[-1]}  {'ok' if ok else 'MISMATCH'}")
    for f in (weights, inputs, outputs):
        os.remove(f)
    return ok


def main():
    work = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="cnnstream-checkpoints-")
    os.makedirs(work, exist_ok=True)
    results = [check(name, work) for name in (sys.argv[2:] or MODELS)]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
