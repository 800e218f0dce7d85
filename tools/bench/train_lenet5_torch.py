#!/usr/bin/env python3
"""PyTorch's side of bin/bench-train: LeNet-5 trained as `cnn train` trains it, per-epoch images/s.

Same data (the jar's MNIST files), same preprocessing (pad 2, MNIST normalisation), same model,
loss (cross-entropy, label smoothing 0.1), SGD(momentum 0.9, weight decay 5e-4), cosine schedule,
batch and threads; the per-sample random shift is done on the batch tensor in torch.
Usage: train_lenet5_torch.py EPOCHS BATCH THREADS
"""
import gzip
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA = "cnn-engine/src/main/resources/io/cnnstream/engine/train/mnist/"


def main(epochs, batch, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    img = np.frombuffer(gzip.open(DATA + "images-idx3-ubyte.gz").read()[16:], dtype=np.uint8).reshape(-1, 1, 28, 28)
    lab = np.frombuffer(gzip.open(DATA + "labels-idx1-ubyte.gz").read()[8:], dtype=np.uint8).astype(np.int64)
    x = np.zeros((10000, 1, 32, 32), np.float32)
    x[:, :, 2:30, 2:30] = img / 255.0
    x = (x - 0.1307) / 0.3081
    xs, ys = torch.tensor(x[:8000]), torch.tensor(lab[:8000])
    background = float((0 - 0.1307) / 0.3081)
    model = nn.Sequential(nn.Conv2d(1, 6, 5), nn.Tanh(), nn.AvgPool2d(2), nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2),
                          nn.Flatten(), nn.Linear(400, 120), nn.Tanh(), nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    steps = epochs * ((8000 + batch - 1) // batch)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps)
    rng = np.random.default_rng(1)
    padded = torch.full((batch, 1, 36, 36), background)
    for epoch in range(epochs):
        start = time.perf_counter()
        perm = torch.randperm(8000)
        for i in range(0, 8000, batch):
            idx = perm[i:i + batch]
            n = len(idx)
            padded[:n, :, 2:34, 2:34] = xs[idx]
            shifts = rng.integers(0, 5, (n, 2))
            xb = torch.stack([padded[j, :, shifts[j, 0]:shifts[j, 0] + 32, shifts[j, 1]:shifts[j, 1] + 32] for j in range(n)])
            loss = F.cross_entropy(model(xb), ys[idx], label_smoothing=0.1)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        seconds = time.perf_counter() - start
        print("epoch %d/%d loss %.4f %.0f img/s" % (epoch + 1, epochs, loss.item(), 8000 / seconds), flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
