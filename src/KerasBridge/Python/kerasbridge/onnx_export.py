"""ONNX export of a model the PyTorch engine runs (torch.onnx, TorchScript tracing).

Keras's own exporter (keras/src/export/onnx.py, `model.export(format="onnx")`) on the torch backend calls
`torch.onnx.export(..., dynamo=...)`, which torch 1.13 does not accept; and it fixes the batch dimension to 1
on that backend. So both engines export through here: the PyTorch engine exports its own model; the Keras
engine first loads its config and weights into the PyTorch engine, in-process (keras_engine.KerasModel.export_onnx).

What the file holds, following Keras's export: the inference forward pass (`training=False`: Dropout off,
BatchNormalization with its moving statistics), float32, one graph input per Keras input named like the
InputLayer and one graph output per model output named like the layer producing it (model.output_names), and
a dynamic batch dimension ("batch") on every input and output.

The graph is exported to memory first; only a complete export is written, atomically (model_files.atomic).
When torch.onnx cannot export the model, each layer is exported on its own with the inputs it received, and
the first that fails is named in the error (OnnxExportError), so nothing is written for a model that has a
layer without an ONNX mapping.
"""

import inspect
import io
import warnings
from contextlib import contextmanager

import torch

from kerasbridge.errors import InvalidArgumentError, OnnxExportError
from kerasbridge.model_files import save_bytes

# torch 1.13's exporter supports opsets 7-17; below 9 it lacks ops the layers use (e.g. dynamic shapes in Flatten).
MIN_OPSET = 9
MAX_OPSET = 17
# torch 1.13's own default. 17 (LayerNormalization as one op) is refused by torch 1.13 for a LayerNormalization
# without scale and center (its checker rejects the node it writes), so the safer default is kept.
DEFAULT_OPSET = 14
_TRACE_BATCH = 2  # the example batch traced; the batch axis is then declared dynamic
# torch >= 2.9 defaults to its dynamo exporter, which needs the onnxscript package and builds its own graph; this
# module is written for the TorchScript-tracing exporter, which those versions still run with dynamo=False.
_TRACING_EXPORTER = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}


class _InferenceForward(torch.nn.Module):
    """The model's inference forward pass as a torch Module: positional inputs in Keras input order,
    a tuple of outputs in Keras output order. The engine's layers are plain objects calling functional ops;
    their weights are traced as constants (ONNX initializers)."""

    def __init__(self, run):
        super().__init__()
        self._run = run

    def forward(self, *inputs):
        return tuple(self._run(list(inputs)))


def check_opset(opset):
    if opset is None:
        return DEFAULT_OPSET
    if isinstance(opset, bool) or not isinstance(opset, int) or not MIN_OPSET <= opset <= MAX_OPSET:
        raise InvalidArgumentError(
            f"export_onnx: argument 'opset' must be an integer from {MIN_OPSET} to {MAX_OPSET} "
            f"(the ONNX opsets torch {torch.__version__} exports); got {opset!r}.")
    return opset


def check_path(path):
    path = str(path)
    if not path.endswith(".onnx"):
        raise InvalidArgumentError(f"export_onnx: argument 'path' must end in .onnx; got '{path}'.")
    return path


def unsupported_layers(config):
    """[(name, class name)] of the layers in a Keras model config (nested models included) that the PyTorch
    engine does not run, in config order."""
    from kerasbridge.model_files.operations import OPERATIONS, is_operation
    from kerasbridge.torch_engine.registry import supported_layer_names

    supported = set(supported_layer_names()) | {"Sequential", "Functional", "Model"}
    found = []
    for entry in (config.get("config") or {}).get("layers") or []:
        if not isinstance(entry, dict):
            continue
        class_name = entry.get("class_name")
        if class_name in ("Sequential", "Functional", "Model"):
            found.extend(unsupported_layers(entry))
        elif is_operation(entry):  # x + 3.0: an op, not a layer
            if class_name not in OPERATIONS:
                found.append(((entry.get("config") or {}).get("name") or entry.get("name"), class_name))
        elif class_name not in supported:
            found.append(((entry.get("config") or {}).get("name") or entry.get("name"), class_name))
    return found


def _unique(names):
    seen = {}
    out = []
    for name in names:
        count = seen.get(name, 0)
        seen[name] = count + 1
        out.append(name if count == 0 else f"{name}_{count}")
    return out


def _signature(model):
    """(input names, input shapes, output names, run(list of tensors) -> list of tensors, steps) for a
    built TorchModel or FunctionalModel; steps lists (layer, how to pick its inputs) for the diagnosis."""
    from kerasbridge.torch_engine.functional import FunctionalModel

    if isinstance(model, FunctionalModel):
        input_names = [layer.name for layer in model._input_layers]
        input_shapes = [tuple(s) for s in model._input_shapes]
        output_names = [ref.layer for ref in model.graph.outputs]
        run = lambda inputs: model._run(inputs, False)
    else:
        input_names = [model._input_layer.name]
        input_shapes = [tuple(model._input_layer.batch_shape)]
        output_names = [model.layers[-1].name]
        run = lambda inputs: [model._forward(inputs[0], False)]
    return input_names, input_shapes, _unique(output_names), run


def _example_inputs(names, shapes, device):
    tensors = []
    for name, shape in zip(names, shapes):
        if any(d is None for d in shape[1:]):
            raise OnnxExportError(
                f"export_onnx: input '{name}' has shape {_shape_text(shape)}; the export needs every dimension "
                "but the batch known (a dynamic batch is exported, other dynamic dimensions are not).")
        generator = torch.Generator().manual_seed(0)
        tensors.append(torch.rand((_TRACE_BATCH,) + tuple(shape[1:]), generator=generator, dtype=torch.float32).to(device))
    return tensors


def _shape_text(shape):
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _export_bytes(module, example, input_names, output_names, opset):
    dynamic = {name: {0: "batch"} for name in list(input_names) + list(output_names)}
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # Tracing warns about every Python-side shape computation; the traced graph is checked in the tests.
        warnings.simplefilter("ignore")
        with torch.no_grad():
            torch.onnx.export(module, tuple(example), buffer, input_names=list(input_names),
                              output_names=list(output_names), dynamic_axes=dynamic, opset_version=opset,
                              do_constant_folding=True, export_params=True, **_TRACING_EXPORTER)
    return buffer.getvalue()


def _recorded_layer_inputs(model, run, example):
    """[(layer, inputs it was called with)] for every layer call of one eager forward pass."""
    from kerasbridge.torch_engine.functional import FunctionalModel

    layers = model.layers if not isinstance(model, FunctionalModel) else [step[0] for step in model._plan]
    calls = []
    patched = []
    for layer in dict.fromkeys(layers):  # each layer once, in order
        original = layer.call

        def recording(x, training, _layer=layer, _original=original):
            calls.append((_layer, x))
            return _original(x, training)

        layer.call = recording
        patched.append(layer)
    try:
        with torch.no_grad():
            run(list(example))
    finally:
        for layer in patched:
            del layer.call  # back to the class's method
    return calls


def _first_unexportable_layer(model, run, example, opset):
    """(layer, error) for the first layer call that torch.onnx cannot export on its own; None if each exports."""
    for layer, x in _recorded_layer_inputs(model, run, example):
        inputs = x if isinstance(x, list) else [x]
        flat = [t for t in inputs if isinstance(t, torch.Tensor)]
        if len(flat) != len(inputs):
            continue  # nested argument lists (not made by the engine's layers) are only checked whole

        def one_layer(tensors, _layer=layer, _list=isinstance(x, list)):
            return [_layer.call(list(tensors) if _list else tensors[0], False)]

        names = [f"x{i}" for i in range(len(flat))]
        try:
            _export_bytes(_InferenceForward(one_layer), flat, names, ["y"], opset)
        except Exception as e:  # torch.onnx raises many types (SymbolicValueError, CheckerError, RuntimeError, ...)
            return layer, e
    return None


def _error_text(error):
    text = " ".join(str(error).split())
    return text if len(text) <= 400 else text[:400] + " ..."


@contextmanager
def _constant_weights(model):
    """The variables as constants while tracing (torch.onnx refuses to embed tensors that require grad);
    their flags are restored afterwards, so training is unaffected."""
    variables = [v.value for v in model._all_variables() if v.value.requires_grad]
    for value in variables:
        value.requires_grad_(False)
    try:
        yield
    finally:
        for value in variables:
            value.requires_grad_(True)


def export_torch_model(model, path, opset=None):
    """Writes `model` (a PyTorch-engine TorchModel or FunctionalModel) to `path` as an ONNX file."""
    path = check_path(path)
    opset = check_opset(opset)
    if not model.built:
        raise OnnxExportError(
            f"export_onnx: model '{model.name}' has no input shape yet; start it with an Input or fit it first.")
    input_names, input_shapes, output_names, run = _signature(model)
    example = _example_inputs(input_names, input_shapes, model.device)  # the weights' device (cuda:0 where there is one)
    module = _InferenceForward(run)
    with _constant_weights(model):
        try:
            data = _export_bytes(module, example, input_names, output_names, opset)
        except Exception as e:
            data, failure = None, e
        culprit = None if data is not None else _first_unexportable_layer(model, run, example, opset)
    if data is None:
        e = failure
        if culprit is not None:
            layer, error = culprit
            raise OnnxExportError(
                f"export_onnx: layer '{layer.name}' ({getattr(layer, 'class_name', type(layer).__name__)}) of model "
                f"'{model.name}' cannot be exported to ONNX opset {opset} by torch {torch.__version__}: "
                f"{_error_text(error)}; nothing was written.") from None
        raise OnnxExportError(
            f"export_onnx: model '{model.name}' cannot be exported to ONNX opset {opset} by torch {torch.__version__}: "
            f"{_error_text(e)}; nothing was written.") from None
    save_bytes(path, data)  # atomic; a write failure is a ModelFileError naming the path
