#!/usr/bin/python3
"""python3-torch oracle for the kit's label regularisers, written from labo.md §1.1 and §1.4 (float64):
    labo_peer.py case.json
case.json: {"logits": [[...]], "targets": [...], "alpha": a, "method": "ls-fairseq" | "labo-r" | "labo-r-budget",
            "temperature": T, "ratio": r}. Prints {"loss": mean loss, "grad": d loss / d logits (q held constant)}."""
import json
import math
import sys

import torch


def bisect_log_temperature(zbar, h, iterations=40):
    lo = torch.full((zbar.shape[0],), math.log(1e-2), dtype=torch.float64)
    hi = torch.full((zbar.shape[0],), math.log(1e3), dtype=torch.float64)
    for _ in range(iterations):
        mid = (lo + hi) / 2
        q = torch.softmax(zbar / mid.exp().unsqueeze(1), dim=1)
        entropy = -(q * torch.log(torch.clamp(q, min=1e-30))).sum(1)
        lo = torch.where(entropy < h, mid, lo)
        hi = torch.where(entropy < h, hi, mid)
    return ((lo + hi) / 2).exp()


def main():
    case = json.load(open(sys.argv[1]))
    z = torch.tensor(case["logits"], dtype=torch.float64, requires_grad=True)
    y = torch.tensor(case["targets"], dtype=torch.int64)
    alpha = case["alpha"]
    logp = torch.log_softmax(z, dim=1)
    nll = -logp.gather(1, y.unsqueeze(1)).squeeze(1)
    if case["method"] == "ls-fairseq":
        # fairseq's label_smoothed_nll_loss: eps_i = eps / (V - 1); (1 - eps - eps_i) * nll + eps_i * sum(-log p)
        eps_i = alpha / (z.shape[1] - 1)
        loss = ((1 - alpha - eps_i) * nll + eps_i * (-logp.sum(1))).mean()
    else:
        zbar = z.detach().clone()
        zbar[torch.arange(z.shape[0]), y] = float("-inf")
        if case["method"] == "labo-r-budget":
            t = bisect_log_temperature(zbar, case["ratio"] * math.log(z.shape[1] - 1)).unsqueeze(1)
        else:
            t = case["temperature"]
        q = torch.softmax(zbar / t, dim=1)
        reg = -torch.where(q > 0, q * logp, torch.zeros_like(logp)).sum(1)
        loss = ((1 - alpha) * nll + alpha * reg).mean()
    loss.backward()
    print(json.dumps({"loss": loss.item(), "grad": z.grad.flatten().tolist()}))


if __name__ == "__main__":
    main()
