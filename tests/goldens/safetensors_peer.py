#!/usr/bin/python3
"""The Python side of the safetensors cross-test, with Debian's python3-torch only (Debian ships no
`safetensors` package, so the format is read and written here from its specification: an 8-byte
little-endian header length, a JSON header of {name: {dtype, shape, data_offsets}} and "__metadata__",
then the raw little-endian data).

    /usr/bin/python3 safetensors_peer.py read FILE    -> prints {name: {dtype, shape, data}} and the metadata as JSON
    /usr/bin/python3 safetensors_peer.py write FILE   -> writes the reference tensors below and prints them as JSON
"""
import json
import struct
import sys

import torch

DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "I64": torch.int64,
          "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8, "BOOL": torch.bool}
CODES = {v: k for k, v in DTYPES.items()}


def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    data = raw[8 + n:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        flat = torch.frombuffer(bytearray(data[begin:end]), dtype=DTYPES[info["dtype"]]) if end > begin else torch.empty(0, dtype=DTYPES[info["dtype"]])
        tensors[name] = flat.reshape(info["shape"])
    return tensors, header.get("__metadata__", {})


def write(path, tensors, metadata):
    header, chunks, offset = {"__metadata__": metadata}, [], 0
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        blob = t.numpy().tobytes() if t.dtype != torch.bfloat16 else t.view(torch.int16).numpy().tobytes()
        header[name] = {"dtype": CODES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        chunks.append(blob)
        offset += len(blob)
    encoded = json.dumps(header).encode()
    encoded += b" " * ((8 - len(encoded) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)) + encoded + b"".join(chunks))


def describe(tensors, metadata):
    return {"tensors": {k: {"dtype": CODES[v.dtype], "shape": list(v.shape), "data": v.double().flatten().tolist()}
                        for k, v in tensors.items()}, "metadata": metadata}


def reference():
    torch.manual_seed(5)
    return {"encoder.weight": torch.randn(3, 4), "encoder.bias": torch.randn(4, dtype=torch.float64),
            "counts": torch.tensor([1, -2, 3], dtype=torch.int64), "mask": torch.tensor([[True, False], [False, True]]),
            "small": torch.tensor([7, 200], dtype=torch.uint8), "ids": torch.tensor([5, -6], dtype=torch.int32),
            "scalar": torch.tensor(2.5)}, {"format": "pt", "epoch": "3"}


if __name__ == "__main__":
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "read":
        print(json.dumps(describe(*read(path))))
    else:
        tensors, metadata = reference()
        write(path, tensors, metadata)
        print(json.dumps(describe(tensors, metadata)))
