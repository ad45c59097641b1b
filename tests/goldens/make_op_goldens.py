#!/usr/bin/python3
"""Golden values for Research.Torch's op tests, computed by Debian's python3-torch.

Run with /usr/bin/python3 (the PATH python3 has no torch):
    /usr/bin/python3 tests/goldens/make_op_goldens.py > tests/goldens/ops.json
Each case stores its inputs and outputs, so the C# test needs no Python. The C# side keeps a table
of the same case names (tests/Research.Torch.Tests/OpGoldenTests.cs); a case missing on either
side fails the test.
"""
import json
import sys

import torch
import torch.nn.functional as F

torch.manual_seed(1234)
a = torch.randn(3, 4)
b = torch.randn(3, 4)
m = torch.randn(4, 5)
v = torch.randn(4)
pos = torch.rand(3, 4) + 0.1
batch1 = torch.randn(2, 3, 4)
batch2 = torch.randn(2, 4, 2)
ints = torch.tensor([[3, -1, 4], [1, -5, 9]], dtype=torch.int64)
idx = torch.tensor([2, 0, 1], dtype=torch.int64)
gidx = torch.tensor([[0, 3], [2, 2], [1, 0]], dtype=torch.int64)
mask = a > 0
labels = torch.tensor([0, 2, 1, 2], dtype=torch.int64)
col = torch.randn(3, 1)
i32 = torch.tensor([7, -2, 5], dtype=torch.int32)
u8 = torch.tensor([0, 200, 255], dtype=torch.uint8)
big = torch.tensor([[1e4, -1e4, 0.0], [50.0, 49.0, -30.0]])


def gen_rand():
    torch.manual_seed(42)
    return [torch.rand(2, 3), torch.randn(4), torch.randint(0, 10, (5,)), torch.randperm(6)]


CASES = {
    # creation
    "zeros": (lambda: torch.zeros(2, 3), []),
    "ones_f64": (lambda: torch.ones(2, 2, dtype=torch.float64), []),
    "full": (lambda: torch.full((2, 3), 2.5), []),
    "full_int": (lambda: torch.full((3,), 7), []),
    "arange": (lambda: torch.arange(0, 10, 3), []),
    "arange_float": (lambda: torch.arange(0.0, 1.0, 0.25), []),
    "linspace": (lambda: torch.linspace(-1, 1, 5), []),
    "eye": (lambda: torch.eye(3), []),
    "eye_rect": (lambda: torch.eye(2, 3), []),
    "seeded_random": (gen_rand, []),
    "zeros_like": (lambda x: torch.zeros_like(x), [ints]),
    "ones_like": (lambda x: torch.ones_like(x), [a]),
    "full_like": (lambda x: torch.full_like(x, 3.0), [a]),
    # shape
    "view": (lambda x: x.view(4, 3), [a]),
    "view_infer": (lambda x: x.view(-1), [a]),
    "reshape": (lambda x: x.t().reshape(2, 6), [a]),
    "permute": (lambda x: x.permute(2, 0, 1), [batch1]),
    "transpose": (lambda x: x.transpose(0, 2), [batch1]),
    "squeeze": (lambda x: x.squeeze(), [col]),
    "squeeze_dim": (lambda x: x.squeeze(1), [col]),
    "unsqueeze": (lambda x: x.unsqueeze(1), [v]),
    "expand": (lambda x: x.expand(3, 4), [col]),
    "cat": (lambda x, y: torch.cat([x, y], 0), [a, b]),
    "cat_dim1": (lambda x, y: torch.cat([x, y], 1), [a, b]),
    "stack": (lambda x, y: torch.stack([x, y], 1), [a, b]),
    "split": (lambda x: list(x.split(3, 1)), [a]),
    "split_sizes": (lambda x: list(x.split([1, 3], 1)), [a]),
    "chunk": (lambda x: list(x.chunk(2, 0)), [a]),
    "narrow": (lambda x: x.narrow(1, 1, 2), [a]),
    "slice": (lambda x: x[1:, ::2], [a]),
    "slice_negative": (lambda x: x[:, -2:], [a]),
    "select_int": (lambda x: x[1], [a]),
    "index_none_ellipsis": (lambda x: x[None, ..., 0], [batch1]),
    "index_tensor": (lambda x, i: x[i], [a, idx]),
    "index_mask": (lambda x, mk: x[mk], [a, mask]),
    "index_select": (lambda x, i: x.index_select(1, i), [a, idx]),
    "gather": (lambda x, i: x.gather(1, i), [a, gidx]),
    "scatter": (lambda x, i, s: torch.zeros(3, 4).scatter(1, i, s), [a, gidx, b]),
    "scatter_add": (lambda x, i, s: x.scatter_add(1, i, s), [a, gidx, b]),
    "masked_fill": (lambda x, mk: x.masked_fill(mk, -1.0), [a, mask]),
    "where": (lambda mk, x, y: torch.where(mk, x, y), [mask, a, b]),
    "one_hot": (lambda y: F.one_hot(y, 4), [labels]),
    "flatten": (lambda x: x.flatten(), [batch1]),
    "flatten_range": (lambda x: x.flatten(1, 2), [batch1]),
    "contiguous": (lambda x: x.t().contiguous(), [a]),
    "tril": (lambda x: x.tril(), [a]),
    "triu_offset": (lambda x: x.triu(1), [a]),
    "repeat": (lambda x: x.repeat(2, 1), [col]),
    # elementwise
    "add": (lambda x, y: x + y, [a, b]),
    "add_broadcast": (lambda x, y: x + y, [a, col]),
    "add_alpha": (lambda x, y: torch.add(x, y, alpha=2.5), [a, b]),
    "sub": (lambda x, y: x - y, [a, b]),
    "mul": (lambda x, y: x * y, [a, b]),
    "div": (lambda x, y: x / y, [a, pos]),
    "add_scalar": (lambda x: x + 1.5, [a]),
    "rsub_scalar": (lambda x: 2.0 - x, [a]),
    "rdiv_scalar": (lambda x: 3.0 / x, [pos]),
    "mul_scalar": (lambda x: x * -2.0, [a]),
    "int_add_int_scalar": (lambda x: x + 2, [ints]),
    "int_true_divide": (lambda x: x / 2, [ints]),
    "int_mul_float_scalar": (lambda x: x * 0.5, [ints]),
    "remainder": (lambda x: x % 3, [ints]),
    "pow_scalar": (lambda x: x ** 3, [a]),
    "pow_tensor": (lambda x, y: x ** y, [pos, b]),
    "neg": (lambda x: -x, [a]),
    "exp": (lambda x: x.exp(), [a]),
    "log": (lambda x: x.log(), [pos]),
    "log1p": (lambda x: x.log1p(), [pos]),
    "sqrt": (lambda x: x.sqrt(), [pos]),
    "abs": (lambda x: x.abs(), [a]),
    "clamp": (lambda x: x.clamp(-0.5, 0.5), [a]),
    "clamp_min": (lambda x: x.clamp(min=0.0), [a]),
    "clamp_max": (lambda x: x.clamp(max=0.1), [a]),
    "tanh": (lambda x: x.tanh(), [a]),
    "sigmoid": (lambda x: x.sigmoid(), [a]),
    "relu": (lambda x: x.relu(), [a]),
    "gelu": (lambda x: F.gelu(x), [a]),
    "gelu_tanh": (lambda x: F.gelu(x, approximate="tanh"), [a]),
    "square": (lambda x: x.square(), [a]),
    "reciprocal": (lambda x: x.reciprocal(), [pos]),
    "maximum": (lambda x, y: torch.maximum(x, y), [a, b]),
    "eq": (lambda x, y: x == y, [ints, ints.flip(1)]),
    "ne_scalar": (lambda x: x != 1, [ints]),
    "lt": (lambda x, y: x < y, [a, b]),
    "le_scalar": (lambda x: x <= 0.0, [a]),
    "gt": (lambda x, y: x > y, [a, b]),
    "ge_scalar": (lambda x: x >= 0.2, [a]),
    "logical_and": (lambda x, y: x.logical_and(y), [mask, b > 0]),
    # reductions
    "sum": (lambda x: x.sum(), [a]),
    "sum_dim": (lambda x: x.sum(1), [a]),
    "sum_dims_keepdim": (lambda x: x.sum((0, 2), keepdim=True), [batch1]),
    "sum_int": (lambda x: x.sum(), [ints]),
    "mean": (lambda x: x.mean(), [a]),
    "mean_dim_keepdim": (lambda x: x.mean(0, keepdim=True), [a]),
    "max": (lambda x: x.max(), [a]),
    "max_dim": (lambda x: list(x.max(1)), [a]),
    "min_dim_keepdim": (lambda x: list(x.min(0, keepdim=True)), [a]),
    "min": (lambda x: x.min(), [ints]),
    "argmax": (lambda x: x.argmax(), [a]),
    "argmax_dim": (lambda x: x.argmax(1), [a]),
    "argmin_dim": (lambda x: x.argmin(0), [a]),
    "logsumexp": (lambda x: x.logsumexp(1), [a]),
    "logsumexp_large": (lambda x: x.logsumexp(1), [big]),
    "norm": (lambda x: x.norm(), [a]),
    "norm_p1_dim": (lambda x: x.norm(1, 1), [a]),
    "var": (lambda x: x.var(), [a]),
    "var_dim": (lambda x: x.var(1), [a]),
    "var_biased": (lambda x: x.var(0, unbiased=False), [a]),
    "std": (lambda x: x.std(), [a]),
    "std_dim_keepdim": (lambda x: x.std(1, keepdim=True), [a]),
    "prod": (lambda x: x.prod(), [pos]),
    "cumsum": (lambda x: x.cumsum(1), [a]),
    "all": (lambda mk: mk.all(), [mask]),
    "any_dim": (lambda mk: mk.any(1), [mask]),
    # linear algebra and softmax
    "matmul": (lambda x, y: x.matmul(y), [a, m]),
    "matmul_vec": (lambda x, y: x.matmul(y), [a, v]),
    "matmul_batched": (lambda x, y: x.matmul(y), [batch1, batch2]),
    "mm": (lambda x, y: x.mm(y), [a, m]),
    "bmm": (lambda x, y: x.bmm(y), [batch1, batch2]),
    "softmax": (lambda x: x.softmax(1), [a]),
    "softmax_dim0": (lambda x: x.softmax(0), [a]),
    "softmax_large": (lambda x: x.softmax(1), [big]),
    "log_softmax": (lambda x: x.log_softmax(1), [a]),
    "log_softmax_large": (lambda x: x.log_softmax(1), [big]),
    "outer": (lambda x, y: torch.outer(x, y), [v, v]),
    "einsum": (lambda x, y: torch.einsum("bij,bjk->bik", x, y), [batch1, batch2]),
    # conversion
    "to_float64": (lambda x: x.to(torch.float64), [a]),
    "to_int64": (lambda x: (x * 3).to(torch.int64), [a]),
    "int32_to_float32": (lambda x: x.to(torch.float32), [i32]),
    "uint8_to_int64": (lambda x: x.to(torch.int64), [u8]),
    "bool_to_float": (lambda mk: mk.float(), [mask]),
    "clone": (lambda x: x.clone(), [a]),
    "detach": (lambda x: x.detach(), [a]),
}

NAMES = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64", torch.int32: "int32",
         torch.uint8: "uint8", torch.bool: "bool"}


def encode(t):
    t = t.detach().contiguous()
    values = t.flatten().tolist()
    if t.dtype == torch.bool:
        values = [bool(x) for x in values]
    return {"shape": list(t.shape), "dtype": NAMES[t.dtype], "data": values}


def main():
    cases = []
    for name, (fn, inputs) in CASES.items():
        out = fn(*inputs)
        outs = out if isinstance(out, list) else [out]
        cases.append({"name": name, "inputs": [encode(x) for x in inputs], "outputs": [encode(o) for o in outs]})
    json.dump({"torch": torch.__version__, "cases": cases}, sys.stdout, indent=None, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
