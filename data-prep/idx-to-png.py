#!/usr/bin/env python3
"""Writes Fashion-MNIST's IDX files as PNG images in OUT/train/<class>/ and OUT/test/<class>/.

Usage: idx-to-png.py IDX_DIR OUT   (Debian's python3-numpy and python3-pil)
"""
import gzip
import os
import sys

import numpy as np
from PIL import Image

NAMES = ["T-shirt_top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle_boot"]


def main():
    src, out = sys.argv[1], sys.argv[2]
    for split, prefix in (("train", "train"), ("test", "t10k")):
        with gzip.open(f"{src}/{prefix}-images-idx3-ubyte.gz") as f:
            x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
        with gzip.open(f"{src}/{prefix}-labels-idx1-ubyte.gz") as f:
            y = np.frombuffer(f.read(), np.uint8, offset=8)
        for c in NAMES:
            os.makedirs(f"{out}/{split}/{c}", exist_ok=True)
        for i in range(len(x)):
            Image.fromarray(x[i], "L").save(f"{out}/{split}/{NAMES[y[i]]}/{i:05d}.png")


if __name__ == "__main__":
    main()
