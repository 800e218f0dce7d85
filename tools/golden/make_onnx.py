#!/usr/bin/python3
"""Makes the ONNX golden files with torch.onnx.export itself (Debian's python3-torch 1.13).

    /usr/bin/python3 tools/golden/make_onnx.py cnn-engine/src/test/resources/golden/onnx

lenet5-opset11.onnx, lenet5-opset17.onnx
              LeNet-5 with SeededInit's weights (those of classics.safetensors' lenet5.logits), batch axis
              dynamic ({"input": {0: "N"}}).
smallnet.onnx a small network with every structure graph import handles: convolution + batch norm
              (folded by the exporter), a residual sum, an Inception-style concatenation, max and
              average pooling, LeakyReLU, Sigmoid, global average pooling, Flatten and Gemm; opset 13.
lrn.onnx      one LRN node (then Flatten), built with onnx.helper (torch exports LocalResponseNorm as a decomposition),
              opset 13; its expected output is torch's LocalResponseNorm with the same size, alpha, beta, k.
smallnet-opset17.onnx
              the same network at opset 17.
deconv.onnx   ConvTranspose, a BatchNormalization after pooling, Elu, Reshape to [-1, F] and Softmax; opset 17.
matmul.onnx   an MLP exported as MatMul + Add (a Linear applied to a 3-D tensor is exported that way; here
              torch.matmul with a bias), opset 17, input [N, 12].
onnx.safetensors
              inputs and PyTorch's outputs for each: "<name>.input" and "<name>.logits".
bad-*.onnx    files graph import must refuse, each naming its defect, built with onnx.helper: a cycle, a
              missing initializer, an unsupported operator, a weight that does not fit its input,
              asymmetric padding, opset 9.
"""
import os
import sys

import onnx
import torch
import torch.nn as nn
import numpy as np
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
import safetensors_io  # noqa: E402
from make_golden import LeNet5  # noqa: E402
from seeded_init import init_module  # noqa: E402


class SmallNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU())
        self.body = nn.Sequential(nn.Conv2d(8, 8, 3, padding=1), nn.BatchNorm2d(8))
        self.left = nn.Sequential(nn.Conv2d(8, 4, 1), nn.LeakyReLU(0.1))
        self.right = nn.Sequential(nn.MaxPool2d(3, 1, padding=1), nn.Conv2d(8, 6, 1), nn.Sigmoid())
        self.pool = nn.AvgPool2d(2, 2)
        self.fc = nn.Linear(10, 5)

    def forward(self, x):
        x = self.stem(x)
        x = torch.relu(self.body(x) + x)
        x = torch.cat([self.left(x), self.right(x)], 1)
        x = self.pool(x)
        return self.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))


class DeconvNet(nn.Module):
    """The rest of the operators torch exports natively: ConvTranspose, a batch norm after pooling
    (kept as BatchNormalization), Elu, Reshape to [-1, F] and Softmax."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 4, 3, stride=2, padding=1)
        self.up = nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1, output_padding=1)
        self.norm = nn.BatchNorm2d(3)
        self.fc = nn.Linear(48, 6)

    def forward(self, x):
        x = nn.functional.elu(self.up(torch.relu(self.conv(x))), alpha=0.7)
        x = self.norm(nn.functional.max_pool2d(x, 2))
        return torch.softmax(self.fc(x.reshape(-1, 48)), dim=1)


class MatMulNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.w1 = nn.Parameter(torch.rand(12, 7) - 0.5)
        self.b1 = nn.Parameter(torch.rand(7) - 0.5)
        self.w2 = nn.Parameter(torch.rand(7, 3) - 0.5)

    def forward(self, x):
        return torch.matmul(torch.tanh(torch.matmul(x, self.w1) + self.b1), self.w2)


def bad(out):
    """Small graphs with one defect each: [N, 2, 4, 4] in, a 1x1 convolution, Flatten, Gemm to 3 classes."""
    def graph(nodes, inits, opset=13, name="bad"):
        g = helper.make_graph(nodes, name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 2, 4, 4])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 3])], initializer=inits)
        return helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])

    def init(name, *dims):
        return numpy_helper.from_array(np.ones(dims, dtype=np.float32), name)

    conv_w, fc_w, fc_b = init("w", 2, 2, 1, 1), init("fc.w", 3, 32), init("fc.b", 3)
    tail = [helper.make_node("Flatten", ["c"], ["f"], name="flatten"),
            helper.make_node("Gemm", ["f", "fc.w", "fc.b"], ["y"], name="fc", transB=1)]
    conv = helper.make_node("Conv", ["x", "w"], ["c"], name="conv")
    cases = {
        "bad-cycle": graph([helper.make_node("Add", ["x", "y2"], ["c"], name="loop"),
                            helper.make_node("Relu", ["c"], ["y2"], name="back")] + tail, [fc_w, fc_b]),
        "bad-missing-initializer": graph([conv] + tail, [fc_w, fc_b]),
        "bad-unsupported-op": graph([helper.make_node("HardSwish", ["x"], ["h"], name="swish"),
                                     helper.make_node("Conv", ["h", "w"], ["c"], name="conv")] + tail,
                                    [conv_w, fc_w, fc_b], opset=14),
        "bad-shape": graph([conv] + tail[:1] + [helper.make_node("Gemm", ["f", "fc.w", "fc.b"], ["y"], name="fc",
                                                                 transB=1)],
                           [conv_w, init("fc.w", 3, 31), fc_b]),
        "bad-asymmetric-pads": graph([helper.make_node("Conv", ["x", "w"], ["c"], name="conv", pads=[1, 0, 0, 1])]
                                     + tail, [conv_w, fc_w, fc_b]),
        "bad-opset9": graph([conv] + tail, [conv_w, fc_w, fc_b], opset=9),
    }
    for name, model in cases.items():
        onnx.save(model, os.path.join(out, name + ".onnx"))


def export(model, x, path, opset):
    torch.onnx.export(model, x, path, opset_version=opset, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}})


def main(out):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(20261203)
    torch.set_grad_enabled(False)
    tensors = {}

    lenet = LeNet5().eval()
    init_module(lenet)
    x = torch.rand(3, 1, 32, 32) * 2 - 1
    for opset in (11, 17):
        export(lenet, x, os.path.join(out, f"lenet5-opset{opset}.onnx"), opset)
    tensors["lenet5.input"], tensors["lenet5.logits"] = x, lenet(x)

    small = SmallNet().eval()
    init_module(small)
    x = torch.rand(2, 3, 16, 16) * 2 - 1
    export(small, x, os.path.join(out, "smallnet.onnx"), 13)
    tensors["smallnet.input"], tensors["smallnet.logits"] = x, small(x)

    mlp = MatMulNet().eval()
    x = torch.rand(4, 12) * 2 - 1
    export(mlp, x, os.path.join(out, "matmul.onnx"), 17)
    tensors["matmul.input"], tensors["matmul.logits"] = x, mlp(x)

    lrn = nn.LocalResponseNorm(3, alpha=1e-3, beta=0.75, k=1.5)
    x = torch.rand(2, 5, 4, 4) * 2 - 1
    nodes = [helper.make_node("LRN", ["input"], ["normed"], name="lrn", size=3, alpha=1e-3, beta=0.75, bias=1.5),
             helper.make_node("Flatten", ["normed"], ["output"], name="flatten", axis=1)]
    graph = helper.make_graph(nodes, "lrn",
                              [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 5, 4, 4])],
                              [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["N", 80])])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), os.path.join(out, "lrn.onnx"))
    tensors["lrn.input"], tensors["lrn.logits"] = x, torch.flatten(lrn(x), 1)

    export(small, tensors["smallnet.input"], os.path.join(out, "smallnet-opset17.onnx"), 17)

    deconv = DeconvNet().eval()
    init_module(deconv)
    x = torch.rand(2, 2, 8, 8) * 2 - 1
    export(deconv, x, os.path.join(out, "deconv.onnx"), 17)
    tensors["deconv.input"], tensors["deconv.logits"] = x, deconv(x)

    bad(out)
    safetensors_io.save(os.path.join(out, "onnx.safetensors"), tensors, {"torch": torch.__version__})
    print("ONNX golden files written to", out, sorted(os.listdir(out)))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "cnn-engine/src/test/resources/golden/onnx")
