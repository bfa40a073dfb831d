"""Keras's EinsumDense on torch tensors (keras/src/layers/core/einsum_dense.py).

`einsum(equation, x, kernel) (+ bias) (-> activation)`, the kernel and bias shapes worked out from the
equation, the input shape and the partial `output_shape` as `_analyze_einsum_string` does (equations
"ab,bc->ac", "...ab,bc->...ac" and "ab...,bc->ac..."). A VarianceScaling kernel initializer (glorot_uniform,
...) without axes gets the kernel's input and output axes for its fans, as Keras's build gives it
(`_update_kernel_initializer`); the config keeps the initializer as given. Refused: quantization and LoRA
(non-null quantization_config, lora_rank).
"""

import copy
import re

import torch

from kerasbridge.torch_engine import activations, initializers
from kerasbridge.torch_engine.layers import Layer, _options_must_be_null
from kerasbridge.torch_engine.serialization import shape_to_json


def _fail(label, problem):
    raise ValueError(f"{label}: {problem}")


def split_equation(equation, label):
    """(input spec, weight spec, output spec, left_elided) of an EinsumDense equation, as Keras matches it."""
    if not isinstance(equation, str):
        _fail(label, f"'equation' must be a string such as 'ab,bc->ac'; got {equation!r}.")
    dotted = re.sub(r"\.\.\.", "0", equation)
    for pattern, left in (("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)", False),
                          ("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)", True),
                          ("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0", False)):
        match = re.match(pattern, dotted)
        if match:
            return match.group(1), match.group(2), match.group(3), left
    _fail(label, f"invalid einsum equation '{equation}'. Equations must be in the form "
                 "[X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]....")


def analyze_einsum(equation, bias_axes, input_shape, output_shape, label):
    """Keras's _analyze_split_string: (kernel shape, bias shape or None, full output shape, input axes,
    output axes of the kernel)."""
    input_spec, weight_spec, output_spec, left_elided = split_equation(equation, label)
    input_shape = tuple(input_shape)
    elided = len(input_shape) - len(input_spec)
    output_shape = [output_shape] if isinstance(output_shape, int) else list(output_shape)
    output_shape.insert(0, input_shape[0])
    if elided > 0 and left_elided:
        for i in range(1, elided):
            output_shape.insert(1, input_shape[i])
    elif elided > 0:
        for i in range(len(input_shape) - elided, len(input_shape)):
            output_shape.append(input_shape[i])
    if left_elided:
        input_dims = {dim: (i + elided) - len(input_shape) for i, dim in enumerate(input_spec)}
        output_dims = {dim: i + elided for i, dim in enumerate(output_spec)}
    else:
        input_dims = {dim: i for i, dim in enumerate(input_spec)}
        output_dims = {dim: i for i, dim in enumerate(output_spec)}
    if len(input_shape) < len(input_spec) or (elided > 0 and "..." not in equation):
        _fail(label, f"the equation '{equation}' expects inputs of rank {len(input_spec)}; got input shape "
                     f"{shape_to_json(input_shape)}.")
    if len(output_shape) != len(output_spec) + max(elided, 0):
        _fail(label, f"'output_shape' {shape_to_json(output_shape[1:])} does not fit the output spec "
                     f"'{output_spec}' of '{equation}' for input shape {shape_to_json(input_shape)}.")
    for dim in input_spec:
        size = input_shape[input_dims[dim]]
        if dim in output_dims and output_shape[output_dims[dim]] not in (None, size):
            _fail(label, f"input shape and output shape do not match at shared dimension '{dim}': the input "
                         f"has {size} and the output shape {output_shape[output_dims[dim]]}.")
    for dim in output_spec:
        if dim not in input_spec and dim not in weight_spec:
            _fail(label, f"dimension '{dim}' of the output '{output_spec}' is in neither the input spec "
                         f"'{input_spec}' nor the weight spec '{weight_spec}'.")
    kernel_shape, input_axes, output_axes = [], [], []
    for i, dim in enumerate(weight_spec):
        if dim in output_dims:
            kernel_shape.append(output_shape[output_dims[dim]])
            output_axes.append(i)
        elif dim in input_dims:
            kernel_shape.append(input_shape[input_dims[dim]])
            input_axes.append(i)
        else:
            _fail(label, f"weight dimension '{dim}' has no match in the input spec '{input_spec}' or the "
                         f"output spec '{output_spec}'; the weight must be fully specified.")
    if any(d is None for d in kernel_shape):
        _fail(label, f"the kernel's shape {shape_to_json(kernel_shape)} has unknown sizes; give them in "
                     f"'output_shape' or the input shape ({shape_to_json(input_shape)}).")
    bias_shape = None
    if bias_axes is not None:
        left = elided if left_elided else 0
        sizes = {char: output_shape[i + left] for i, char in enumerate(output_spec)}
        for char in bias_axes:
            if char not in output_spec:
                _fail(label, f"bias dimension '{char}' was requested, but is not part of the output spec "
                             f"'{output_spec}'.")
        first = min(output_spec.find(char) for char in bias_axes)
        bias_shape = [sizes[char] if char in bias_axes else 1 for char in output_spec[first:]]
        if not left_elided:
            bias_shape += [1] * max(elided, 0)
    return kernel_shape, bias_shape, output_shape, input_axes, output_axes


def kernel_initializer_for(initializer, input_axes, output_axes):
    """The initializer EinsumDense.build uses: a VarianceScaling without axes gets the kernel's (its fans)."""
    if isinstance(initializer, initializers.VarianceScaling) and (
            initializer.input_axes is None or initializer.output_axes is None):
        initializer = copy.copy(initializer)
        initializer.input_axes, initializer.output_axes = list(input_axes), list(output_axes)
    return initializer


def kernel_bias_config(layer):
    """The initializer, regularizer and constraint entries of EinsumDense (and the attention layers built of it), in
    Keras's get_config order; Layer.get_config fills the null regularizers and constraints from config_objects."""
    return {
        "kernel_initializer": layer.kernel_initializer.serialize(),
        "bias_initializer": layer.bias_initializer.serialize(),
        "kernel_regularizer": None,
        "bias_regularizer": None,
        "activity_regularizer": None,
        "kernel_constraint": None,
        "bias_constraint": None,
    }


class EinsumDense(Layer):
    class_name = "EinsumDense"
    has_build_config = True
    _OPTIONS = {
        "output_shape": None, "equation": None, "activation": None, "bias_axes": None,
        "kernel_initializer": "glorot_uniform", "bias_initializer": "zeros",
        "kernel_regularizer": None, "bias_regularizer": None, "kernel_constraint": None, "bias_constraint": None,
        "quantization_config": None, "lora_rank": None, "lora_alpha": None, "gptq_unpacked_column_size": None,
    }

    def __init__(self, config):
        super().__init__(config, self._OPTIONS)
        o = self.options
        _options_must_be_null(self, ("quantization_config", "lora_rank", "lora_alpha", "gptq_unpacked_column_size"))
        split_equation(o["equation"], self.label)
        self.equation = o["equation"]
        shape = o["output_shape"]
        shape = (shape,) if isinstance(shape, int) and not isinstance(shape, bool) else shape
        if not isinstance(shape, (list, tuple)) or not all(
                d is None or (isinstance(d, int) and not isinstance(d, bool) and d > 0) for d in shape):
            _fail(self.label, f"'output_shape' must be a positive int or a list of positive ints and nulls; "
                              f"got {o['output_shape']!r}.")
        self.partial_output_shape = tuple(shape)
        bias_axes = o["bias_axes"]
        if bias_axes is not None and (not isinstance(bias_axes, str) or not bias_axes.isalpha()):
            _fail(self.label, f"'bias_axes' must be null or a string of output axis letters; got {bias_axes!r}.")
        self.bias_axes = bias_axes
        self.activation_name, self.activation = activations.get(o["activation"], f"{self.name}.activation")
        self.kernel_initializer = initializers.get(o["kernel_initializer"], f"{self.name}.kernel_initializer")
        self.bias_initializer = initializers.get(o["bias_initializer"], f"{self.name}.bias_initializer")
        self.kernel = None
        self.bias = None

    def build(self, input_shape, device):
        kernel_shape, bias_shape, _, input_axes, output_axes = analyze_einsum(
            self.equation, self.bias_axes, input_shape, self.partial_output_shape, self.label)
        init = kernel_initializer_for(self.kernel_initializer, input_axes, output_axes)
        self.kernel = self._add_variable("kernel", kernel_shape, init, True, device)
        if bias_shape is not None:
            self.bias = self._add_variable("bias", bias_shape, self.bias_initializer, True, device)
        super().build(input_shape, device)

    def compute_output_shape(self, input_shape):
        return tuple(analyze_einsum(self.equation, self.bias_axes, input_shape, self.partial_output_shape,
                                    self.label)[2])

    def call(self, x, training):
        y = torch.einsum(self.equation, x, self.kernel)
        if self.bias is not None:
            y = y + self.bias
        return self.activation(y)

    def layer_config(self):
        return {
            "output_shape": list(self.partial_output_shape),
            "equation": self.equation,
            "activation": self.activation_name,
            "bias_axes": self.bias_axes,
            **kernel_bias_config(self),
            "quantization_config": None,
        }
