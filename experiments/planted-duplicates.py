#!/usr/bin/env python3
"""Planted near-duplicates for `duplicates`: writes N Fashion-MNIST test images as PNGs and, for
M of them, a variant (a JPEG re-encode at quality 75, a left-right flip, a 90% crop resized back,
or 15% brighter), then scores a `duplicates` output against the planted pairs.

  planted-duplicates.py make OUT_DIR [N] [M]      -> OUT_DIR/images/*.png, OUT_DIR/planted.csv
  planted-duplicates.py score OUT_DIR DUPS_DIR    -> recall and precision per variant kind
"""
import csv, gzip, io, os, random, sys
import numpy as np
from PIL import Image

SRC = "/usr/share/datasets/fashion-mnist"


def load(n):
    with gzip.open(os.path.join(SRC, "t10k-images-idx3-ubyte.gz")) as f:
        data = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    return data[:n]


def variant(im, kind):
    if kind == "jpeg":
        b = io.BytesIO(); im.save(b, "JPEG", quality=75); b.seek(0)
        return Image.open(b).convert("L")
    if kind == "flip":
        return im.transpose(Image.FLIP_LEFT_RIGHT)
    if kind == "crop":
        return im.crop((1, 1, 27, 27)).resize((28, 28), Image.BILINEAR)
    if kind == "bright":
        return Image.fromarray(np.clip(np.asarray(im, np.float32) * 1.15, 0, 255).astype(np.uint8))
    raise ValueError(kind)


def make(out, n, m):
    imgs = load(n)
    os.makedirs(os.path.join(out, "images"), exist_ok=True)
    for i, a in enumerate(imgs):
        Image.fromarray(a).save(os.path.join(out, "images", "img-%05d.png" % i))
    rnd = random.Random(0)
    kinds = ["jpeg", "flip", "crop", "bright"]
    with open(os.path.join(out, "planted.csv"), "w", newline="") as f:
        w = csv.writer(f); w.writerow(["original", "copy", "kind"])
        for k, i in enumerate(rnd.sample(range(n), m)):
            kind = kinds[k % 4]
            name = "dup-%05d-%s.png" % (i, kind)
            variant(Image.fromarray(imgs[i]), kind).save(os.path.join(out, "images", name))
            w.writerow(["img-%05d.png" % i, name, kind])


def score(out, dups):
    planted = {}
    for r in csv.DictReader(open(os.path.join(out, "planted.csv"))):
        planted[frozenset((r["original"], r["copy"]))] = r["kind"]
    found = set()
    for r in csv.DictReader(open(os.path.join(dups, "pairs.csv"))):
        found.add(frozenset((r["key_a"], r["key_b"])))
    correct = found & set(planted)
    print("found %d pairs, %d of %d planted: recall %.3f, precision %.3f" % (
        len(found), len(correct), len(planted), len(correct) / len(planted), len(correct) / max(1, len(found))))
    for kind in ["jpeg", "flip", "crop", "bright"]:
        want = {p for p, k in planted.items() if k == kind}
        print("  %-6s recall %d/%d" % (kind, len(want & found), len(want)))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 2000, int(sys.argv[4]) if len(sys.argv) > 4 else 100)
    else:
        score(sys.argv[2], sys.argv[3])
