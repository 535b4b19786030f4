#!/usr/bin/env python3
"""The same SimCLR training step as `simclr bench`, in PyTorch, for a speed comparison on one machine.

Two augmented views per image (random resized crop + flip, on the batch in torch), ResNet encoder
(resnet-small: basic blocks [2,2,2], widths 32/64/128; resnet18: CIFAR stem), 2-layer projection head
with batch norm, NT-Xent, SGD with momentum, batch norm in training mode, random uint8 input.
Prints views/s. Run it in the same session as `bench` (absolute speeds drift between runs).
Usage: experiments/pytorch-step.py ENCODER BATCH SIDE CHANNELS [STEPS] [THREADS]
Needs Debian's python3-torch; set GLIBC_TUNABLES=glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=4294967296
for PyTorch's best CPU speed (without it every large tensor costs fresh pages from the kernel).
"""
import sys, time
import torch, torch.nn as nn, torch.nn.functional as F

class Basic(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False); self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False); self.b2 = nn.BatchNorm2d(cout)
        self.sc = None if stride == 1 and cin == cout else nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
    def forward(self, x):
        y = F.relu(self.b1(self.c1(x))); y = self.b2(self.c2(y))
        return F.relu(y + (x if self.sc is None else self.sc(x)))

def encoder(name, channels):
    blocks, widths, stem = ([2, 2, 2], [32, 64, 128], 32) if name == "resnet-small" else ([2, 2, 2, 2], [64, 128, 256, 512], 64)
    layers = [nn.Conv2d(channels, stem, 3, 1, 1, bias=False), nn.BatchNorm2d(stem), nn.ReLU()]
    c = stem
    for s, (n, w) in enumerate(zip(blocks, widths)):
        for b in range(n):
            layers.append(Basic(c, w, 2 if b == 0 and s > 0 else 1)); c = w
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten()), c

def augment(x):
    # per-view random resized crop (area >= 0.08) and flip, with affine grids: one op for the batch
    n = x.shape[0]
    scale = torch.sqrt(torch.empty(n).uniform_(0.08, 1.0))
    tx, ty = (torch.rand(n) * 2 - 1) * (1 - scale), (torch.rand(n) * 2 - 1) * (1 - scale)
    flip = torch.where(torch.rand(n) < 0.5, -1.0, 1.0)
    theta = torch.zeros(n, 2, 3); theta[:, 0, 0] = scale * flip; theta[:, 0, 2] = tx; theta[:, 1, 1] = scale; theta[:, 1, 2] = ty
    grid = F.affine_grid(theta, x.shape, align_corners=False)
    return F.grid_sample(x, grid, align_corners=False)

def nt_xent(z, t=0.2):
    z = F.normalize(z, dim=1); n = z.shape[0] // 2
    logits = z @ z.t() / t
    logits.fill_diagonal_(-1e9)
    labels = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return F.cross_entropy(logits, labels)

def main():
    name, batch, side, ch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    steps = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    torch.set_num_threads(int(sys.argv[6]) if len(sys.argv) > 6 else 2)
    torch.manual_seed(0)
    enc, d = encoder(name, ch)
    head = nn.Sequential(nn.Linear(d, d, bias=False), nn.BatchNorm1d(d), nn.ReLU(), nn.Linear(d, 128, bias=False), nn.BatchNorm1d(128, affine=False))
    model = nn.Sequential(enc, head)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
    images = torch.randint(0, 256, (batch, ch, side, side), dtype=torch.uint8)
    def step():
        x = images.float() / 255
        views = torch.cat([augment(x), augment(x)])
        loss = nt_xent(model(views))
        opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
        return loss.item()
    for _ in range(2):
        step()
    t0 = time.time()
    for _ in range(steps):
        step()
    per = (time.time() - t0) / steps
    print(f"pytorch {torch.__version__} {name} batch {batch} {side}x{side}x{ch}: {per:.3f} s/step, {2 * batch / per:.0f} views/s")

if __name__ == "__main__":
    main()
