#!/usr/bin/python3
"""Golden values for Research.Torch's nn modules, functional losses and initialisers (python3-torch).

    /usr/bin/python3 tests/goldens/make_nn_goldens.py > tests/goldens/nn.json

Three kinds of case:
  forward:    a module's state dict, its inputs and outputs (and, after a training-mode forward, its state);
  init:       the state dict right after torch.manual_seed(seed) and construction (same draws in the kit);
  functional: a torch.nn.functional call on inputs.
tests/Research.Torch.Tests/ModuleGoldenTests.cs holds the C# side of each case under the same name.
"""
import json
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

NAMES = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64", torch.bool: "bool", torch.uint8: "uint8"}


def enc(t):
    t = t.detach().contiguous()
    values = t.flatten().tolist()
    if t.dtype == torch.bool:
        values = [bool(x) for x in values]
    elif t.is_floating_point():
        # JSON has no infinities: non-finite values are written as the strings "inf", "-inf", "nan".
        values = [x if x == x and abs(x) != float("inf") else str(x) for x in values]
    return {"shape": list(t.shape), "dtype": NAMES[t.dtype], "data": values}


def flat(out):
    if isinstance(out, torch.Tensor):
        return [out]
    result = []
    for o in out:
        result.extend(flat(o) if o is not None else [])
    return result


def gen(seed, *shape):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=g)


CASES = []


def forward(name, make, inputs, call=None, train=False, seed=0, state_after=False):
    torch.manual_seed(seed + 100)
    m = make()
    m.train(train)
    state = {k: enc(v) for k, v in m.state_dict().items()}
    torch.manual_seed(seed)
    out = flat(call(m, *inputs) if call else m(*inputs))
    case = {"name": name, "kind": "forward", "train": train, "seed": seed, "state": state,
            "inputs": [enc(x) for x in inputs], "outputs": [enc(o) for o in out]}
    if state_after:
        case["state_after"] = {k: enc(v) for k, v in m.state_dict().items()}
    CASES.append(case)


def init(name, make, seed):
    torch.manual_seed(seed)
    m = make()
    CASES.append({"name": name, "kind": "init", "seed": seed, "state": {k: enc(v) for k, v in m.state_dict().items()}})


def functional(name, fn, inputs):
    CASES.append({"name": name, "kind": "functional", "inputs": [enc(x) for x in inputs], "outputs": [enc(o) for o in flat(fn(*inputs))]})


x45 = gen(1, 4, 5)
img = gen(2, 2, 2, 5, 5)
seq = gen(3, 6, 3, 4)          # [T, N, I]
seq_bf = gen(4, 3, 6, 4)       # [N, T, I]
tokens = torch.tensor([[1, 0, 3], [4, 4, 0]])
feat = gen(5, 6, 3)
feat3 = gen(6, 4, 3, 5)
att = gen(7, 5, 2, 8)          # [L, N, E]
mem = gen(8, 4, 2, 8)

forward("linear", lambda: nn.Linear(5, 3), [x45])
forward("linear_nobias", lambda: nn.Linear(5, 3, bias=False), [x45])
forward("embedding_padding", lambda: nn.Embedding(6, 4, padding_idx=0), [tokens])
forward("conv2d_pad", lambda: nn.Conv2d(2, 3, 3, padding=1), [img])
forward("conv2d_stride", lambda: nn.Conv2d(2, 4, 2, stride=2, bias=False), [img])
forward("batchnorm1d_train", lambda: nn.BatchNorm1d(3), [feat], train=True, state_after=True)
forward("batchnorm1d_eval", lambda: nn.BatchNorm1d(3), [feat])
forward("batchnorm1d_3d_train", lambda: nn.BatchNorm1d(3), [feat3], train=True, state_after=True)
forward("batchnorm2d_train", lambda: nn.BatchNorm2d(2), [img], train=True, state_after=True)
forward("layernorm", lambda: nn.LayerNorm(5), [feat3])
forward("dropout_train", lambda: nn.Dropout(0.3), [x45], train=True, seed=11)
forward("dropout_eval", lambda: nn.Dropout(0.3), [x45])
forward("relu", lambda: nn.ReLU(), [x45])
forward("gelu", lambda: nn.GELU(), [x45])
forward("tanh", lambda: nn.Tanh(), [x45])
forward("sigmoid", lambda: nn.Sigmoid(), [x45])
forward("silu", lambda: nn.SiLU(), [x45])
forward("leaky_relu", lambda: nn.LeakyReLU(0.2), [x45])
forward("softmax", lambda: nn.Softmax(1), [x45])
forward("log_softmax", lambda: nn.LogSoftmax(1), [x45])
forward("flatten", lambda: nn.Flatten(), [img])
forward("maxpool2d", lambda: nn.MaxPool2d(2), [img])
forward("maxpool2d_stride_pad", lambda: nn.MaxPool2d(3, stride=2, padding=1), [img])
forward("avgpool2d", lambda: nn.AvgPool2d(2), [img])
forward("adaptive_avgpool2d", lambda: nn.AdaptiveAvgPool2d(2), [img])
forward("sequential", lambda: nn.Sequential(nn.Linear(5, 7), nn.ReLU(), nn.Linear(7, 2)), [x45])
forward("rnn_tanh", lambda: nn.RNN(4, 5, num_layers=2), [seq])
forward("rnn_batch_first_h0", lambda: nn.RNN(4, 5, batch_first=True), [seq_bf, gen(9, 1, 3, 5)],
        call=lambda m, x, h: m(x, h))
forward("gru", lambda: nn.GRU(4, 5, num_layers=2), [seq])
forward("lstm", lambda: nn.LSTM(4, 5, num_layers=2), [seq])
forward("lstm_state", lambda: nn.LSTM(4, 5), [seq, gen(10, 1, 3, 5), gen(11, 1, 3, 5)],
        call=lambda m, x, h, c: m(x, (h, c)))
forward("lstm_bidirectional_batch_first", lambda: nn.LSTM(4, 3, num_layers=2, batch_first=True, bidirectional=True), [seq_bf])
forward("mha", lambda: nn.MultiheadAttention(8, 2), [att],
        call=lambda m, x: m(x, x, x))
causal = torch.triu(torch.full((5, 5), float("-inf")), diagonal=1)
padding = torch.tensor([[False, False, False, True, True], [False, False, False, False, False]])
forward("mha_masks", lambda: nn.MultiheadAttention(8, 2), [att, causal, padding],
        call=lambda m, x, am, kpm: m(x, x, x, key_padding_mask=kpm, attn_mask=am, average_attn_weights=False))
forward("mha_cross_batch_first", lambda: nn.MultiheadAttention(8, 4, batch_first=True),
        [att.transpose(0, 1).contiguous(), mem.transpose(0, 1).contiguous()],
        call=lambda m, q, kv: m(q, kv, kv))
forward("encoder_layer", lambda: nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0), [att, padding],
        call=lambda m, x, kpm: m(x, src_key_padding_mask=kpm))
forward("encoder_layer_norm_first_gelu", lambda: nn.TransformerEncoderLayer(8, 2, 16, 0.0, activation="gelu", norm_first=True), [att, causal],
        call=lambda m, x, am: m(x, src_mask=am))
forward("decoder_layer", lambda: nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, dropout=0.0), [att, mem, causal],
        call=lambda m, t, mm, am: m(t, mm, tgt_mask=am))

init("init_linear", lambda: nn.Linear(5, 3), 21)
init("init_embedding", lambda: nn.Embedding(7, 3, padding_idx=2), 22)
init("init_conv2d", lambda: nn.Conv2d(2, 3, 3), 23)
init("init_lstm", lambda: nn.LSTM(4, 5, num_layers=2), 24)
init("init_gru", lambda: nn.GRU(3, 4), 25)

logits = gen(30, 4, 5)
labels = torch.tensor([0, 3, 4, 1])
labels_ignored = torch.tensor([0, -100, 4, 1])
probs = F.softmax(gen(31, 4, 5), 1)
weights = torch.tensor([1.0, 2.0, 0.5, 1.0, 3.0])
seg_logits = gen(32, 2, 5, 3)
seg_labels = torch.tensor([[0, 2, 4], [1, 1, 3]])
target = gen(33, 4, 5)
binary = (gen(34, 4, 5) > 0).float()
functional("cross_entropy", lambda x, y: F.cross_entropy(x, y), [logits, labels])
functional("cross_entropy_weight_sum", lambda x, y, w: F.cross_entropy(x, y, weight=w, reduction="sum"), [logits, labels, weights])
functional("cross_entropy_ignore_index", lambda x, y: F.cross_entropy(x, y), [logits, labels_ignored])
functional("cross_entropy_label_smoothing", lambda x, y: F.cross_entropy(x, y, label_smoothing=0.1), [logits, labels])
functional("cross_entropy_none", lambda x, y: F.cross_entropy(x, y, reduction="none"), [logits, labels])
functional("cross_entropy_probabilities", lambda x, p: F.cross_entropy(x, p), [logits, probs])
functional("cross_entropy_spatial", lambda x, y: F.cross_entropy(x, y), [seg_logits, seg_labels])
functional("nll_loss", lambda x, y: F.nll_loss(F.log_softmax(x, 1), y), [logits, labels])
functional("kl_div_mean", lambda x, p: F.kl_div(F.log_softmax(x, 1), p, reduction="mean"), [logits, probs])
functional("kl_div_batchmean", lambda x, p: F.kl_div(F.log_softmax(x, 1), p, reduction="batchmean"), [logits, probs])
functional("kl_div_log_target_sum", lambda x, p: F.kl_div(F.log_softmax(x, 1), p.log(), reduction="sum", log_target=True), [logits, probs])
functional("mse_loss", lambda x, t: F.mse_loss(x, t), [logits, target])
functional("l1_loss_sum", lambda x, t: F.l1_loss(x, t, reduction="sum"), [logits, target])
functional("bce_with_logits", lambda x, t: F.binary_cross_entropy_with_logits(x, t), [logits, binary])
functional("bce_with_logits_pos_weight", lambda x, t, w: F.binary_cross_entropy_with_logits(x, t, pos_weight=w), [logits, binary, weights])
functional("pad_constant", lambda x: F.pad(x, (1, 2), value=0.5), [x45])
functional("pad_reflect", lambda x: F.pad(x, (1, 1, 2, 0), mode="reflect"), [img])
functional("pad_replicate", lambda x: F.pad(x, (2, 0, 1, 1), mode="replicate"), [img])
functional("normalize", lambda x: F.normalize(x, dim=1), [x45])
functional("normalize_p1_dim0", lambda x: F.normalize(x, p=1.0, dim=0), [x45])
functional("cosine_similarity", lambda a, b: F.cosine_similarity(a, b), [logits, target])
functional("one_hot", lambda y: F.one_hot(y, 5), [labels])

json.dump({"torch": torch.__version__, "cases": CASES}, sys.stdout, separators=(",", ":"))
sys.stdout.write("\n")
