"""Output shapes for the C# Functional API: `layer.Apply(x)` asks here what a layer called on tensors of
given shapes returns, so a wrong shape is refused at Apply, naming the layer (as Keras refuses it at
`layer(x)`), and `Keras.Model(inputs, outputs)` can write Keras's config with every tensor's shape.

One answer for both engines: the shape rules of model_files (the ones the PyTorch engine's files and
summaries use); for a layer class they do not know, real Keras when it imports (keras.Layer.__call__ on
symbolic tensors, as keras/src/layers/layer.py does); else the layer is refused as the PyTorch engine
would refuse it.

    output_shapes(entry_json, request_json) -> json {"outputs": [shape, ...], "variables": [[name, shape], ...]}

request: {"shapes": [shape, ...], "as_list": bool}: the shapes of the call's tensors; as_list when the
layer takes them as one list (merge layers, Attention), else they are its positional arguments; "call_flags", when
given, a layer's boolean call arguments (use_causal_mask, return_attention_scores: model_files/graph.py
LAYER_CALL_FLAGS), which may add outputs. An op's entry
(keras.src.ops.numpy Add, ...: model_files/operations.py) gets the shapes of all its arguments, () for a number;
"arguments", when given, lists an op's positional arguments with null where the next tensor goes and the serialized
value (a number, x[:, 0]'s key) elsewhere; "dtypes", when given, the tensors' dtypes, and then the answer has the
op's output "dtypes" too (model_files/operation_dtypes.py).
"""

import json

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.model_files import engine_rules, layer_shapes, operations, specs
from kerasbridge.model_files.graph import Constant, GraphError, literal
from kerasbridge.model_files.specs import ConfigError, format_shape

_MODELS = ("Sequential", "Functional")

# Classes whose call() takes `mask`: Keras's Layer.__call__ then records mask=None (the input's mask) in the node's
# kwargs (keras/src/layers/layer.py, "Populate mask argument(s)"). Listed from keras 3.15.1 by
# `"mask" in inspect.signature(cls.call).parameters` over keras.layers, plus the model classes.
_CALL_TAKES_MASK = frozenset((
    "AdditiveAttention", "Attention", "BatchNormalization", "Bidirectional", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D",
    "GRU", "GlobalAveragePooling1D", "LSTM", "Lambda", "Pipeline", "RNN", "SimpleRNN", "Softmax", "TimeDistributed",
    "Sequential", "Functional",
))
# With several tensor arguments Keras records one `<argument>_mask` per argument the call names.
_MASK_ARGUMENTS = {"MultiHeadAttention": ("query", "value", "key"), "GroupedQueryAttention": ("query", "value", "key")}


def _mask_kwargs(cls, count, as_list):
    if count == 1 or as_list:
        if cls in _CALL_TAKES_MASK:
            return {"mask": [None] * count if as_list else None}
        return {}
    names = _MASK_ARGUMENTS.get(cls, ())
    return {f"{name}_mask": None for name in names[:count]}


def _shape(value):
    return tuple(None if d is None else int(d) for d in value)


def _who(entry):
    name = (entry.get("config") or {}).get("name") or entry.get("name")
    return f"layer '{name}' ({entry.get('class_name')})"


def _describe(shapes):
    return ", ".join(format_shape(s) for s in shapes)


def _refuse(entry, shapes, problem):
    raise InvalidArgumentError(
        f"Apply: {_who(entry)} cannot be applied to {'a tensor' if len(shapes) == 1 else 'tensors'} of shape "
        f"{_describe(shapes)}: {problem}", argument="inputs")


def _compatible(expected, given):
    return len(expected) == len(given) and all(e is None or g is None or e == g for e, g in zip(expected, given))


def _nested_model(entry, shapes):
    from kerasbridge.model_files.shapes import model_spec

    body = {k: v for k, v in entry.items() if k not in ("name", "inbound_nodes")}
    try:
        spec = model_spec(body, allow_code_layers=True)
    except ConfigError as e:
        _refuse(entry, shapes, str(e))
    expected = list(spec.input_shapes or [spec.input_shape])
    if len(expected) != len(shapes):
        _refuse(entry, shapes, f"the model takes {len(expected)} input(s), of shape {_describe(expected)}")
    for e, g in zip(expected, shapes):
        if e is not None and not _compatible(e, g):
            _refuse(entry, shapes, f"the model expects input shape {_describe(expected)}")
    return list(spec.output_shapes or [spec.output_shape]), []


def _keras_layer(entry, shapes, as_list, flags):
    try:
        import keras
    except Exception:  # noqa: BLE001 - any failure to import means: no Keras to ask
        return None
    layer = keras.saving.deserialize_keras_object({k: v for k, v in entry.items() if k not in ("inbound_nodes",)})
    tensors = [keras.KerasTensor(s) for s in shapes]
    try:
        out = layer(tensors, **flags) if as_list else layer(*tensors, **flags)
    except Exception as e:  # noqa: BLE001 - Keras's own refusal, reported in our words
        _refuse(entry, shapes, f"{type(e).__name__}: {e}")
    outs = out if isinstance(out, (list, tuple)) else [out]
    variables = [[v.path.split("/")[-1], list(v.shape)] for v in layer.weights]
    return [tuple(o.shape) for o in outs], variables


def _operation_args(shapes, as_list, arguments, who):
    """An op's arguments for its shape rule: the tensors' shapes (one list of them for ops.concatenate) with its
    other arguments (numbers, keys) in place as graph Constants."""
    if as_list:
        return [list(shapes)]
    if arguments is None:
        return list(shapes)
    tensors = iter([s for s, a in zip(shapes, arguments) if a is None] if len(arguments) == len(shapes) else shapes)
    return [next(tensors) if a is None else Constant(literal(a, who)) for a in arguments]


def _operation_dtypes(args, tensor_dtypes, as_list):
    """The dtypes of an op's arguments: the tensors' from the request (in order), "int"/"float" for numbers."""
    if tensor_dtypes is None:
        return None
    if as_list:
        return [list(tensor_dtypes)]
    it = iter(tensor_dtypes)
    return [("int" if isinstance(a.value, int) else "float") if isinstance(a, Constant) else next(it, "float32")
            for a in args]


def output_shapes(entry_json, request_json):
    entry = json.loads(entry_json)
    request = json.loads(request_json)
    shapes = [_shape(s) for s in request["shapes"]]
    as_list = bool(request.get("as_list"))
    cls = entry.get("class_name")
    if operations.is_operation(entry):  # x + 3.0: a number's shape comes as ()
        try:
            args = _operation_args(shapes, as_list, request.get("arguments"), _who(entry))
            out = operations.output_shape(entry, args, _who(entry))
            outputs, variables = out if isinstance(out, list) else [out], []  # Split: several outputs
            dtypes = _operation_dtypes(args, request.get("dtypes"), as_list)
            dtype = operations.output_dtype(entry, dtypes, _who(entry)) if dtypes is not None else None
        except (ConfigError, GraphError) as e:
            _refuse(entry, shapes, str(e).replace(_who(entry) + ": ", ""))
        answer = {"outputs": [list(o) for o in outputs], "variables": variables, "kwargs": {}}
        if dtype is not None:
            answer["dtypes"] = [dtype] * len(outputs)
        return json.dumps(answer)
    if cls in _MODELS:
        outputs, variables = _nested_model(entry, shapes)
    else:
        rule = layer_shapes.rule_for(cls)
        flags = request.get("call_flags") or {}
        if rule is not None:
            inp = list(shapes) if as_list or len(shapes) > 1 else shapes[0]
            try:
                out, variables = rule(inp, entry.get("config") or {}, _who(entry), *([flags] if flags else []))
            except ConfigError as e:
                _refuse(entry, shapes, str(e).replace(_who(entry) + ": ", ""))
            outputs = out if isinstance(out, list) else [out]  # several: return_attention_scores, return_state
            variables = [[v.name, list(v.shape) if v.shape is not None else None] for v in variables]
        else:
            found = _keras_layer(entry, shapes, as_list, flags)
            if found is None:
                raise InvalidArgumentError(
                    f"Apply: {_who(entry)} is not a layer the PyTorch engine runs, and Keras is not installed to "
                    f"run it. Supported layers: {', '.join(specs.SUPPORTED_LAYERS)}.", argument="layer")
            outputs, variables = found
    answer = {"outputs": [list(o) for o in outputs], "variables": variables,
              "kwargs": _mask_kwargs(cls, len(shapes), as_list)}
    # A layer whose outputs are not floatx (Discretization's int32 bin indices) says so, as Keras records it.
    dtype_of = getattr(engine_rules.torch_layer_class(cls), "output_dtype_of", None)
    if dtype_of is not None:
        answer["dtypes"] = [dtype_of(entry.get("config") or {})] * len(outputs)
    return json.dumps(answer)
