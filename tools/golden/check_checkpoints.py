#!/usr/bin/python3
"""torchvision's AlexNet, ResNet-50, GoogLeNet and VGG-16 as users hand them over, through `bin/cnn infer`.

    /usr/bin/python3 tools/golden/check_checkpoints.py [WORKDIR [MODEL...]]

For each model: seeded weights (non-trivial batch norm statistics), a batch of 2 random inputs and
PyTorch's logits; then three ways in, each compared with PyTorch (the largest difference relative to
the largest logit under 1e-4, the argmax equal):
  pth   torch.save(model.state_dict()), `bin/cnn infer --model M --weights M.pth`
  onnx  torch.onnx.export(opset_version=17, dynamic_axes={"input": {0: "N"}}), `bin/cnn infer --model M.onnx`
  onnx-weights  the same ONNX file as the registry model's weights, `bin/cnn infer --model M --weights M.onnx`
The files are large (VGG-16's is 553 MB), so they are made here, not committed. Exits 1 when any
disagrees. Needs Debian's python3-torch and python3-torchvision.
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


def infer(name, work, expected, model_arg, extra):
    inputs, outputs = os.path.join(work, name + ".in.f32"), os.path.join(work, name + ".out.f32")
    run = subprocess.run([os.path.join(ROOT, "bin", "cnn"), "infer", "--model", model_arg, *extra,
                          "--input", inputs, "--batch", "2", "--output", outputs], capture_output=True, text=True)
    if run.returncode != 0:
        return False, f"bin/cnn infer failed ({run.returncode}): {run.stderr.strip()}"
    actual = np.fromfile(outputs, dtype="<f4").reshape(expected.shape)
    relative = float(np.abs(actual - expected).max()) / float(np.abs(expected).max())
    same_top1 = bool((actual.argmax(1) == expected.argmax(1)).all())
    loaded = run.stdout.strip().split(", ")[-1].rstrip(")")
    return relative < 1e-4 and same_top1, f"max |diff| / max |logit| = {relative:.2e}, argmax equal: {same_top1}, {loaded}"


def check(name, work):
    torch.set_grad_enabled(False)
    model = MODELS[name]().eval()
    init_module(model)
    x = torch.rand(2, 3, 224, 224, generator=torch.Generator().manual_seed(3)) * 4 - 2
    expected = model(x).numpy()
    x.numpy().astype("<f4").tofile(os.path.join(work, name + ".in.f32"))
    pth, onnx = os.path.join(work, name + ".pth"), os.path.join(work, name + ".onnx")
    torch.save(model.state_dict(), pth)
    torch.onnx.export(model, x, onnx, opset_version=17, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}})
    del model
    results = []
    for way, arg, extra, file in (("pth", name, ["--weights", pth], pth), ("onnx", onnx, [], onnx),
                                  ("onnx-weights", name, ["--weights", onnx], onnx)):
        ok, detail = infer(name, work, expected, arg, extra)
        print(f"{name} {way}: {os.path.getsize(file) / 1e6:.0f} MB, {detail}  {'ok' if ok else 'MISMATCH'}", flush=True)
        results.append(ok)
    os.remove(pth)
    os.remove(onnx)
    for suffix in (".in.f32", ".out.f32"):
        os.remove(os.path.join(work, name + suffix))
    return all(results)


def main():
    work = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="cnnstream-checkpoints-")
    os.makedirs(work, exist_ok=True)
    results = [check(name, work) for name in (sys.argv[2:] or MODELS)]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
