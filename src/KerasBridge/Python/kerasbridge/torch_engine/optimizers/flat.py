"""Optimizer slots kept in one flat buffer per kind, with a view of it per weight.

Why: on small models a step is dominated by per-operation overhead, and torch._foreach_* on the CPU runs one
kernel per weight. With every slot of a kind (all momentums, say) in one contiguous buffer, each elementwise
step of an update is one kernel over all weights. The per-weight views are what the optimizer exposes as its
slots (saving, loading, `slots()`, the trainer's _apply_skipping), so writing a view writes the buffer.

The values are the same bits as the per-weight foreach updates: the ops used on the buffers (mul, div, sqrt,
add of a scalar, maximum) are exactly rounded per element, and add with alpha (`a + alpha * b`) gives the
same result in torch's vectorized and scalar loops (fused in both), so where an element sits in the buffer
does not matter. Weights of different dtypes or devices cannot share a buffer; `Flat.of` returns None then
and the optimizer keeps its per-weight foreach update.
"""

import torch


class Flat:
    """The layout of a list of weights in one flat buffer: sizes and shapes, a buffer for the gradients and
    one for a step, each with its per-weight views."""

    def __init__(self, params):
        self.shapes = [p.shape for p in params]
        self.sizes = [p.numel() for p in params]
        self._like = params[0]
        self.grad = self.zeros()
        self.step, self.step_views = self.zeros_with_views()

    @staticmethod
    def of(params):
        """A Flat for params, or None when they cannot share one buffer (none, or mixed dtypes/devices)."""
        if not params:
            return None
        first = params[0]
        if any(p.dtype != first.dtype or p.device != first.device for p in params):
            return None
        return Flat(params)

    def zeros(self):
        return self._like.new_zeros(sum(self.sizes))

    def zeros_with_views(self):
        """A zero buffer and its per-weight views, shaped like the weights."""
        flat = self.zeros()
        return flat, [view.view(shape) for view, shape in zip(flat.split(self.sizes), self.shapes)]

    def gather(self, tensors):
        """The tensors (one per weight, e.g. the gradients) copied into the flat gradient buffer."""
        return torch.cat([t.reshape(-1) for t in tensors], out=self.grad)
