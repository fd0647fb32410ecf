#!/usr/bin/python3
"""The PyTorch side of TrainingStepBenchmark: the same CIFAR ResNet (option-A shortcuts, He init),
batch of random 3x32x32 images, the same thread counts, torch.optim.Adam with and without ZNorm
applied to the gradients before the step (as a PyTorch user would write it: in place, per weight
tensor with ndim >= 2). Variants run round-robin, one step each in turn, like the Java benchmark.

Debian's python3-torch (1.13) runs it:
  /usr/bin/python3 znorm-bench/python/resnet_step_bench.py [depth] [batch] [steps] [threads]
"""
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.pad = cout - cin
        self.stride = stride

    def forward(self, x):
        y = F.relu(self.b1(self.c1(x)))
        y = self.b2(self.c2(y))
        s = x
        if self.stride != 1 or self.pad:  # option A: subsample, zero-pad the new channels
            s = x[:, :, ::2, ::2]
            s = F.pad(s, (0, 0, 0, 0, self.pad // 2, self.pad - self.pad // 2))
        return F.relu(y + s)


class CifarResNet(nn.Module):
    def __init__(self, depth, classes=10):
        super().__init__()
        n = (depth - 2) // 6
        self.conv = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.bn = nn.BatchNorm2d(16)
        layers, cin = [], 16
        for cout, stride in ((16, 1), (32, 2), (64, 2)):
            for i in range(n):
                layers.append(Block(cin, cout, stride if i == 0 else 1))
                cin = cout
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(64, classes)
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.kaiming_normal_(m.weight)

    def forward(self, x):
        x = F.relu(self.bn(self.conv(x)))
        x = self.layers(x)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def znorm_(params, eps=1e-12):
    for p in params:
        g = p.grad
        if g is not None and g.dim() >= 2:
            g.sub_(g.mean()).div_(g.std(unbiased=False).add_(eps))


def setup(default_steps):
    """[depth] [batch] [steps] [threads] from the command line, the threads set, a fixed batch."""
    depth = int(sys.argv[1]) if len(sys.argv) > 1 else 56
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 128
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else default_steps
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(1)
    x = torch.randn(batch, 3, 32, 32)
    y = torch.randint(0, 10, (batch,))
    return depth, batch, steps, threads, x, y


def main():
    depth, batch, steps, threads, x, y = setup(30)
    variants = []
    optimizers = (
        ("torch Adam", False, lambda ps: torch.optim.Adam(ps, lr=1e-3)),
        ("ZNorm + torch Adam", True, lambda ps: torch.optim.Adam(ps, lr=1e-3)),
        ("torch SGD, momentum 0.9", False, lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9)),
        ("ZNorm + torch SGD, momentum 0.9", True, lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9)),
    )
    for name, z, make in optimizers:
        torch.manual_seed(1)
        net = CifarResNet(depth)
        params = list(net.parameters())
        variants.append((name, z, net, params, make(params), [], []))
    n_params = sum(p.numel() for p in variants[0][3])
    warmup = 5
    for i in range(warmup + steps):
        for name, z, net, params, opt, step_ms, opt_ms in variants:
            t0 = time.perf_counter()
            loss = F.cross_entropy(net(x), y)
            loss.backward()
            t1 = time.perf_counter()
            if z:
                znorm_(params)
            opt.step()
            # timed with the step, as DJL's trainer.step() and znorm's WholeStep clear gradients
            opt.zero_grad(set_to_none=False)
            t2 = time.perf_counter()
            if i >= warmup:
                step_ms.append(1e3 * (t2 - t0))
                opt_ms.append(1e3 * (t2 - t1))
    print(f"PyTorch {torch.__version__}, CIFAR ResNet-{depth} ({len(variants[0][3])} tensors, {n_params:,} parameters), "
          f"batch {batch}, {threads} intra-op threads, 1 inter-op; medians of {steps} steps after {warmup}, round-robin")
    base = statistics.median(variants[0][5])
    for name, z, net, params, opt, step_ms, opt_ms in variants:
        med = statistics.median(step_ms)
        print(f"{name:20s} step {med:8.1f} ms ({100 * (med / base - 1):+.2f}%)   optimizer (with ZNorm) {statistics.median(opt_ms):6.2f} ms")


if __name__ == "__main__":
    main()
