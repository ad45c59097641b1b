#!/usr/bin/python3
"""The PyTorch side of research-bench: the same suites and case names, timed the same way.

    /usr/bin/python3 bench/torch_bench.py per-op --runs 7 --threads 1
prints a JSON list of {case, wallMicros, cpuMicros, runs, iterations}: per-iteration medians.
"""
import argparse
import json
import statistics
import time

import torch


def take(name, body, runs, iterations):
    for _ in range(iterations):
        body()
    walls, cpus = [], []
    for _ in range(runs):
        c0, w0 = time.process_time(), time.perf_counter()
        for _ in range(iterations):
            body()
        walls.append((time.perf_counter() - w0) * 1e6 / iterations)
        cpus.append((time.process_time() - c0) * 1e6 / iterations)
    return {"case": name, "wallMicros": statistics.median(walls), "cpuMicros": statistics.median(cpus),
            "runs": runs, "iterations": iterations}


def per_op(runs):
    n = 200_000
    a, b, m = torch.ones(4), torch.ones(4), torch.ones(4, 4)
    return [
        take("add", lambda: a + b, runs, n),
        take("mul_scalar", lambda: a * 2.0, runs, n),
        take("exp", lambda: a.exp(), runs, n),
        take("sum", lambda: a.sum(), runs, n),
        take("matmul_4x4", lambda: m.matmul(m), runs, n),
        take("view", lambda: m.view(16), runs, n),
    ]


SUITES = {"per-op": per_op}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("suite", choices=sorted(SUITES))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(json.dumps(SUITES[args.suite](args.runs)))


if __name__ == "__main__":
    main()
