#!/usr/bin/python3
"""Ten-step trajectories of PyTorch's optimisers, clipping and schedulers on one fixed problem.

    /usr/bin/python3 tests/goldens/make_optim_goldens.py > tests/goldens/optim.json

Each case records, after every step, the parameters, the learning rate of each group, and the gradient
norm returned by clip_grad_norm_ when the case clips. tests/Research.Torch.Tests/OptimizerTrajectoryTests.cs
runs the same configurations under the same names.
"""
import json
import sys

import torch

torch.manual_seed(0)
W0 = torch.randn(4, 3, dtype=torch.float64)
B0 = torch.randn(3, dtype=torch.float64)
X = torch.randn(8, 4, dtype=torch.float64)
Y = torch.randn(8, 3, dtype=torch.float64)
PLATEAU_METRICS = [1.0, 0.9, 0.95, 0.93, 0.92, 0.91, 0.5, 0.6, 0.6, 0.6]


def loss_of(w, b):
    return ((X @ w + b - Y) ** 2).mean() + 0.1 * w.tanh().sum()


def run(make_optimizer, make_scheduler=None, clip=None, plateau=False):
    w = W0.clone().requires_grad_()
    b = B0.clone().requires_grad_()
    opt = make_optimizer(w, b)
    sched = make_scheduler(opt) if make_scheduler else None
    steps = []
    for i in range(10):
        opt.zero_grad()
        loss = loss_of(w, b)
        loss.backward()
        norm = float(torch.nn.utils.clip_grad_norm_([w, b], clip)) if clip else None
        opt.step()
        if sched is not None:
            if plateau:
                sched.step(PLATEAU_METRICS[i])
            else:
                sched.step()
        steps.append({"w": w.detach().flatten().tolist(), "b": b.detach().flatten().tolist(),
                      "lr": [g["lr"] for g in opt.param_groups], "loss": float(loss), "norm": norm})
    return steps


O = torch.optim
CASES = {
    "sgd": lambda: run(lambda w, b: O.SGD([w, b], lr=0.1)),
    "sgd_momentum_dampening_wd": lambda: run(lambda w, b: O.SGD([w, b], lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    "sgd_nesterov": lambda: run(lambda w, b: O.SGD([w, b], lr=0.05, momentum=0.9, nesterov=True)),
    "sgd_groups": lambda: run(lambda w, b: O.SGD([{"params": [w], "lr": 0.1}, {"params": [b], "lr": 0.01, "momentum": 0.5}],
                                                 lr=0.05, momentum=0.9)),
    "adam": lambda: run(lambda w, b: O.Adam([w, b], lr=0.01)),
    "adam_wd_amsgrad_betas": lambda: run(lambda w, b: O.Adam([w, b], lr=0.01, betas=(0.8, 0.95), weight_decay=0.1, amsgrad=True)),
    "adamw": lambda: run(lambda w, b: O.AdamW([w, b], lr=0.01, weight_decay=0.1)),
    "adam_clip": lambda: run(lambda w, b: O.Adam([w, b], lr=0.05), clip=0.5),
    "sgd_steplr": lambda: run(lambda w, b: O.SGD([w, b], lr=0.1), lambda o: O.lr_scheduler.StepLR(o, step_size=3, gamma=0.5)),
    "adam_cosine": lambda: run(lambda w, b: O.Adam([w, b], lr=0.02), lambda o: O.lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=0.001)),
    "sgd_linear_warmup": lambda: run(lambda w, b: O.SGD([w, b], lr=0.1), lambda o: O.lr_scheduler.LinearLR(o, start_factor=0.25, total_iters=4)),
    "sgd_plateau": lambda: run(lambda w, b: O.SGD([w, b], lr=0.1),
                               lambda o: O.lr_scheduler.ReduceLROnPlateau(o, factor=0.5, patience=1), plateau=True),
}


def main():
    data = {"w0": W0.flatten().tolist(), "b0": B0.flatten().tolist(), "x": X.flatten().tolist(), "y": Y.flatten().tolist(),
            "plateau_metrics": PLATEAU_METRICS, "cases": {name: make() for name, make in CASES.items()}}
    json.dump(data, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
