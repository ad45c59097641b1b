#!/usr/bin/python3
"""The PyTorch side of the state-dict cross-test, with Debian's python3-torch: the word-level language model of
PyTorch's word_language_model example (embedding, nn.LSTM, linear decoder tied to the embedding), whose state-dict
keys the kit's LstmLanguageModel shares.

    /usr/bin/python3 torch_state_dict_peer.py read FILE   -> torch.load(FILE), load_state_dict(strict=True) into the model
    /usr/bin/python3 torch_state_dict_peer.py write FILE  -> torch.save(state_dict) of a seeded model to FILE
Both print JSON: {"tensors": {name: {dtype, shape, data}} of the loaded or saved dict, "logits": the model's
eval-mode logits on INPUT, time-major [T*N, V]}.
"""
import json
import sys

import torch
from torch import nn

VOCABULARY, EMBEDDING, HIDDEN, LAYERS = 7, 3, 3, 2
INPUT = [[1, 2], [3, 4], [5, 6]]  # [T, N] word ids


class RNNModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Embedding(VOCABULARY, EMBEDDING)
        self.rnn = nn.LSTM(EMBEDDING, HIDDEN, LAYERS)
        self.decoder = nn.Linear(HIDDEN, VOCABULARY)
        self.decoder.weight = self.encoder.weight  # tied (Inan et al.; Press and Wolf)

    def forward(self, ids):
        output, _ = self.rnn(self.encoder(ids))
        return self.decoder(output).view(-1, VOCABULARY)


def describe(state, model):
    model.eval()
    with torch.no_grad():
        logits = model(torch.tensor(INPUT))
    return {"tensors": {k: {"dtype": str(v.dtype).replace("torch.", ""), "shape": list(v.shape),
                            "data": v.double().flatten().tolist()} for k, v in state.items()},
            "logits": logits.double().flatten().tolist()}


if __name__ == "__main__":
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "read":
        state = torch.load(path)
        model = RNNModel()
        model.load_state_dict(state, strict=True)
    else:
        torch.manual_seed(5)
        model = RNNModel()
        state = model.state_dict()
        torch.save(state, path)
    print(json.dumps(describe(state, model)))
