#!/usr/bin/python3
"""Exports a torchvision model's state_dict to a safetensors file that `cnn` and the service load as is.

    /usr/bin/python3 tools/export_state_dict.py alexnet alexnet.safetensors --state-dict alexnet-owt.pth
    /usr/bin/python3 tools/export_state_dict.py alexnet alexnet-untrained.safetensors --seeded

--state-dict loads a PyTorch checkpoint (torch.save(model.state_dict())) you already have on disk:
nothing is downloaded. --seeded writes the engine's own seeded He initialisation (tests, benchmarks).
Needs Debian's python3-torch and python3-torchvision (or pip's torch/torchvision).
"""
import argparse
import os
import sys

import torch
import torchvision

sys.path.insert(0, os.path.dirname(__file__))
import safetensors_io  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "golden"))
from seeded_init import init_module  # noqa: E402
from make_golden import AlexNetVariant, LeNet5  # noqa: E402

MODELS = {
    "alexnet": lambda: torchvision.models.alexnet(),
    "alexnet-2012": lambda: AlexNetVariant(True),
    "alexnet-seed": lambda: AlexNetVariant(False),
    "lenet5": LeNet5,
    "vgg16": lambda: torchvision.models.vgg16(),
    "googlenet": lambda: torchvision.models.googlenet(aux_logits=False, transform_input=True, init_weights=False),
    "resnet50": lambda: torchvision.models.resnet50(),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", choices=sorted(MODELS))
    parser.add_argument("output")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--state-dict", help="a .pth file holding the model's state_dict")
    source.add_argument("--seeded", action="store_true", help="the engine's seeded He initialisation")
    args = parser.parse_args()

    model = MODELS[args.model]()
    if args.state_dict:
        state = torch.load(args.state_dict, map_location="cpu")
        # GoogLeNet checkpoints may carry the training-only auxiliary heads; the engine ignores them anyway
        model.load_state_dict(state, strict=not args.model == "googlenet")
    else:
        init_module(model)
    safetensors_io.save(args.output, model.state_dict(), {"model": args.model, "format": "pt"})
    print("wrote", args.output)


if __name__ == "__main__":
    main()
