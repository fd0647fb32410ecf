#!/usr/bin/python3
"""Peak resident memory of the PyTorch side of PeakMemoryBenchmark: one CIFAR ResNet, ZNorm (in
place) + torch.optim.Adam, a fixed random batch, some training steps; prints the peak RSS.

  /usr/bin/python3 znorm-bench/python/resnet_peak_rss.py [depth] [batch] [steps] [threads]
"""
import os
import resource

import torch
import torch.nn.functional as F

from resnet_step_bench import CifarResNet, setup, znorm_


def main():
    depth, batch, steps, threads, x, y = setup(20)
    net = CifarResNet(depth)
    params = list(net.parameters())
    opt = torch.optim.Adam(params, lr=1e-3)
    for _ in range(steps):
        loss = F.cross_entropy(net(x), y)
        opt.zero_grad(set_to_none=False)
        loss.backward()
        znorm_(params)
        opt.step()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    trimmed = ", glibc returning freed memory at once" if os.environ.get("MALLOC_TRIM_THRESHOLD_") == "0" else ""
    print(f"PyTorch {torch.__version__}, ResNet-{depth}, batch {batch}, {steps} steps of ZNorm + Adam,"
          f" {threads} threads{trimmed}: peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
