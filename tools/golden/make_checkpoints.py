#!/usr/bin/python3
"""Makes the PyTorch checkpoint golden files with torch.save itself (Debian's python3-torch).

    /usr/bin/python3 tools/golden/make_checkpoints.py cnn-engine/src/test/resources/golden/checkpoints

lenet5.pth          torch.save(model.state_dict()) of LeNet-5 with the seeded weights of SeededInit, so
                    its logits are classics.safetensors' lenet5.logits.
lenet5-wrapped.pth  the same weights as {"state_dict": ... with a DataParallel "module." prefix, "epoch",
                    "best_acc1", "optimizer": SGD's state dict}, pickle protocol 4.
lenet5-half.pth     the same weights in float16.
zoo.pth / zoo.safetensors
                    tensors of every layout a state dict can hold (transposed, sliced with a storage
                    offset, two views of one storage, 0-d, empty, float16, bfloat16, int64) and a small
                    conv net with batch norm and a residual connection; zoo.safetensors holds each
                    float tensor's values, contiguous float32, as torch computes them.
evil.pth            torch.save of an object whose __reduce__ is os.system: must be refused by name.
legacy.pth          the pre-1.6 format (_use_new_zipfile_serialization=False): refused with a message.
scripted.pt         torch.jit.save of a small module: a TorchScript archive, refused with a message.
"""
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
import safetensors_io  # noqa: E402
from make_golden import LeNet5  # noqa: E402
from seeded_init import init_module  # noqa: E402


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 4, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(4)
        self.conv2 = nn.Conv2d(4, 4, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(4)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = torch.relu(self.bn2(self.conv2(y)) + y)
        return self.fc(y.mean((2, 3)))


class Evil:
    def __reduce__(self):
        return (os.system, ("echo this checkpoint ran a command",))


def main(out):
    os.makedirs(out, exist_ok=True)
    lenet = LeNet5().eval()
    init_module(lenet)
    state = lenet.state_dict()
    torch.save(state, os.path.join(out, "lenet5.pth"))

    optimizer = torch.optim.SGD(lenet.parameters(), lr=0.1, momentum=0.9)
    wrapped = {"epoch": 7, "best_acc1": 0.25, "optimizer": optimizer.state_dict(),
               "state_dict": {"module." + k: v for k, v in state.items()}}
    torch.save(wrapped, os.path.join(out, "lenet5-wrapped.pth"), pickle_protocol=4)
    torch.save({k: v.half() for k, v in state.items()}, os.path.join(out, "lenet5-half.pth"))

    gen = torch.Generator().manual_seed(20261203)
    base = torch.rand(6, 5, generator=gen)
    shared = torch.rand(10, generator=gen)
    residual = Residual()
    init_module(residual)
    zoo = {
        "transposed": base.t(),
        "sliced": base[2:5, 1:4],
        "shared.a": shared[:4],
        "shared.b": shared[4:].view(2, 3),
        "scalar": torch.tensor(3.5),
        "empty": torch.zeros(0, 3),
        "half": torch.rand(3, 4, generator=gen).half(),
        "bfloat": torch.rand(2, 5, generator=gen).bfloat16(),
        "steps": torch.arange(5),
    }
    zoo.update({"residual." + k: v for k, v in residual.state_dict().items()})
    torch.save(zoo, os.path.join(out, "zoo.pth"))
    safetensors_io.save(os.path.join(out, "zoo.safetensors"),
                        {k: v.float().contiguous() for k, v in zoo.items() if v.is_floating_point()},
                        {"torch": torch.__version__})

    torch.save({"conv.weight": torch.zeros(1), "payload": Evil()}, os.path.join(out, "evil.pth"))
    torch.save(state, os.path.join(out, "legacy.pth"), _use_new_zipfile_serialization=False)
    torch.jit.save(torch.jit.script(nn.Linear(2, 2)), os.path.join(out, "scripted.pt"))
    print("checkpoints written to", out, sorted(os.listdir(out)))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "cnn-engine/src/test/resources/golden/checkpoints")
