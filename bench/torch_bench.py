#!/usr/bin/python3
"""The PyTorch side of research-bench: the same suites and case names, timed the same way.

    /usr/bin/python3 bench/torch_bench.py per-op --runs 7 --threads 1
prints a JSON list of {case, wallMicros, cpuMicros, runs, iterations, faultsPerIteration}: per-iteration medians
(faults: minor page faults). The bench sets OPENBLAS_NUM_THREADS; any ad-hoc timing must set it too (STACK.md).
"""
import argparse
import json
import random
import resource
import math
import statistics
import sys
import time

import torch


def minor_faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def take(name, body, runs, iterations):
    for _ in range(iterations):
        body()
    walls, cpus, faults = [], [], []
    for _ in range(runs):
        c0, f0, w0 = time.process_time(), minor_faults(), time.perf_counter()
        for _ in range(iterations):
            body()
        walls.append((time.perf_counter() - w0) * 1e6 / iterations)
        faults.append((minor_faults() - f0) / iterations)
        cpus.append((time.process_time() - c0) * 1e6 / iterations)
    return {"case": name, "wallMicros": statistics.median(walls), "cpuMicros": statistics.median(cpus),
            "runs": runs, "iterations": iterations, "faultsPerIteration": statistics.median(faults)}


def per_op(runs):
    n = 200_000
    a, b, m = torch.ones(4), torch.ones(4), torch.ones(4, 4)
    return [
        take("add", lambda: a + b, runs, n),
        take("add_kept", lambda: a + b, runs, n),  # the kit's held-alpha add; Python has one way to add
        take("mul_scalar", lambda: a * 2.0, runs, n),
        take("exp", lambda: a.exp(), runs, n),
        take("sum", lambda: a.sum(), runs, n),
        take("matmul_4x4", lambda: m.matmul(m), runs, n),
        take("view", lambda: m.view(16), runs, n),
    ]


def gemm(runs):
    out = []
    for n, iterations in [(512, 200), (2048, 4)]:
        torch.manual_seed(0)
        a, b = torch.randn(n, n), torch.randn(n, n)
        out.append(take(f"gemm_{n}", lambda: a.mm(b), runs, iterations))
    return out


def cnn_step(runs):
    nn = torch.nn
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(32 * 7 * 7, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x, y = torch.randn(128, 1, 28, 28), torch.randint(0, 10, (128,))

    def step():
        optimizer.zero_grad(set_to_none=True)
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    return take("cnn_step", step, runs, 5)


def lstm_lm_step(runs):
    nn = torch.nn
    vocabulary, dim, bptt, batch = 5000, 64, 35, 20
    torch.manual_seed(0)
    embedding, lstm, decoder = nn.Embedding(vocabulary, dim), nn.LSTM(dim, dim, num_layers=2), nn.Linear(dim, vocabulary)
    parameters = list(embedding.parameters()) + list(lstm.parameters()) + list(decoder.parameters())
    optimizer = torch.optim.SGD(parameters, lr=20)
    inputs, target = torch.randint(0, vocabulary, (bptt, batch)), torch.randint(0, vocabulary, (bptt * batch,))
    state = [torch.zeros(2, batch, dim), torch.zeros(2, batch, dim)]

    def step():
        optimizer.zero_grad(set_to_none=True)
        output, (h, c) = lstm(embedding(inputs), (state[0], state[1]))
        logits = decoder(output.view(bptt * batch, dim))
        torch.nn.functional.cross_entropy(logits, target).backward()
        torch.nn.utils.clip_grad_norm_(parameters, 0.25)
        optimizer.step()
        state[0], state[1] = h.detach(), c.detach()
    return take("lstm_lm_step", step, runs, 10)


def transformer_lm_step(vocabulary, dim, feedforward, loss, length=35, batch=20):
    """One Adam step of a two-layer causal Transformer LM (the kit's TrainStepSuites shape), seeded; `loss` maps
    (logits [length*batch, vocabulary], targets) to a scalar."""
    nn = torch.nn
    torch.manual_seed(0)
    embedding = nn.Embedding(vocabulary, dim)
    layer1 = nn.TransformerEncoderLayer(dim, 4, dim_feedforward=feedforward, dropout=0.1)
    layer2 = nn.TransformerEncoderLayer(dim, 4, dim_feedforward=feedforward, dropout=0.1)
    head = nn.Linear(dim, vocabulary)
    parameters = [p for m in (embedding, layer1, layer2, head) for p in m.parameters()]
    optimizer = torch.optim.Adam(parameters, lr=1e-3)
    inputs, target = torch.randint(0, vocabulary, (length, batch)), torch.randint(0, vocabulary, (length * batch,))
    mask = torch.triu(torch.full((length, length), float("-inf")), diagonal=1)

    def step():
        optimizer.zero_grad(set_to_none=True)
        hidden = layer2(layer1(embedding(inputs), src_mask=mask), src_mask=mask)
        loss(head(hidden.view(length * batch, dim)), target).backward()
        optimizer.step()
    return step


def transformer_step(runs):
    step = transformer_lm_step(1000, 64, 128, torch.nn.functional.cross_entropy)
    return take("transformer_step", step, runs, 10)


def train_step(runs):
    return [cnn_step(runs), lstm_lm_step(runs), transformer_step(runs)]


class VariationalLSTM(torch.nn.Module):
    """The kit's VariationalLstm: one dropout mask per sequence on the input and on each layer's state, the
    layer's mask shared between its recurrence and its output; the time loop in Python."""

    def __init__(self, size, layers, dropout):
        super().__init__()
        self.dropout, self.layers = dropout, layers
        bound = size ** -0.5
        for l in range(layers):
            self.register_parameter(f"weight_ih_l{l}", torch.nn.Parameter(torch.empty(4 * size, size).uniform_(-bound, bound)))
            self.register_parameter(f"weight_hh_l{l}", torch.nn.Parameter(torch.empty(4 * size, size).uniform_(-bound, bound)))
            self.register_parameter(f"bias_ih_l{l}", torch.nn.Parameter(torch.empty(4 * size).uniform_(-bound, bound)))
            self.register_parameter(f"bias_hh_l{l}", torch.nn.Parameter(torch.empty(4 * size).uniform_(-bound, bound)))

    def zero_state(self, n, size):
        return [torch.zeros(n, size) for _ in range(self.layers)], [torch.zeros(n, size) for _ in range(self.layers)]

    def mask(self, n, size, like):
        return torch.bernoulli(torch.full((n, size), 1 - self.dropout, dtype=like.dtype)) / (1 - self.dropout)

    def forward(self, x, state):
        steps, n, size = x.shape
        x = x * self.mask(n, size, x) if self.training else x
        hs, cs = [], []
        for l in range(self.layers):
            w_ih, w_hh = getattr(self, f"weight_ih_l{l}"), getattr(self, f"weight_hh_l{l}")
            bias = getattr(self, f"bias_ih_l{l}") + getattr(self, f"bias_hh_l{l}")
            m = self.mask(n, w_hh.shape[1], x) if self.training else None
            gates_x = torch.nn.functional.linear(x, w_ih, bias)
            h, c = state[0][l], state[1][l]
            outputs = []
            for t in range(steps):
                gates = torch.addmm(gates_x[t], h * m if m is not None else h, w_hh.t()).chunk(4, 1)
                c = gates[1].sigmoid() * c + gates[0].sigmoid() * gates[2].tanh()
                h = gates[3].sigmoid() * c.tanh()
                outputs.append(h)
            out = torch.stack(outputs)
            x = out * m if m is not None else out
            hs.append(h)
            cs.append(c)
        return x, (hs, cs)


def lm_epoch(runs):
    """The kit's LstmLanguageModel +REAL and LanguageModelTrainer epoch, written for python3-torch."""
    nn, F = torch.nn, torch.nn.functional
    vocabulary, dim, bptt, batch, eval_batch, windows = 5000, 64, 35, 20, 10, 30
    tau, alpha = 10.0, 0.5
    torch.manual_seed(0)

    def stream(steps, n, seed):
        import math
        import random
        rng = random.Random(seed)
        ids = [min(vocabulary - 1, int(math.floor(math.exp(rng.random() * math.log(vocabulary)))) - 1) for _ in range(steps * n)]
        return torch.tensor(ids).view(n, steps)

    train, valid = stream(windows * bptt + 1, batch, 1), stream(2 * bptt + 1, batch, 2)
    held = stream(windows * bptt + 1, eval_batch, 3)
    encoder, rnn = nn.Embedding(vocabulary, dim), VariationalLSTM(dim, 2, 0.3)
    bias = nn.Parameter(torch.zeros(vocabulary))
    parameters = list(encoder.parameters()) + list(rnn.parameters()) + [bias]
    with torch.no_grad():
        for p in parameters:
            p.uniform_(-0.1, 0.1)
        bias.zero_()
    optimizer = torch.optim.SGD(parameters, lr=20)

    def forward(inputs, state, training):
        rnn.train(training)
        out, state = rnn(encoder(inputs), state)
        h = out.reshape(-1, dim)
        z = F.linear(h, encoder.weight)
        return z, z + bias, state

    def zero_state(n):
        return [torch.zeros(n, dim) for _ in range(2)], [torch.zeros(n, dim) for _ in range(2)]

    def windows_of(s):
        for i in range(0, s.shape[1] - 1, bptt):
            n = min(bptt, s.shape[1] - 1 - i)
            yield s[:, i:i + n].t(), s[:, i + 1:i + 1 + n].t().reshape(-1)

    def augmented(z, target):
        e = encoder.weight.detach()
        ids, inverse = torch.unique(target, sorted=True, return_inverse=True)
        log_target = (e.index_select(0, ids).matmul(e.t()) / tau).log_softmax(1).index_select(0, inverse)
        log_pred = (z / tau).log_softmax(1)
        return F.kl_div(log_pred, log_target, reduction="none", log_target=True).sum(1).mean() * (alpha * tau)

    def epoch():
        state = zero_state(batch)
        for inputs, target in windows_of(train):
            optimizer.zero_grad(set_to_none=True)
            z, logits, state = forward(inputs, state, True)
            ce = F.cross_entropy(logits, target)
            (ce + augmented(z, target)).backward()
            torch.nn.utils.clip_grad_norm_(parameters, 0.25)
            optimizer.step()
            ce.item()
            state = [h.detach() for h in state[0]], [c.detach() for c in state[1]]
        return evaluate(valid, batch)

    def evaluate(s, n):
        with torch.no_grad():
            state, total, tokens = zero_state(n), 0.0, 0
            for inputs, target in windows_of(s):
                _, logits, state = forward(inputs, state, False)
                total += F.cross_entropy(logits, target, reduction="sum").item()
                tokens += target.numel()
        return total / tokens
    return [take("real_epoch", epoch, runs, 1), take("real_eval", lambda: evaluate(held, eval_batch), runs, 1)]


def lstm_route(runs):
    """The kit's lstm-route suite: the VariationalLSTM loop (in Python here) and nn.LSTM at paper 5's shapes.
    Training: forward and backward of output.sum() from a zero state, the input requiring grad; eval: forward, no_grad."""
    layers, bptt, batch, eval_batch = 2, 35, 20, 10
    out = []
    for d in (64, 200):
        torch.manual_seed(0)
        loop, fused = VariationalLSTM(d, layers, 0.3), torch.nn.LSTM(d, d, num_layers=layers)
        x = torch.randn(bptt, batch, d).requires_grad_(True)
        x_eval = torch.randn(bptt, eval_batch, d)
        loop_leaves, fused_leaves = list(loop.parameters()) + [x], list(fused.parameters()) + [x]

        def train_pass(leaves, forward):
            for p in leaves:
                p.grad = None
            forward().sum().backward()

        def eval_pass(forward):
            with torch.no_grad():
                forward()

        loop.train()
        out.append(take(f"vlstm_masked_d{d}", lambda: train_pass(loop_leaves, lambda: loop(x, loop.zero_state(batch, d))[0]), runs, 10))
        loop.eval()
        out.append(take(f"vlstm_unmasked_d{d}", lambda: train_pass(loop_leaves, lambda: loop(x, loop.zero_state(batch, d))[0]), runs, 10))
        out.append(take(f"fused_lstm_d{d}", lambda: train_pass(fused_leaves, lambda: fused(x)[0]), runs, 10))
        loop_eval = take(f"vlstm_loop_eval_d{d}", lambda: eval_pass(lambda: loop(x_eval, loop.zero_state(eval_batch, d))[0]), runs, 10)
        out += [loop_eval, dict(loop_eval, case=f"vlstm_eval_d{d}")]  # Python's VariationalLSTM has the loop only
        fused.eval()
        out.append(take(f"fused_lstm_eval_d{d}", lambda: eval_pass(lambda: fused(x_eval)[0]), runs, 10))
    return out


def label_reg(runs):
    """The kit's label-reg suite (paper 3): fairseq-style LS and LABO-R (value-function form; penalty T = 1 and the
    budget form r = 0.8, the kit's safeguarded Newton on log T), as a training step of a decoder-shaped V = 4000 model and as
    the loss alone on logits [2048, 4000]; alpha = 0.1."""
    vocabulary, dim, length, batch, rows, alpha = 4000, 128, 35, 20, 2048, 0.1

    def masked(z, y):
        return z.scatter(1, y.unsqueeze(1), float("-inf"))

    def budget_temperature(zbar, y, ratio=0.8, iterations=60):
        """The kit's LaboRTemperature.Solve: safeguarded Newton on g = log(H / (L - H)) in u = log T, from the
        Gaussian-spread guess, stopping when every row has converged (float32 tolerances)."""
        with torch.no_grad():
            allowed = torch.ones_like(zbar).scatter_(1, y.unsqueeze(1), 0.0)
            mean = (zbar * allowed).sum(1) / allowed.sum(1)
            centred = masked(zbar - mean.unsqueeze(1), y)
            zeroed = torch.where(allowed > 0, centred, torch.zeros_like(centred))
            moments = torch.stack([zeroed, zeroed * zeroed], 2)
            ceiling = torch.log(allowed.sum(1))
            target = ratio * ceiling
            log_odds = math.log(ratio / (1 - ratio))
            lo = torch.full((zbar.shape[0],), math.log(1e-2))
            hi = torch.full((zbar.shape[0],), math.log(1e3))
            spread = (moments[:, :, 1].sum(1) / allowed.sum(1)).sqrt()
            guess = (spread / (2 * (1 - ratio) * ceiling).sqrt()).log()
            u = torch.where(guess.isfinite(), guess, torch.zeros_like(guess)).clamp(lo, hi)
            done = torch.zeros_like(u, dtype=torch.bool)
            for _ in range(iterations):
                t = u.exp()
                s = centred / t.unsqueeze(1)
                lse = s.logsumexp(1)
                q = (s - lse.unsqueeze(1)).exp_()
                expected = torch.bmm(q.unsqueeze(1), moments).squeeze(1)
                mean_q = expected[:, 0]
                variance = (expected[:, 1] - mean_q * mean_q).relu_()
                h = lse - mean_q / t
                excess = h - target
                below = excess < 0
                new_lo, new_hi = torch.where(below, u, lo), torch.where(below, hi, u)
                slope = variance / t / t
                room = ceiling - h
                g = h.log() - room.log() - log_odds
                newton = u - g / (slope * (1 / h + 1 / room))
                inside = (newton >= new_lo) & (newton <= new_hi)
                step = torch.where(inside, newton, (new_lo + new_hi) / 2)
                converged = ((excess.abs() <= target * 1e-4) | (new_hi - new_lo <= 1e-5)
                             | ((step - u).abs() <= 1e-5) | (slope <= 1e-12))
                u = torch.where(done, u, torch.where(converged & ~inside, u, step))
                done = done | converged
                lo, hi = new_lo, new_hi
                if bool(done.all()):
                    break
            return u.exp()

    def loss_of(method, z, y):
        lse = z.logsumexp(1)
        nll = lse - z.gather(1, y.unsqueeze(1)).squeeze(1)
        if method == "ls":
            smooth = lse - (z.sum(1) - z.gather(1, y.unsqueeze(1)).squeeze(1)) / (z.shape[1] - 1)
        else:
            t = budget_temperature(z.detach(), y).unsqueeze(1) if method == "labo_r_budget" else torch.ones(1, 1)
            scaled = masked(z / t, y)
            scaled_lse = scaled.logsumexp(1)
            t_lse = scaled_lse * t.view(-1)
            with torch.no_grad():
                q = (scaled.detach() - scaled_lse.detach().unsqueeze(1)).exp_()
                expected = torch.bmm(q.unsqueeze(1), z.detach().unsqueeze(2)).view(-1)
            smooth = lse - t_lse + (t_lse.detach() - expected)
        return ((1 - alpha) * nll + alpha * smooth).mean()

    out = []
    methods = ["ls", "labo_r", "labo_r_budget"]
    for method in methods:
        step = transformer_lm_step(vocabulary, dim, 512, lambda z, y, method=method: loss_of(method, z, y), length, batch)
        out.append(take(f"mt_step_{method}", step, runs, 5))
    torch.manual_seed(0)
    logits = torch.randn(rows, vocabulary).requires_grad_(True)
    targets = torch.randint(0, vocabulary, (rows,))
    for method in methods:
        def loss_pass():
            logits.grad = None
            loss_of(method, logits, targets).backward()
        out.append(take(f"loss_{method}", loss_pass, runs, 10))
    return out
def guidance_step(runs):
    """The kit's guidance-step suite: a deep FCN (20 x [Linear 256, BN, ReLU, Dropout 0.1]) step with Adam on 256
    28x28 images, unguided or guided by an untrained ResNet-8 (width 8, 16) with the authors' rules: hooks on Linear,
    Conv2d and AdaptiveAvgPool2d, the logits dropped, uniform mapping rounded half to even, later guide layers
    overwriting; biased linear CKA on centred, unit-norm activations, the cheaper of the Gram and feature forms."""
    nn, F = torch.nn, torch.nn.functional

    class Block(nn.Module):
        def __init__(self, cin, cout, stride):
            super().__init__()
            self.conv1, self.bn1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout)
            self.conv2, self.bn2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout)
            self.shortcut = None if stride == 1 and cin == cout else nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

        def forward(self, x):
            y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
            return F.relu(y + (x if self.shortcut is None else self.shortcut(x)))

    class ResNet8(nn.Module):
        def __init__(self, w):
            super().__init__()
            self.stem, self.bn = nn.Conv2d(1, w, 3, 1, 1, bias=False), nn.BatchNorm2d(w)
            self.stages = nn.Sequential(Block(w, w, 1), Block(w, 2 * w, 2), Block(2 * w, 4 * w, 2))
            self.pool, self.head = nn.AdaptiveAvgPool2d(1), nn.Linear(4 * w, 10)

        def forward(self, x):
            return self.head(self.pool(self.stages(F.relu(self.bn(self.stem(x))))).flatten(1))

    def fcn():
        layers = [nn.Flatten()]
        for i in range(20):
            layers += [nn.Linear(784 if i == 0 else 256, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(0.1)]
        return nn.Sequential(*layers, nn.Linear(256, 10))

    def record(model, store):
        for m in model.modules():
            if type(m) in (nn.Linear, nn.Conv2d, nn.AdaptiveAvgPool2d):
                m.register_forward_hook(lambda _m, _i, out: store.append(out))

    def unit(x):
        x = x.flatten(1)
        x = x - x.mean(0, keepdim=True)
        return x / x.square().sum().clamp_min(1e-30).sqrt()

    def cka(x, y):
        n, dx, dy = x.shape[0], x.shape[1], y.shape[1]
        if n * n * (dx + dy) < n * (dx * dy + dx * dx + dy * dy):
            k, l = x @ x.T, y @ y.T
            cross, sx, sy = (k * l).sum(), (k * k).sum(), (l * l).sum()
        else:
            cross, sx, sy = (x.T @ y).square().sum(), (x.T @ x).square().sum(), (y.T @ y).square().sum()
        return cross / (sx * sy).clamp_min(1e-30).sqrt()

    def step_case(name, guide_width):
        torch.manual_seed(0)
        target = fcn().train()
        optimizer = torch.optim.Adam(target.parameters(), lr=1e-3)
        x, y = torch.randn(256, 1, 28, 28), torch.randint(0, 10, (256,))
        t_acts, g_acts = [], []
        record(target, t_acts)
        guide = None
        if guide_width is not None:
            guide = ResNet8(guide_width).eval()
            record(guide, g_acts)

        def step():
            optimizer.zero_grad(set_to_none=True)
            t_acts.clear()
            g_acts.clear()
            loss = F.cross_entropy(target(x), y)
            if guide is not None:
                with torch.no_grad():
                    guide(x)
                t, g = t_acts[:-1], g_acts[:-1]
                step_size = (len(t) - 1) / (len(g) - 1) if len(g) > 1 else 1
                pairs = {min(round(i * step_size), len(t) - 1): i for i in range(len(g))}
                loss = loss + sum(1 - cka(unit(t[ti]), unit(g[gi])) for ti, gi in pairs.items())
            loss.backward()
            optimizer.step()
        return take(name, step, runs, 3)

    def guide_forward(name, width):
        torch.manual_seed(0)
        guide, x = ResNet8(width).eval(), torch.randn(256, 1, 28, 28)

        def forward():
            with torch.no_grad():
                guide(x)
        return take(name, forward, runs, 3)

    return [step_case("fcn_step", None), step_case("fcn_guided_w8_step", 8), step_case("fcn_guided_w16_step", 16),
            guide_forward("guide_w8_forward", 8), guide_forward("guide_w16_forward", 16)]
def dist2(runs):
    """The kit's dist2 suite: DIST2Loss (written here from the paper note's pseudocode, variant A and B) against
    cross entropy at logits [8192, 32000] with 1,000 number tokens (ids 5000-5999), even rows labelled with one."""
    rows, vocabulary, k, offset = 8192, 32000, 1000, 5000
    torch.manual_seed(0)
    logits = torch.randn(rows, vocabulary).requires_grad_(True)
    rng = random.Random(1)
    labels = torch.tensor([offset + rng.randrange(k) if i % 2 == 0 else rng.randrange(vocabulary) for i in range(rows)])
    ids = torch.arange(offset, offset + k)
    values = torch.arange(k, dtype=torch.float32)
    loc = torch.full((vocabulary,), -1, dtype=torch.long)
    loc[ids] = torch.arange(k)

    def dist2_loss(restricted, alpha=1.0, tau=2.0):
        logp = logits.log_softmax(1)
        ce = torch.nn.functional.nll_loss(logp, labels)
        j = loc[labels]
        rows_d = (j >= 0).nonzero().squeeze(1)
        jd = j[rows_d]
        logpd = logp[rows_d[:, None], ids[None, :]]
        if restricted:
            logpd = logpd.log_softmax(1)
        logq = (-(values[jd][:, None] - values[None, :]) ** 2 / tau).log_softmax(1)
        kl = (logq.exp() * (logq - logpd)).sum(1)
        return ce + alpha * kl.mean()

    def run_pass(loss):
        logits.grad = None
        loss().backward()

    return [
        take("ce", lambda: run_pass(lambda: torch.nn.functional.cross_entropy(logits, labels)), runs, 2),
        take("dist2_a", lambda: run_pass(lambda: dist2_loss(True)), runs, 2),
        take("dist2_b", lambda: run_pass(lambda: dist2_loss(False)), runs, 2),
    ]


def describe():
    """One line: versions, BLAS and the CPU capability the peer's kernels were built for."""
    config = torch.__config__.show()
    blas = next((part.split("=")[1] for part in config.replace(",", " ").split() if part.startswith("BLAS_INFO=")), "?")
    capability = next((line.split(":")[1].strip() for line in config.splitlines() if "CPU capability usage" in line), "?")
    dnn = next((line.strip(" -") for line in config.splitlines() if "MKL-DNN" in line or "oneDNN" in line), "no oneDNN")
    return f"python3-torch {torch.__version__}, BLAS_INFO={blas} (Debian: OpenBLAS via libblas.so.3), {dnn}, CPU capability {capability}"


SUITES = {"per-op": per_op, "gemm": gemm, "train-step": train_step, "lm-epoch": lm_epoch, "lstm-route": lstm_route, "label-reg": label_reg, "guidance-step": guidance_step, "dist2": dist2}


def main():
    parser = argparse.ArgumentParser()
    if sys.argv[1:] == ["--describe"]:
        print(describe())
        return
    parser.add_argument("suite", choices=sorted(SUITES))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(json.dumps(SUITES[args.suite](args.runs)))


if __name__ == "__main__":
    main()
