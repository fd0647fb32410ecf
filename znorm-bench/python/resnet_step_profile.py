#!/usr/bin/python3
"""The PyTorch side of StepProfile: the same CIFAR ResNet-56, batch and threads, torch.optim.Adam;
the medians of the phases (forward, loss, backward, freeing what is left, optimizer step with
zero_grad), then a few
steps under torch's profiler, written as a Chrome trace for compare_profiles.py.

  /usr/bin/python3 znorm-bench/python/resnet_step_profile.py [steps=30] [profiled=5] [trace] [batch=128] [warm-up=40]
"""
import statistics
import sys
import time

import torch
import torch.nn.functional as F

from resnet_step_bench import CifarResNet

PHASES = ("forward", "loss", "backward", "free the step", "optimizer step")


def step(net, opt, x, y, times):
    t0 = time.perf_counter()
    out = net(x)
    t1 = time.perf_counter()
    loss = F.cross_entropy(out, y)
    loss.item()
    t2 = time.perf_counter()
    loss.backward()
    t3 = time.perf_counter()
    del out, loss  # the graph's buffers went during backward; this frees what is left
    t4 = time.perf_counter()
    opt.step()
    opt.zero_grad(set_to_none=False)
    t5 = time.perf_counter()
    if times is not None:
        for i, (a, b) in enumerate(((t0, t1), (t1, t2), (t2, t3), (t3, t4), (t4, t5))):
            times[i].append(1e3 * (b - a))


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    profiled = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    trace = sys.argv[3] if len(sys.argv) > 3 else "torch-trace.json"
    threads = 2
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(1)
    batch = int(sys.argv[4]) if len(sys.argv) > 4 else 128
    warmup = int(sys.argv[5]) if len(sys.argv) > 5 else 40
    x = torch.randn(batch, 3, 32, 32)
    y = torch.randint(0, 10, (batch,))
    net = CifarResNet(56)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    times = [[] for _ in PHASES]
    for i in range(warmup + steps):
        step(net, opt, x, y, times if i >= warmup else None)
    p0 = time.perf_counter()
    with torch.autograd.profiler.profile() as prof:
        for _ in range(profiled):
            step(net, opt, x, y, None)
    prof.export_chrome_trace(trace)
    profiled_ms = 1e3 * (time.perf_counter() - p0) / profiled
    print(f"PyTorch {torch.__version__}, ResNet-56, batch {batch}, {threads} intra-op threads; "
          f"medians of {steps} steps after {warmup}")
    total = 0
    for name, t in zip(PHASES, times):
        total += statistics.median(t)
        print(f"  {name:<16} {statistics.median(t):8.2f} ms")
    print(f"  {'sum of medians':<16} {total:8.2f} ms")
    print(f"torch profile of {profiled} steps ({profiled_ms:.0f} ms a step while profiled): {trace}")


if __name__ == "__main__":
    main()
