"""Keras's SpectralNormalization wrapper on torch tensors (keras/src/layers/normalization/spectral_normalization.py,
keras/src/layers/core/wrapper.py).

The wrapped layer keeps its variables; the wrapper adds `vector_u` (1, kernel.shape[-1]), TruncatedNormal(stddev
0.02), not trainable. In training, before the wrapped layer runs, `power_iterations` rounds of
v = normalize(u W^T), u = normalize(v W) (W the kernel as (-1, units); normalize: x * min(rsqrt(sum x^2), 1/eps),
keras/src/ops/nn.py _normalize over all axes) give sigma = (v W) u^T, and Keras assigns kernel / sigma to the kernel
and u to vector_u (no gradient through them; an all-zero kernel is left as it is). Inference runs the wrapped layer
on the stored kernel.

Keras tracks the kernel twice: as the wrapper's own variable (its attribute `self.kernel`) and as the wrapped layer's.
Its weights list it once (kernel, vector_u, then the wrapped layer's others); its weight files store it in both
groups: the wrapper's vars [kernel, vector_u] and layer/vars [kernel, bias] (variable_groups below).
"""

import torch

from kerasbridge.torch_engine import initializers
from kerasbridge.torch_engine.layers import Layer

_EPSILON = 1e-7  # keras.config.epsilon()


def _normalize(x):
    """ops.nn.normalize(x, axis=None): x * min(rsqrt(sum(x^2)), 1 / epsilon)."""
    inv_norm = torch.rsqrt(torch.sum(torch.square(x), dim=(0, 1), keepdim=True))
    return x * torch.clamp(inv_norm, max=1.0 / _EPSILON)


class SpectralNormalization(Layer):
    class_name = "SpectralNormalization"
    has_build_config = True

    def __init__(self, config):
        super().__init__(config, {"layer": None, "power_iterations": 1})
        entry = self.options["layer"]
        if not isinstance(entry, dict) or "class_name" not in entry:
            raise ValueError(f"{self.label}: 'layer' must be a serialized Keras layer; got {entry!r}.")
        iterations = self.options["power_iterations"]
        if not isinstance(iterations, int) or isinstance(iterations, bool) or iterations <= 0:
            raise ValueError(f"{self.label}: 'power_iterations' must be an int > 0; got {iterations!r}.")
        self.power_iterations = iterations
        from kerasbridge.torch_engine.registry import layer_from_config  # the registry imports this module

        self.layer = layer_from_config(entry)
        if not isinstance(self.layer, Layer):
            raise ValueError(f"{self.label}: cannot wrap a {entry.get('class_name')} layer.")
        if not self.trainable:
            self.layer.trainable = False
        self.supports_masking = False  # Keras's Wrapper keeps Layer's default; its call() takes no mask
        self.kernel_variable = self.vector_u = None

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)

    def build(self, input_shape, device):
        if not self.layer.built:
            self.layer.build(tuple(input_shape), device)
        # SpectralNormalization.build: the wrapped layer's `kernel`, else its `embeddings`, owned by the layer itself.
        own = not hasattr(self.layer, "variable_groups") and not getattr(self.layer, "variable_paths", None)
        found = {v.name: v for v in self.layer.variables} if own else {}
        kernel = found.get("kernel") or found.get("embeddings")
        if kernel is None:
            raise ValueError(f"{self.label}: the wrapped layer {self.layer.label} has no variable 'kernel' nor "
                             f"'embeddings' of its own to normalize.")
        self.kernel_variable = kernel
        self.variables = [kernel]
        self.vector_u = self._add_variable("vector_u", (1, kernel.value.shape[-1]),
                                           initializers.TruncatedNormal(stddev=0.02), False, device)
        self.variables += [v for v in self.layer.variables if v is not kernel]
        super().build(input_shape, device)

    def variable_groups(self):
        """The wrapper's vars [kernel, vector_u], then the wrapped layer's under `layer/` (kernel again)."""
        return [("", self.name, self.variables[:2]), ("layer", self.layer.name, self.layer.variables)]

    def normalize_kernel(self):
        """normalized_weights() assigned as Keras's training call does: vector_u and kernel / sigma."""
        kernel = self.kernel_variable.value
        with torch.no_grad():
            if bool(torch.all(kernel == 0)):
                return
            weights = kernel.reshape(-1, kernel.shape[-1])
            u = self.vector_u
            for _ in range(self.power_iterations):
                v = _normalize(torch.matmul(u, weights.t()))
                u = _normalize(torch.matmul(v, weights))
            sigma = torch.matmul(torch.matmul(v, weights), u.t())
            new_kernel = (kernel / sigma).reshape(kernel.shape)
            self.vector_u.copy_(u)
            kernel.copy_(new_kernel)

    def call(self, x, training):
        if training:
            self.normalize_kernel()
        return self.layer.call(x, training)

    def layer_config(self):
        return {"layer": self.layer.serialize(), "power_iterations": self.power_iterations}


SPECTRAL_NORMALIZATION_CLASSES = (SpectralNormalization,)
