"""More Keras ops on torch tensors, as Keras's torch backend computes them (torch_engine/operations.py registers them):
Average (keras/src/backend/torch/numpy.py average: x cast to result_type(x, float), torch.mean over `axis` or
everything), MultiHot (backend/torch/nn.py multi_hot: the one-hot codes of int32(x), their maximum over axis 1, or 0
for a rank-1 input) and Unstack (backend/torch/core.py unstack: x.unbind(axis)).
"""

import torch


def _average(args, config):
    x = args[0]
    if not x.dtype.is_floating_point:
        x = x.to(torch.float32)  # result_type(int, float): floatx
    return torch.mean(x, config["axis"])


def calls(one_hot):
    """The op name -> call(args, config) entries; `one_hot` is operations.py's nn.one_hot."""

    def multi_hot(args, config):
        x = args[0].to(torch.int32)
        encoded = one_hot([x], dict(config, dtype=config["dtype"] or "float32"))
        return torch.amax(encoded, dim=1 if x.dim() > 1 else 0)

    return {
        "Average": _average,
        "MultiHot": multi_hot,
        "Unstack": lambda args, config: list(args[0].unbind(config["axis"])),
    }
