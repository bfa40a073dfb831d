"""Keras's merge layers on torch tensors: Add, Subtract, Multiply, Average, Maximum, Minimum,
Concatenate, Dot (keras/src/layers/merging/*.py, keras/src/backend/torch/numpy.py).

A merge layer is called on a list of tensors; `build` and `compute_output_shape` take a list of
shapes. The arithmetic is Keras's: the inputs are folded left to right with one binary op each
(Average divides the sum by the count at the end); Dot is keras.layers.merging.dot.batch_dot
(expand to rank 3, transpose the summed axes into place, matmul, squeeze), with
keras.ops.normalize (x * min(rsqrt(sum(x^2)), 1/epsilon)) first when normalize=True.
Inputs of different ranks (which Keras expands at axis 1) are refused.
"""

import torch

from kerasbridge.model_files.layer_shapes import elementwise_merge_shape
from kerasbridge.torch_engine.layers import Layer
from kerasbridge.torch_engine.serialization import keras_object, shape_to_json

_EPSILON = 1e-7  # keras.config.epsilon()


class Merge(Layer):
    has_build_config = True
    _OPTIONS = {}
    min_inputs = 1

    def __init__(self, config):
        super().__init__(config, self._OPTIONS)

    def _check_list(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or not input_shape or not isinstance(input_shape[0], (list, tuple)):
            raise ValueError(f"{self.label}: a merge layer must be called on a list of tensors; got shape {input_shape!r}.")
        if len(input_shape) < self.min_inputs:
            raise ValueError(f"{self.label} needs at least {self.min_inputs} inputs; got {len(input_shape)}.")

    def build(self, input_shape, device):
        self._check_list(input_shape)
        self.input_shape = [tuple(s) for s in input_shape]
        self.output_shape = self.compute_output_shape(self.input_shape)
        self.built = True

    def serialize(self):
        entry = keras_object("keras.layers", self.class_name, self.get_config())
        if self.built:
            entry["build_config"] = {"input_shape": [shape_to_json(s) for s in self.input_shape]}
        return entry

    def compute_output_shape(self, input_shape):
        # Keras's Merge.compute_output_shape with _compute_elemwise_op_output_shape (same ranks only).
        ranks = {len(s) for s in input_shape}
        if len(ranks) != 1:
            raise ValueError(
                f"{self.label}: inputs of different ranks are not supported by the PyTorch engine; got shapes "
                f"{', '.join(str(shape_to_json(s)) for s in input_shape)}.")
        out = elementwise_merge_shape(input_shape)
        if out is None:
            raise ValueError(
                f"{self.label}: inputs must have equal shapes (or broadcastable ones); got shapes "
                f"{', '.join(str(shape_to_json(s)) for s in input_shape)}.")
        return out

    def call(self, inputs, training):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(f"{self.label}: a merge layer must be called on a list of tensors.")
        return self._merge(list(inputs))


def _fold(op, inputs):
    """Keras's _merge_function: the inputs folded left to right with one binary op each."""
    output = inputs[0]
    for x in inputs[1:]:
        output = op(output, x)
    return output


class Add(Merge):
    class_name = "Add"

    def _merge(self, inputs):
        return _fold(torch.add, inputs)


class Subtract(Merge):
    class_name = "Subtract"
    min_inputs = 2

    def build(self, input_shape, device):
        if isinstance(input_shape, (list, tuple)) and len(input_shape) != 2:
            raise ValueError(f"{self.label}: a Subtract layer must be called on exactly 2 inputs; got {len(input_shape)}.")
        super().build(input_shape, device)

    def _merge(self, inputs):
        return torch.subtract(inputs[0], inputs[1])


class Multiply(Merge):
    class_name = "Multiply"

    def _merge(self, inputs):
        return _fold(torch.multiply, inputs)


class Average(Merge):
    class_name = "Average"

    def _merge(self, inputs):
        return _fold(torch.add, inputs) / len(inputs)


class Maximum(Merge):
    class_name = "Maximum"

    def _merge(self, inputs):
        return _fold(torch.maximum, inputs)


class Minimum(Merge):
    class_name = "Minimum"

    def _merge(self, inputs):
        return _fold(torch.minimum, inputs)


class Concatenate(Merge):
    class_name = "Concatenate"
    _OPTIONS = {"axis": -1}

    def __init__(self, config):
        super().__init__(config)
        axis = self.options["axis"]
        if not isinstance(axis, int) or isinstance(axis, bool):
            raise ValueError(f"{self.label}: 'axis' must be an int; got {axis!r}.")
        self.axis = axis

    def compute_output_shape(self, input_shape):
        rank = len(input_shape[0])
        if any(len(s) != rank for s in input_shape) or not -rank <= self.axis < rank:
            raise ValueError(
                f"{self.label}: inputs must have the same rank and a valid axis {self.axis}; got shapes "
                f"{', '.join(str(shape_to_json(s)) for s in input_shape)}.")
        axis = self.axis % rank
        out = list(input_shape[0])
        for shape in input_shape[1:]:
            for i in range(rank):
                if i == axis:
                    out[i] = None if out[i] is None or shape[i] is None else out[i] + shape[i]
                elif i > 0 and out[i] is not None and shape[i] is not None and out[i] != shape[i]:
                    raise ValueError(
                        f"{self.label} requires inputs with matching shapes except for the concatenation axis "
                        f"{self.axis}; got shapes {', '.join(str(shape_to_json(s)) for s in input_shape)}.")
                elif out[i] is None:
                    out[i] = shape[i]
        return tuple(out)

    def _merge(self, inputs):
        return torch.cat(inputs, dim=self.axis)

    def layer_config(self):
        return {"axis": self.axis}


def _normalize(x, axis):
    square_sum = torch.sum(torch.square(x), dim=axis, keepdim=True)
    inv_norm = torch.minimum(torch.rsqrt(square_sum), torch.tensor(1.0 / _EPSILON, dtype=x.dtype, device=x.device))
    return x * inv_norm


class Dot(Merge):
    class_name = "Dot"
    _OPTIONS = {"axes": None, "normalize": False}
    min_inputs = 2

    def __init__(self, config):
        super().__init__(config)
        axes = self.options["axes"]
        if isinstance(axes, (list, tuple)) and len(axes) == 2 and all(isinstance(a, int) and not isinstance(a, bool) for a in axes):
            axes = list(axes)
        elif not isinstance(axes, int) or isinstance(axes, bool):
            raise ValueError(f"{self.label}: 'axes' must be an int or a list of 2 ints; got {axes!r}.")
        self.axes = axes
        self.normalize = bool(self.options["normalize"])

    def _axes_for(self, rank1, rank2):
        if isinstance(self.axes, int):
            if self.axes < 0:
                return [self.axes % rank1, self.axes % rank2]
            return [self.axes, self.axes]
        return [a % r if a < 0 else a for a, r in zip(self.axes, (rank1, rank2))]

    def compute_output_shape(self, input_shape):
        if len(input_shape) != 2:
            raise ValueError(f"{self.label}: a Dot layer must be called on exactly 2 inputs; got {len(input_shape)}.")
        shape1, shape2 = list(input_shape[0]), list(input_shape[1])
        if len(shape1) < 2 or len(shape2) < 2:
            raise ValueError(f"{self.label}: inputs must have rank 2 or more (batch axis included).")
        a1, a2 = self._axes_for(len(shape1), len(shape2))
        if 0 in (a1, a2) or a1 >= len(shape1) or a2 >= len(shape2):
            raise ValueError(f"{self.label}: axes {self.axes} are not valid for shapes {shape1} and {shape2}.")
        if shape1[a1] is not None and shape2[a2] is not None and shape1[a1] != shape2[a2]:
            raise ValueError(
                f"{self.label}: incompatible input shapes: axis values {shape1[a1]} (at axis {a1}) != "
                f"{shape2[a2]} (at axis {a2}); got shapes {shape_to_json(shape1)} and {shape_to_json(shape2)}.")
        shape1.pop(a1)
        shape2.pop(a2)
        shape2.pop(0)
        out = shape1 + shape2
        if len(out) == 1:
            out += [1]
        return tuple(out)

    def _merge(self, inputs):
        x, y = inputs
        a0, a1 = self._axes_for(x.dim(), y.dim())
        if self.normalize:
            x = _normalize(x, a0)
            y = _normalize(y, a1)
        return _batch_dot(x, y, a0, a1)

    def layer_config(self):
        return {"axes": self.axes, "normalize": self.normalize}


def _batch_dot(x, y, a0, a1):
    """keras/src/layers/merging/dot.py batch_dot, step for step."""
    x_ndim, y_ndim = x.dim(), y.dim()
    orig_x_ndim, orig_y_ndim = x_ndim, y_ndim
    if x_ndim == 2:
        x = x.unsqueeze(1)
        a0 += 1
        x_ndim += 1
    if y_ndim == 2:
        y = y.unsqueeze(2)
        y_ndim += 1
    if a0 != x_ndim - 1:
        pattern = list(range(x_ndim))
        for i in range(a0, x_ndim - 1):
            pattern[i] = pattern[i + 1]
        pattern[-1] = a0
        x = x.permute(pattern)
    if a1 != 1:
        pattern = list(range(y_ndim))
        for i in range(a1, 1, -1):
            pattern[i] = pattern[i - 1]
        pattern[1] = a1
        y = y.permute(pattern)
    x_squashed = y_squashed = False
    if x_ndim > 3:
        x_mid_dims = tuple(x.shape[1:-1])
        x = x.reshape(x.shape[0], -1, x.shape[-1])
        x_squashed = True
    if y_ndim > 3:
        y_trail_dims = tuple(y.shape[2:])
        y = y.reshape(y.shape[0], y.shape[1], -1)
        y_squashed = True
    result = torch.matmul(x, y)
    output_shape = tuple(result.shape)
    if x_squashed or y_squashed:
        if x_squashed:
            output_shape = output_shape[:1] + x_mid_dims + output_shape[-1:]
        if y_squashed:
            output_shape = output_shape[:-1] + y_trail_dims
        result = result.reshape(output_shape)
    if orig_x_ndim == 2:
        result = result.squeeze(1)
    elif orig_y_ndim == 2:
        result = result.squeeze(-1)
    return result


MERGE_CLASSES = (Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot)
