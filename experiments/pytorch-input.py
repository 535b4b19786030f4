#!/usr/bin/env python3
"""A PyTorch DataLoader doing SimCLR's input on the CPU, for comparison with `simclr bench --input`.

Two views per image with torchvision's transforms: decode + RandomResizedCrop(size, scale 0.08-1) +
ToTensor ("crop"), and with flip, ColorJitter (strength 0.5, p 0.8; brightness/contrast only for one
channel), RandomGrayscale(0.2) for RGB and GaussianBlur (p 0.5, kernel 2*(size//20)+1, sigma 0.1-2)
above 32 px ("full") -- the recipe's defaults. Prints images/s after two warm-up batches.

Usage: pytorch-input.py SOURCE SIZE BATCH STEPS WORKERS
  SOURCE: a folder of images (any depth), or fashion-mnist:DIR (the IDX files)
"""
import gzip
import os
import sys
import time

import numpy as np
import torch
import torchvision.transforms as T
from PIL import Image
from torch.utils.data import DataLoader, Dataset


def transform(size, channels, full):
    t = [T.RandomResizedCrop(size, scale=(0.08, 1.0))]
    if full:
        t.append(T.RandomHorizontalFlip())
        s = 0.5
        jitter = T.ColorJitter(0.8 * s, 0.8 * s, 0.8 * s, 0.2 * s) if channels == 3 else T.ColorJitter(0.8 * s, 0.8 * s)
        t.append(T.RandomApply([jitter], p=0.8))
        if channels == 3:
            t.append(T.RandomGrayscale(0.2))
        if size > 32:
            t.append(T.RandomApply([T.GaussianBlur(2 * (size // 20) + 1, (0.1, 2.0))], p=0.5))
    t.append(T.ToTensor())
    return T.Compose(t)


class TwoViews(Dataset):
    def __init__(self, load, n, tf):
        self.load, self.n, self.tf = load, n, tf

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        im = self.load(i)
        return self.tf(im), self.tf(im)


def folder(path):
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs if not f.startswith("."))
    return (lambda i: Image.open(files[i]).convert("RGB")), len(files), 3


def fashion_mnist(path):
    with gzip.open(os.path.join(path, "train-images-idx3-ubyte.gz")) as f:
        x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    return (lambda i: Image.fromarray(x[i], "L")), len(x), 1


def main():
    source, size, batch, steps, workers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    load, n, channels = fashion_mnist(source.split(":", 1)[1]) if source.startswith("fashion-mnist:") else folder(source)
    torch.manual_seed(0)
    for name, full in (("crop", False), ("full", True)):
        ds = TwoViews(load, n, transform(size, channels, full))
        dl = DataLoader(ds, batch_size=batch, shuffle=True, num_workers=workers, drop_last=True,
                        persistent_workers=workers > 0, prefetch_factor=2 if workers > 0 else None)
        it = iter(dl)
        for _ in range(2):
            next(it)
        t0 = time.perf_counter()
        for _ in range(steps):
            next(it)
        rate = steps * batch / (time.perf_counter() - t0)
        print(f"pytorch {name}: {source} size {size} batch {batch} workers {workers}: {rate:.0f} images/s (2 views each)",
              flush=True)
        del it, dl


if __name__ == "__main__":
    main()
