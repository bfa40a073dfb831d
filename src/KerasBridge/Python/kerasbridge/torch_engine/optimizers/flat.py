"""Where an optimizer keeps its slots: one flat buffer per kind of slot, with a view of it per weight.

Why: on small models a step is dominated by per-operation overhead, and torch._foreach_* on the CPU runs one
kernel per weight. With every slot of a kind (all momentums, say) in one contiguous buffer, each line of an
update is one kernel for all weights. The per-weight views are what the optimizer exposes as its slots
(saving, loading, `slots()`, the trainer's _apply_skipping), so writing a view writes the buffer.

Weights of different dtypes or devices cannot share a buffer, so the weights are split into groups, one per
(dtype, device), each with its own buffers; an optimizer runs its update once per group (almost always one).

The values are the same bits as Keras's per-weight foreach update: the elementwise ops the update uses (mul,
div, sqrt, add of a scalar, maximum) are exactly rounded per element, and add with alpha (`a + alpha * b`)
gives the same result in torch's vectorized and scalar loops (fused in both), so where an element sits in a
buffer does not change its value.
"""

import torch


class Group:
    """Weights of one dtype and device: their flat gradient and step buffers, and the step's per-weight views."""

    def __init__(self, params, indices):
        self.indices = indices  # positions of these weights in the optimizer's list
        self.params = [params[i] for i in indices]
        self._shapes = [p.shape for p in self.params]
        self._sizes = [p.numel() for p in self.params]
        self.grad = self.zeros()
        self.step, self._step_views = self.zeros_with_views()

    def zeros(self):
        return self.params[0].new_zeros(sum(self._sizes))

    def zeros_with_views(self):
        """A zero buffer and its per-weight views, shaped like the weights."""
        flat = self.zeros()
        return flat, [view.view(shape) for view, shape in zip(flat.split(self._sizes), self._shapes)]

    def gather(self, grads):
        """This group's gradients (grads: one per weight of the optimizer) copied into the flat gradient buffer."""
        return torch.cat([grads[i].reshape(-1) for i in self.indices], out=self.grad)

    def add_step(self, alpha):
        """weights += alpha * self.step, weight by weight through the step's views."""
        torch._foreach_add_(self.params, self._step_views, alpha=alpha)


class Layout:
    """The groups of an optimizer's weights (in order of first appearance)."""

    def __init__(self, params):
        by_kind = {}
        for i, p in enumerate(params):
            by_kind.setdefault((p.dtype, p.device), []).append(i)
        self.groups = [Group(params, indices) for indices in by_kind.values()]
        self._count = len(params)

    def slot(self):
        """A new zero slot: (one flat buffer per group, the per-weight views in the weights' order)."""
        buffers, views = [], [None] * self._count
        for group in self.groups:
            flat, group_views = group.zeros_with_views()
            buffers.append(flat)
            for i, view in zip(group.indices, group_views):
                views[i] = view
        return buffers, views
