#!/usr/bin/python3
"""Sets two libtorch profiles of the same training steps side by side (StepProfile's Chrome trace
from DJL, resnet_step_profile.py's from PyTorch) and says where a step's time goes on each side.

Each trace is cut into its steps (a step starts at its first convolution; a ResNet-56 step has 55)
and each step into phases: forward and loss (before the first autograd function), backward (to the
end of the last autograd function) and the optimizer step (after it). Per phase it gives the time
inside top-level operators, i.e. inside libtorch, and the number of those calls; per operator its
self time (time in the operator minus the operators it called). Each operator's time per step is
its median call's duration times its calls per step: both profilers slow some calls down many
times over in bursts (a step takes about 30% longer profiled), and a median call does not move.

  /usr/bin/python3 znorm-bench/python/compare_profiles.py DJL.json TORCH.json [rows=12] [convs=55]
"""
import collections
import json
import statistics
import sys

PHASES = ("forward + loss", "backward", "optimizer step")


def load(path):
    """Operator events per thread, each as [start, end, name, self time], in time order."""
    with open(path) as f:
        text = f.read().strip()
    if text.endswith(","):  # libtorch's legacy writer may leave a trailing comma
        text = text[:-1]
    if not text.endswith("]"):
        text += "]"
    events = json.loads(text)
    if isinstance(events, dict):
        events = events.get("traceEvents", [])
    threads = collections.defaultdict(list)
    for e in events:
        if e.get("ph") == "X" and "dur" in e:
            start = float(e["ts"])
            threads[e.get("tid")].append([start, start + float(e["dur"]), e["name"], float(e["dur"])])
    for evs in threads.values():
        evs.sort(key=lambda e: (e[0], -e[1]))
    return threads


def nest(evs):
    """Turns durations into self times; returns the top-level events."""
    top, stack = [], []
    for e in evs:
        while stack and stack[-1][1] <= e[0]:
            stack.pop()
        if stack:
            stack[-1][3] -= e[1] - e[0]
        else:
            top.append(e)
        stack.append(e)
    return top


def profile(path, convs):
    """Per phase: {top-level operator: [durations]}; per operator: [self times]; steps."""
    threads = load(path)
    evs = max(threads.values(), key=len)  # the thread that ran the steps
    top = nest(evs)
    starts = [e[0] for e in evs if e[2] == "aten::conv2d"][::convs]
    steps = len(starts)
    starts.append(float("inf"))
    phases = {p: collections.defaultdict(list) for p in PHASES}
    for i in range(steps):
        autograd = [e for e in evs if starts[i] <= e[0] < starts[i + 1]
                    and e[2].startswith("autograd::engine::evaluate_function")]
        b0, b1 = autograd[0][0], max(e[1] for e in autograd)
        for e in top:
            if starts[i] <= e[0] < starts[i + 1]:
                p = PHASES[0] if e[0] < b0 else PHASES[1] if e[0] < b1 else PHASES[2]
                phases[p][e[2]].append(e[1] - e[0])
    ops = collections.defaultdict(list)
    for e in evs:
        if e[0] >= starts[0]:
            ops[e[2]].append(e[3])
    return phases, ops, steps


def typical(durations, steps):
    """Milliseconds per step: the median call's duration times the calls per step."""
    return statistics.median(durations) * len(durations) / steps / 1e3 if durations else 0.0


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    convs = int(sys.argv[4]) if len(sys.argv) > 4 else 55
    d_ph, d_ops, d_n = profile(sys.argv[1], convs)
    t_ph, t_ops, t_n = profile(sys.argv[2], convs)
    print(f"steps profiled: DJL {d_n}, PyTorch {t_n}")
    print(f"{'inside libtorch, per step':<28} {'DJL ms':>9} {'calls':>6} {'PyTorch ms':>11} {'calls':>6}")
    for p in PHASES:
        d = sum(typical(v, d_n) for v in d_ph[p].values())
        t = sum(typical(v, t_n) for v in t_ph[p].values())
        dc = sum(len(v) for v in d_ph[p].values()) / d_n
        tc = sum(len(v) for v in t_ph[p].values()) / t_n
        print(f"{p:<28} {d:9.1f} {dc:6.0f} {t:11.1f} {tc:6.0f}")
    names = set(d_ops) | set(t_ops)
    diff = {n: typical(d_ops.get(n), d_n) - typical(t_ops.get(n), t_n) for n in names}
    print(f"{'operator, self time per step':<52} {'DJL ms':>8} {'calls':>6} {'PyTorch ms':>11} "
          f"{'calls':>6} {'DJL - PT':>9}")
    order = sorted(names, key=lambda n: -abs(diff[n]))
    for n in order[:rows]:
        print(f"{n[:52]:<52} {typical(d_ops.get(n), d_n):8.2f} {len(d_ops.get(n, [])) / d_n:6.0f} "
              f"{typical(t_ops.get(n), t_n):11.2f} {len(t_ops.get(n, [])) / t_n:6.0f} {diff[n]:+9.2f}")
    print(f"{'(the other ' + str(len(order) - rows) + ' operators)':<52} {'':>8} {'':>6} {'':>11} "
          f"{'':>6} {sum(diff[n] for n in order[rows:]):+9.2f}")

if __name__ == "__main__":
    main()
