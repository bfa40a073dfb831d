"""TimeDistributed on torch tensors: applies any supported layer to every time step.

As Keras does, the time axis is moved first and the wrapped layer is called once per step, the
outputs stacked (so a wrapped BatchNormalization or Dropout sees each step on its own, exactly as in
Keras). The wrapped layer owns the variables; Keras's weight files keep them in the wrapper's
'layer' sub-group (variable_groups below says so to model_files).

Sources: keras/src/layers/rnn/time_distributed.py, keras/src/layers/core/wrapper.py.
"""

import torch

from kerasbridge.torch_engine.layers import Layer
from kerasbridge.torch_engine.masking import call_takes_mask
from kerasbridge.torch_engine.serialization import shape_to_json


class TimeDistributed(Layer):
    class_name = "TimeDistributed"
    has_build_config = True

    def __init__(self, config):
        super().__init__(config, {"layer": None})
        entry = self.options["layer"]
        if not isinstance(entry, dict) or "class_name" not in entry:
            raise ValueError(f"{self.label}: 'layer' must be a serialized Keras layer; got {entry!r}.")
        from kerasbridge.torch_engine.registry import layer_from_config  # the registry imports this module

        self.layer = layer_from_config(entry)
        if not isinstance(self.layer, Layer):
            raise ValueError(f"{self.label}: cannot wrap a {entry.get('class_name')} layer.")
        if not self.trainable:
            self.layer.trainable = False

    def _child_shape(self, input_shape):
        if len(input_shape) < 3:
            raise ValueError(
                f"{self.label} needs an input of rank 3 or more (batch, time, ...); got {shape_to_json(input_shape)}."
            )
        return (input_shape[0],) + tuple(input_shape[2:])

    def compute_output_shape(self, input_shape):
        child = self.layer.compute_output_shape(self._child_shape(input_shape))
        return (child[0], input_shape[1]) + tuple(child[1:])

    def build(self, input_shape, device):
        if not self.layer.built:
            self.layer.build(self._child_shape(input_shape), device)
        self.variables = self.layer.variables
        super().build(input_shape, device)

    def variable_groups(self):
        """(sub-group of the weights file, its owner's name, variables): none of its own, the wrapped
        layer's under `layer/` (and deeper when that layer has sub-groups too)."""
        inner = getattr(self.layer, "variable_groups", None)
        groups = inner() if inner is not None else [("", self.layer.name, self.layer.variables)]
        return [("", self.name, [])] + [(f"layer/{group}" if group else "layer", owner, variables)
                                        for group, owner, variables in groups]

    def call(self, x, training, mask=None):
        steps = x.transpose(0, 1)
        if mask is not None and call_takes_mask(self.layer):  # time_distributed.py: step i gets mask[:, i]
            outputs = [self.layer.call(steps[i], training, mask=mask[:, i]) for i in range(steps.shape[0])]
        else:
            outputs = [self.layer.call(steps[i], training) for i in range(steps.shape[0])]
        return torch.stack(outputs).transpose(0, 1)

    def layer_config(self):
        return {"layer": self.layer.serialize()}


WRAPPER_CLASSES = (TimeDistributed,)
