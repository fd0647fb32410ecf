#!/usr/bin/python3
"""Writes PyTorch golden trajectories for znorm-core's optimizer tests.

Run with Debian's PyTorch (apt-get install python3-torch python3-numpy):
    /usr/bin/python3 tools/golden/make_golden.py znorm-core/src/test/resources/golden

Every case starts from the same weights and feeds the same 24 raw gradients (drawn once from a
fixed seed, with a per-tensor mean offset so ZNorm's centring matters) to a torch.optim
optimizer, optionally after ZNorm. ZNorm here is written independently of the Java code,
straight from docs/method.md: per tensor with ndim >= 2, float64 statistics, population std,
(g - mean) / (std + 1e-12). The files hold float32 little-endian arrays:

    grads.bin                 the raw gradients, step-major, parameter order of SHAPES
    init.bin                  the initial weights
    <case>.bin                the weights after every step (24 snapshots)
    cases.txt                 one line per case: name optimizer key=value...
"""
import os
import struct
import sys

import numpy as np
import torch

torch.set_num_threads(1)
STEPS = 24
SHAPES = [(4, 2, 3, 3), (5, 6), (5,), (1,)]


def znorm(g):
    if g.dim() < 2:
        return g
    x = g.double()
    d = x - x.mean()
    sigma = torch.sqrt((d * d).mean())
    if sigma.item() == 0.0:
        return torch.zeros_like(g)
    return (d / (sigma + 1e-12)).to(g.dtype)


CASES = [
    # name, optimizer, kwargs, znorm, schedule
    ("sgd", "sgd", dict(lr=0.05), False, None),
    ("sgd_momentum_wd", "sgd", dict(lr=0.05, momentum=0.9, dampening=0.1, weight_decay=1e-2), False, None),
    ("sgd_nesterov", "sgd", dict(lr=0.05, momentum=0.9, nesterov=True), False, None),
    ("znorm_sgd_momentum", "sgd", dict(lr=0.01, momentum=0.9), True, None),
    ("znorm_sgd_nesterov_wd", "sgd", dict(lr=0.01, momentum=0.9, nesterov=True, weight_decay=1e-2), True, None),
    ("adam", "adam", dict(lr=1e-2), False, None),
    ("adam_wd", "adam", dict(lr=1e-2, weight_decay=1e-2), False, None),
    ("znorm_adam", "adam", dict(lr=1e-2), True, None),
    ("znorm_adam_wd", "adam", dict(lr=1e-2, weight_decay=1e-2, betas=(0.8, 0.99), eps=1e-6), True, None),
    ("adam_cosine", "adam", dict(lr=1e-2), False, "cosine"),
    ("znorm_adam_cosine", "adam", dict(lr=1e-2), True, "cosine"),
    ("adamw", "adamw", dict(lr=1e-2, weight_decay=0.0), False, None),
    ("adamw_wd", "adamw", dict(lr=1e-2, weight_decay=0.1), False, None),
    ("znorm_adamw", "adamw", dict(lr=1e-2, weight_decay=0.0), True, None),
    ("znorm_adamw_wd", "adamw", dict(lr=1e-2, weight_decay=0.1), True, None),
    ("rmsprop", "rmsprop", dict(lr=1e-2), False, None),
    ("rmsprop_centered_momentum_wd", "rmsprop", dict(lr=1e-2, alpha=0.9, centered=True, momentum=0.5, weight_decay=1e-2), False, None),
    ("znorm_rmsprop", "rmsprop", dict(lr=1e-2), True, None),
    ("znorm_rmsprop_wd", "rmsprop", dict(lr=1e-2, weight_decay=1e-2), True, None),
    ("adagrad", "adagrad", dict(lr=0.1), False, None),
    ("adagrad_decay_wd", "adagrad", dict(lr=0.1, lr_decay=1e-2, weight_decay=1e-2, initial_accumulator_value=0.1), False, None),
    ("znorm_adagrad", "adagrad", dict(lr=0.1), True, None),
    ("znorm_adagrad_wd", "adagrad", dict(lr=0.1, weight_decay=1e-2), True, None),
]

OPTIMIZERS = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
              "rmsprop": torch.optim.RMSprop, "adagrad": torch.optim.Adagrad}


def write(path, tensors):
    with open(path, "wb") as f:
        for t in tensors:
            f.write(t.detach().numpy().astype("<f4").tobytes())


def main(out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20241125)
    init = [torch.tensor(rng.normal(0, 0.5, s), dtype=torch.float32) for s in SHAPES]
    grads = []
    for step in range(STEPS):
        scale = 10.0 ** rng.uniform(-3, 0)  # the gradient scale changes from step to step
        grads.append([torch.tensor(scale * (rng.normal(0, 1, s) + rng.normal(0, 0.5)),
                                   dtype=torch.float32) for s in SHAPES])
    write(os.path.join(out, "init.bin"), init)
    write(os.path.join(out, "grads.bin"), [g for step in grads for g in step])
    lines = ["# name optimizer znorm schedule key=value ... (torch %s)" % torch.__version__]
    for name, opt_name, kwargs, use_znorm, schedule in CASES:
        params = [torch.nn.Parameter(t.clone()) for t in init]
        opt = OPTIMIZERS[opt_name](params, **kwargs)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=STEPS) if schedule else None
        snapshots = []
        for step in range(STEPS):
            for p, g in zip(params, grads[step]):
                p.grad = znorm(g.clone()) if use_znorm else g.clone()
            opt.step()
            if sched:
                sched.step()
            snapshots.extend(p.detach().clone() for p in params)
        write(os.path.join(out, name + ".bin"), snapshots)
        kv = " ".join("%s=%s" % (k, ",".join(map(str, v)) if isinstance(v, tuple) else v)
                      for k, v in kwargs.items())
        lines.append("%s %s %s %s %s" % (name, opt_name, "znorm" if use_znorm else "raw",
                                         schedule or "constant", kv))
    with open(os.path.join(out, "cases.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(out, "shapes.txt"), "w") as f:
        f.write("steps %d\n" % STEPS)
        for s in SHAPES:
            f.write(" ".join(map(str, s)) + "\n")


def write_schedules(out):
    """Learning rates of torch's schedulers, one line per scheduler, stepped once per step."""
    def lrs(make):
        opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
        sched = make(opt)
        values = []
        for _ in range(STEPS):
            values.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step()
        return values
    L = torch.optim.lr_scheduler
    rows = {
        "step_5_0.5": lrs(lambda o: L.StepLR(o, step_size=5, gamma=0.5)),
        "cosine_24": lrs(lambda o: L.CosineAnnealingLR(o, T_max=STEPS)),
        "cosine_20_min_0.01": lrs(lambda o: L.CosineAnnealingLR(o, T_max=20, eta_min=0.01)),
        "warmup_0.1_5_cosine_19": lrs(lambda o: L.SequentialLR(o, [
            L.LinearLR(o, start_factor=0.1, total_iters=5),
            L.CosineAnnealingLR(o, T_max=STEPS - 5)], milestones=[5])),
    }
    with open(os.path.join(out, "schedules.txt"), "w") as f:
        for name, values in rows.items():
            f.write(name + " " + " ".join(repr(v) for v in values) + "\n")


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "znorm-core/src/test/resources/golden"
    main(target)
    write_schedules(target)
