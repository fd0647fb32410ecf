#!/usr/bin/python3
"""Writes whole-training-step golden trajectories for the DJL adapter tests (znorm-zoo).

Run with Debian's PyTorch and Pillow (apt-get install python3-torch python3-pil):
    /usr/bin/python3 tools/golden/make_training_golden.py znorm-zoo/src/test/resources/golden-training

A CIFAR ResNet with n = 1 (depth 8, first stage 8 filters, option-A shortcuts, BatchNorm with
torch's eps 1e-5 and momentum 0.1) trains for STEPS steps on fixed batches of the demo sample
(demo/cifar10/train), one batch per step, with torch.optim, with and without ZNorm. Everything
here is written independently of the Java code, from docs/method.md and He et al. 2016: ZNorm
per tensor with ndim >= 2, float64 statistics, population std, (g - mean) / (std + 1e-12).

Every case runs in float32 on one thread (the golden) and, to measure how far rounding alone
moves the weights, six more times, each a different rounding of the same computation: in
float64; in float32 from initial weights moved by one unit in the last place (twice); on 2, 3
and 4 threads (other summation orders); without oneDNN (other convolution kernels). Rounding differences grow
over the steps, and in jumps: an activation that rounding moves across ReLU's kink changes a
gradient at once. The Java tests derive their tolerance after several steps from this spread.
Learning rates are moderate (Adam's default, SGD 0.002) so the spread stays well below what a
wrong update moves: a gradient that is never cleared, for example, moves the weights after two
steps by 1e-3 to 1e-1 (relative), against a spread of at most about 1e-4 then. Files (float32 little-endian unless said):

    params.txt      one line per trainable parameter, DJL's structured name and shape, in
                    the Java block's order (BatchNorm running statistics start at 0 and 1)
    init.bin        the initial weights, in that order
    pixels.bin      uint8 images, step-major, NCHW (STEPS x BATCH x 3 x 32 x 32)
    labels.txt      one line per step: the batch's class indices
    <case>.bin      the weights after step 1, then after step STEPS
    cases.txt       name, the znorm method spec, the torch optimizer and its arguments
    rounding.txt    per case: the largest relative distance (per tensor, |a-b| / |b| in the
                    L2 norm) of the other roundings from the golden, after step 1 and
                    after step STEPS
    losses.txt      per case: the float32 run's loss at every step
"""
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

from make_golden import znorm  # the one independent ZNorm of the golden scripts

STEPS = 5
BATCH = 16
WIDTH = 8
MEAN = (0.4914, 0.4822, 0.4465)
STD = (0.2470, 0.2435, 0.2616)

# name, znorm spec (the Java side), torch optimizer, its arguments, ZNorm before it
CASES = [
    ("sgd_momentum_wd", "sgd:lr=0.002,momentum=0.9,wd=5e-4",
     "sgd", dict(lr=0.002, momentum=0.9, weight_decay=5e-4), False),
    ("sgd_nesterov_wd", "sgd:lr=0.002,momentum=0.9,nesterov=true,wd=1e-3",
     "sgd", dict(lr=0.002, momentum=0.9, nesterov=True, weight_decay=1e-3), False),
    ("adam", "adam:lr=0.001", "adam", dict(lr=0.001), False),
    ("adamw_wd", "adamw:lr=0.001,wd=0.1", "adamw", dict(lr=0.001, weight_decay=0.1), False),
    ("rmsprop", "rmsprop:lr=0.0001", "rmsprop", dict(lr=0.0001), False),
    # a first accumulator > 0 keeps Adagrad's first step linear in the gradient: from 0 it is
    # lr * sign(g), and rounding flips the sign of an entry near 0 (a jump of 2 lr)
    ("adagrad_wd", "adagrad:lr=0.01,wd=1e-3,initial-accumulator=0.1",
     "adagrad", dict(lr=0.01, weight_decay=1e-3, initial_accumulator_value=0.1), False),
]
CASES += [("znorm_" + name, "znorm+" + spec, opt, kwargs, True)
          for name, spec, opt, kwargs, _ in list(CASES)]

OPTIMIZERS = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
              "rmsprop": torch.optim.RMSprop, "adagrad": torch.optim.Adagrad}


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.stride = stride
        self.extra = cout - cin

    def shortcut(self, x):
        # option A: every second pixel, the new channels zero, half before and half after
        if self.stride != 1:
            x = x[:, :, ::self.stride, ::self.stride]
        if self.extra:
            before = self.extra // 2
            x = F.pad(x, (0, 0, 0, 0, before, self.extra - before))
        return x

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class ResNet8(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, WIDTH, 3, 1, 1, bias=False)
        self.bn = nn.BatchNorm2d(WIDTH)
        self.blocks = nn.ModuleList([BasicBlock(WIDTH, WIDTH, 1),
                                     BasicBlock(WIDTH, 2 * WIDTH, 2),
                                     BasicBlock(2 * WIDTH, 4 * WIDTH, 2)])
        self.fc = nn.Linear(4 * WIDTH, 10)

    def forward(self, x):
        x = F.relu(self.bn(self.conv(x)))
        for b in self.blocks:
            x = b(x)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))

    def djl_named_parameters(self):
        """(DJL structured name, parameter) in the order of the Java block's getParameters()."""
        bn = lambda prefix, m: [(prefix + "_gamma", m.weight), (prefix + "_beta", m.bias)]
        out = [("01Conv2d_weight", self.conv.weight)] + bn("02BatchNorm", self.bn)
        for i, b in enumerate(self.blocks):
            p = "%02dSequentialBlock_01ParallelBlock_01SequentialBlock_" % (4 + i)
            out += [(p + "01Conv2d_weight", b.conv1.weight)] + bn(p + "02BatchNorm", b.bn1)
            out += [(p + "04Conv2d_weight", b.conv2.weight)] + bn(p + "05BatchNorm", b.bn2)
        i = 4 + len(self.blocks) + 2
        return out + [("%02dLinear_weight" % i, self.fc.weight), ("%02dLinear_bias" % i, self.fc.bias)]


def demo_batches(root):
    """STEPS x BATCH images: item j of the whole sequence is the (j // 10)-th file of class j % 10."""
    classes = sorted(os.listdir(root))
    files = {c: sorted(os.listdir(os.path.join(root, c))) for c in classes}
    pixels, labels = [], []
    for step in range(STEPS):
        xs, ys = [], []
        for i in range(BATCH):
            j = step * BATCH + i
            c = j % len(classes)
            img = Image.open(os.path.join(root, classes[c], files[classes[c]][j // len(classes)]))
            xs.append(np.asarray(img.convert("RGB"), dtype=np.uint8).transpose(2, 0, 1))
            ys.append(c)
        pixels.append(np.stack(xs))
        labels.append(ys)
    return np.stack(pixels), labels


def normalise(u8):
    """In float32, one operation at a time, as the Java test does: (x / 255 - mean) / std."""
    x = torch.from_numpy(u8).float() / 255.0
    mean = torch.tensor(MEAN, dtype=torch.float32).view(1, 3, 1, 1)
    std = torch.tensor(STD, dtype=torch.float32).view(1, 3, 1, 1)
    return (x - mean) / std


def initial_weights():
    torch.manual_seed(20241129)
    model = ResNet8()
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):   # not the trivial 1 and 0, so they matter
                m.weight.uniform_(0.8, 1.2)
                m.bias.uniform_(-0.1, 0.1)
    return [(name, p.detach().clone()) for name, p in model.djl_named_parameters()]


def train(init, inputs, labels, opt_name, kwargs, use_znorm, dtype):
    model = ResNet8().to(dtype)
    params = dict(model.djl_named_parameters())
    with torch.no_grad():
        for name, value in init:
            params[name].copy_(value.to(dtype))
    model.train()
    opt = OPTIMIZERS[opt_name](model.parameters(), **kwargs)
    snapshots, losses = [], []
    for step in range(STEPS):
        opt.zero_grad()
        loss = F.cross_entropy(model(inputs[step].to(dtype)), labels[step])
        loss.backward()
        if use_znorm:
            for p in model.parameters():
                p.grad = znorm(p.grad)
        opt.step()
        losses.append(loss.item())
        if step == 0 or step == STEPS - 1:
            snapshots.append([p.detach().clone() for _, p in model.djl_named_parameters()])
    return snapshots, losses


def relative_distance(a, b):
    """The largest over tensors of |a - b| / |b| (L2 norms), as the Java tests measure it."""
    return max(((x.double() - y.double()).norm() / y.double().norm()).item()
               for x, y in zip(a, b))


def one_ulp_moved(init, seed):
    """The initial weights, each entry moved up or down by one unit in the last place."""
    g = torch.Generator().manual_seed(seed)
    moved = []
    for name, v in init:
        up = torch.randint(0, 2, v.shape, generator=g).bool()
        moved.append((name, torch.where(up, torch.nextafter(v, v + 1), torch.nextafter(v, v - 1))))
    return moved


def main(out, demo):
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(1)
    init = initial_weights()
    u8, labels = demo_batches(demo)
    inputs = [normalise(u8[s]) for s in range(STEPS)]
    targets = [torch.tensor(y, dtype=torch.int64) for y in labels]
    with open(os.path.join(out, "params.txt"), "w") as f:
        f.write("# torch %s, %d steps, batch %d\n" % (torch.__version__, STEPS, BATCH))
        for name, value in init:
            f.write("%s %s\n" % (name, " ".join(map(str, value.shape))))
    write(os.path.join(out, "init.bin"), [v for _, v in init])
    u8.astype(np.uint8).tofile(os.path.join(out, "pixels.bin"))
    with open(os.path.join(out, "labels.txt"), "w") as f:
        f.write("\n".join(" ".join(map(str, y)) for y in labels) + "\n")
    cases, rounding, losses = [], [], []
    for name, spec, opt_name, kwargs, use_znorm in CASES:
        s32, l32 = train(init, inputs, targets, opt_name, kwargs, use_znorm, torch.float32)
        others = [train(init, inputs, targets, opt_name, kwargs, use_znorm, torch.float64)[0]]
        others += [train(one_ulp_moved(init, seed), inputs, targets, opt_name, kwargs, use_znorm,
                         torch.float32)[0] for seed in (1, 2)]
        for threads in (2, 3, 4):   # other summation orders inside the kernels
            torch.set_num_threads(threads)
            others.append(train(init, inputs, targets, opt_name, kwargs, use_znorm, torch.float32)[0])
        torch.set_num_threads(1)
        with torch.backends.mkldnn.flags(enabled=False):   # other convolution kernels
            others.append(train(init, inputs, targets, opt_name, kwargs, use_znorm, torch.float32)[0])
        write(os.path.join(out, name + ".bin"), s32[0] + s32[1])
        args = " ".join("%s=%s" % kv for kv in kwargs.items())
        cases.append("%s %s %s %s" % (name, spec, opt_name, args))
        rounding.append("%s %.3e %.3e" % (name, max(relative_distance(o[0], s32[0]) for o in others),
                                          max(relative_distance(o[1], s32[1]) for o in others)))
        losses.append("%s %s" % (name, " ".join("%.9g" % v for v in l32)))
        print(rounding[-1], losses[-1].split(" ", 1)[1])
    for file, lines in (("cases.txt", cases), ("rounding.txt", rounding), ("losses.txt", losses)):
        with open(os.path.join(out, file), "w") as f:
            f.write("\n".join(lines) + "\n")


def write(path, tensors):
    with open(path, "wb") as f:
        for t in tensors:
            f.write(t.detach().numpy().astype("<f4").tobytes())


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    target = sys.argv[1] if len(sys.argv) > 1 else "znorm-zoo/src/test/resources/golden-training"
    main(target, os.path.join(here, "..", "..", "demo", "cifar10", "train"))
