#!/usr/bin/env python3
"""Golden intermediate activations: PyTorch forward hooks on seeded LeNet-5 and torchvision AlexNet.

    /usr/bin/python3 tools/golden/make_activation_golden.py cnn-engine/src/test/resources/golden

activations.safetensors: "<model>.<module path>" for every LeNet-5 module (batch
2) and AlexNet's features.12, avgpool and classifier.2 (batch 1), weights as SeededInit fills them
(seed 0), input SeededInit.values("input", ..., 1, 0).
"""
import os
import sys

import torch
import torchvision

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
import safetensors_io  # noqa: E402
from make_golden import LeNet5  # noqa: E402
from seeded_init import init_module, init_state_dict, values  # noqa: E402

torch.set_grad_enabled(False)
torch.set_num_threads(1)


def hooked(name, model, shape, wanted):
    tensors = {}
    x = torch.from_numpy(values("input", int(torch.tensor(shape).prod()), 1.0, 0).reshape(shape))
    for path, module in model.named_modules():
        if path in wanted:
            module.register_forward_hook(lambda m, i, o, p=path: tensors.__setitem__(name + "." + p, o.clone()))
    model(x)
    missing = [w for w in wanted if name + "." + w not in tensors]
    assert not missing, missing
    return tensors


def main(out):
    lenet = LeNet5().eval()
    init_module(lenet)
    tensors = hooked("lenet5", lenet, (2, 1, 32, 32),
                     ["features.%d" % i for i in range(6)] + ["classifier.%d" % i for i in range(5)])
    alexnet = torchvision.models.alexnet().eval()
    init_state_dict(alexnet.state_dict())
    tensors.update(hooked("alexnet", alexnet, (1, 3, 224, 224), ["features.12", "avgpool", "classifier.2"]))
    safetensors_io.save(os.path.join(out, "activations.safetensors"), tensors)
    print("wrote", len(tensors), "tensors")


if __name__ == "__main__":
    main(sys.argv[1])
