"""A small builder of Keras Functional configs: layers are "called" on symbolic tensors that carry only a shape,
and the result is the dict keras.Model(inputs, outputs).get_config() writes (Keras 3 node format, layers in
map_graph order). Shapes follow each layer's compute_output_shape in keras/src/layers/; the graph order follows
keras/src/ops/function.py (map_graph) and the serialization keras/src/models/functional.py (get_config)."""
import copy
import math
import re

from kerasbridge.applications.layer_configs import CALL_KWARGS, DEFAULTS, MERGING, MODULES, WRITES_BUILD_CONFIG
from kerasbridge.model_files import operations


def _snake(class_name):
    # keras/src/utils/naming.py to_snake_case
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", class_name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


class LocalNames:
    """Keras's uniquify (keras/src/utils/naming.py): 'prefix', then 'prefix_1', ... counted per prefix."""

    def __init__(self):
        self._counts = {}

    def __call__(self, prefix):
        n = self._counts.get(prefix, 0)
        self._counts[prefix] = n + 1
        return prefix if n == 0 else f"{prefix}_{n}"


class Tensor:
    __slots__ = ("shape", "layer", "node")

    def __init__(self, shape, layer):
        self.shape = tuple(shape)
        self.layer = layer  # the _Layer that made it

    def reference(self):
        return {"class_name": "__keras_tensor__",
                "config": {"shape": list(self.shape), "dtype": "float32", "keras_history": [self.layer.name, 0, 0]}}


class _Layer:
    __slots__ = ("class_name", "name", "config", "inputs", "as_list", "kwargs", "build_shape", "output", "args",
                 "module", "registered_name", "extra")

    def __init__(self):
        self.extra = {}


def _dtype_policy():
    return {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None}


def _input_config(name, shape):
    return {"batch_shape": list(shape), "dtype": "float32", "sparse": False, "ragged": False, "name": name,
            "optional": False}


def _configured(class_name, name, args, shapes, as_list):
    """(config, build_config input shape or None, output shape) of a layer of `class_name` called on `shapes`."""
    config = DEFAULTS[class_name]()
    unknown = set(args) - set(config)
    if unknown:
        raise ValueError(f"{class_name}: unknown arguments {sorted(unknown)}")
    config.update(_normalize(class_name, dict(args)))
    full = {"name": name, "trainable": True, "dtype": _dtype_policy(), **config}
    build_shape = ([list(s) for s in shapes] if as_list else list(shapes[0])) \
        if class_name in WRITES_BUILD_CONFIG else None
    return full, build_shape, _output_shape(class_name, config, shapes)


def _pair(value):
    return [int(value), int(value)] if isinstance(value, int) else [int(v) for v in value]


def _conv_length(size, kernel, stride, padding, dilation=1):
    if size is None:
        return None
    if padding == "same":
        return (size + stride - 1) // stride
    return (size - dilation * (kernel - 1) - 1) // stride + 1


# Activations are serialized by the function's name (keras/src/activations/__init__.py): aliases become it.
_ACTIVATION_NAMES = {"swish": "silu", "hard_swish": "hard_silu", None: "linear"}


def _normalize(class_name, args):
    """Keras's constructors turn ints into pairs, strides None into pool_size, padding into lowercase, and
    activations into their function's name."""
    if "activation" in args:
        args["activation"] = _ACTIVATION_NAMES.get(args["activation"], args["activation"])
    if class_name in ("Conv2D", "DepthwiseConv2D", "SeparableConv2D"):
        args["kernel_size"] = _pair(args["kernel_size"])
        args["strides"] = _pair(args.get("strides", 1))
        args["dilation_rate"] = _pair(args.get("dilation_rate", 1))
    if class_name in ("AveragePooling2D", "MaxPooling2D"):
        args["pool_size"] = _pair(args["pool_size"])
        args["strides"] = _pair(args.get("strides") or args["pool_size"])
    if "padding" in args and isinstance(args["padding"], str):
        args["padding"] = args["padding"].lower()
    if class_name == "ZeroPadding2D":
        p = args.get("padding", 1)
        if isinstance(p, int):
            p = ((p, p), (p, p))
        elif isinstance(p[0], int):
            p = ((p[0], p[0]), (p[1], p[1]))
        args["padding"] = [list(map(int, q)) for q in p]
    if class_name in ("Normalization", "LayerNormalization") and isinstance(args.get("axis", -1), int):
        args["axis"] = [args.get("axis", -1)]  # a built LayerNormalization holds its axes as a list
    if class_name == "Reshape":
        args["target_shape"] = list(args["target_shape"])
    if class_name in ("Dropout",) and args.get("noise_shape") is not None:
        args["noise_shape"] = list(args["noise_shape"])
    if class_name in ("ReLU",) and args.get("max_value") is not None:
        args["max_value"] = float(args["max_value"])
    return args


def _output_shape(class_name, c, shapes):
    s = shapes[0]
    if class_name in ("Conv2D", "DepthwiseConv2D", "SeparableConv2D"):
        k, st, d = c["kernel_size"], c["strides"], c["dilation_rate"]
        h = _conv_length(s[1], k[0], st[0], c["padding"], d[0])
        w = _conv_length(s[2], k[1], st[1], c["padding"], d[1])
        channels = s[3] * c["depth_multiplier"] if class_name == "DepthwiseConv2D" else c["filters"]
        return (s[0], h, w, channels)
    if class_name in ("AveragePooling2D", "MaxPooling2D"):
        k, st = c["pool_size"], c["strides"]
        return (s[0], _conv_length(s[1], k[0], st[0], c["padding"]), _conv_length(s[2], k[1], st[1], c["padding"]), s[3])
    if class_name == "ZeroPadding2D":
        (t, b), (l, r) = c["padding"]
        return (s[0], None if s[1] is None else s[1] + t + b, None if s[2] is None else s[2] + l + r, s[3])
    if class_name in ("GlobalAveragePooling2D", "GlobalMaxPooling2D"):
        return (s[0], 1, 1, s[3]) if c["keepdims"] else (s[0], s[3])
    if class_name == "Dense":
        return s[:-1] + (c["units"],)
    if class_name == "Flatten":
        rest = s[1:]
        return (s[0], None if None in rest else math.prod(rest))
    if class_name == "Reshape":
        return (s[0],) + tuple(c["target_shape"])
    if class_name == "Concatenate":
        axis = c["axis"] % len(s)
        total = None if any(x[axis] is None for x in shapes) else sum(x[axis] for x in shapes)
        return s[:axis] + (total,) + s[axis + 1:]
    if class_name in ("Add", "Multiply"):
        # Merge layers broadcast (keras/src/layers/merging/base_merge.py _compute_elemwise_op_output_shape).
        out = list(shapes[0])
        for other in shapes[1:]:
            out = [a if b == 1 else b if a == 1 else (a if a is not None else b) for a, b in zip(out, other)]
        return tuple(out)
    return s  # shape-preserving layers


class GraphBuilder:
    """Records layer calls; `model(inputs, outputs, name)` gives the Functional config."""

    def __init__(self, auto_name=None):
        self._auto_name = auto_name or LocalNames()
        self._layers = []
        self._names = set()

    def input(self, shape, name=None):
        layer = _Layer()
        layer.class_name, layer.name = "InputLayer", name or self._auto_name("input_layer")
        layer.config = _input_config(layer.name, (None,) + tuple(shape))
        layer.inputs, layer.as_list, layer.kwargs, layer.build_shape = [], False, {}, None
        layer.args, layer.module, layer.registered_name = None, "keras.layers", None
        layer.output = Tensor((None,) + tuple(shape), layer)
        self._add(layer)
        return layer.output

    def __call__(self, class_name, inputs, name=None, **args):
        """Calls a new layer of `class_name` (Keras's constructor arguments in `args`) on a tensor or, for merge
        layers, a list of tensors; returns its output tensor."""
        layer = _Layer()
        layer.class_name = class_name
        layer.name = name or self._auto_name(_snake(class_name))
        layer.as_list = class_name in MERGING
        layer.inputs = list(inputs) if layer.as_list else [inputs]
        layer.args = None
        shapes = [t.shape for t in layer.inputs]
        layer.config, layer.build_shape, out = _configured(class_name, layer.name, args, shapes, layer.as_list)
        layer.module, layer.registered_name = MODULES.get(class_name, ("keras.layers", None))
        layer.kwargs = copy.deepcopy(CALL_KWARGS.get(class_name, {}))
        layer.output = Tensor(out, layer)
        self._add(layer)
        return layer.output

    def op(self, class_name, *args):
        """Applies a Keras op (keras.src.ops.numpy) to tensors and numbers, as `x + 3.0` or `a * b` on Keras
        tensors does: the model holds it as an operation named by Keras's counter (add, multiply_1, ...)."""
        layer = _Layer()
        layer.class_name = class_name
        layer.name = self._auto_name(_snake(class_name))
        layer.args = list(args)
        layer.inputs = [a for a in args if isinstance(a, Tensor)]
        entry = operations.entry(class_name, layer.name)
        layer.module, layer.registered_name, layer.config = entry["module"], entry["registered_name"], entry["config"]
        layer.as_list, layer.kwargs, layer.build_shape = False, {}, None
        shapes = [a.shape if isinstance(a, Tensor) else () for a in args]
        layer.output = Tensor(operations.output_shape(class_name, shapes, layer.name), layer)
        self._add(layer)
        return layer.output

    def sequential(self, inputs, name, layers):
        """Calls a new Sequential model made of `layers` ((class name, {name, arguments...}) pairs) on a tensor,
        as `Sequential([...], name=name)(x)` does; Keras gives it an InputLayer of its own when it is built."""
        shape = inputs.shape
        inner = [{"module": "keras.layers", "class_name": "InputLayer",
                  "config": _input_config(self._auto_name("input_layer"), shape), "registered_name": None}]
        for class_name, args in layers:
            args = dict(args)
            config, build_shape, out = _configured(class_name, args.pop("name"), args, [shape], False)
            module, registered = MODULES.get(class_name, ("keras.layers", None))
            entry = {"module": module, "class_name": class_name, "config": config, "registered_name": registered}
            if build_shape is not None:
                entry["build_config"] = {"input_shape": build_shape}
            inner.append(entry)
            shape = out
        layer = _Layer()
        layer.class_name, layer.name, layer.module, layer.registered_name = "Sequential", name, "keras", None
        layer.config = {"name": name, "trainable": True, "dtype": _dtype_policy(), "layers": inner,
                        "build_input_shape": list(inputs.shape)}
        layer.build_shape, layer.extra = list(inputs.shape), {"compile_config": {}}
        layer.inputs, layer.args, layer.as_list = [inputs], None, False
        layer.kwargs = copy.deepcopy(CALL_KWARGS["Sequential"])
        layer.output = Tensor(shape, layer)
        self._add(layer)
        return layer.output

    def _add(self, layer):
        if layer.name in self._names:
            raise ValueError(f"Duplicate layer name '{layer.name}'")
        self._names.add(layer.name)
        self._layers.append(layer)

    @staticmethod
    def _ordered(outputs):
        # map_graph: depth-first from the outputs (nodes in finishing order), depth = longest path to an output,
        # layers by decreasing depth, ties in order of first visit.
        finished, ordered, first_seen = set(), [], {}

        def visit(layer):
            if layer.name in finished:
                return
            first_seen.setdefault(layer.name, len(first_seen))
            for t in layer.inputs:
                visit(t.layer)
            finished.add(layer.name)
            ordered.append(layer)

        for t in outputs:
            visit(t.layer)
        depth = {}
        for layer in reversed(ordered):
            d = depth.get(layer.name, 0)
            depth[layer.name] = d
            for t in layer.inputs:
                depth[t.layer.name] = max(d + 1, depth.get(t.layer.name, 0))
        return sorted(ordered, key=lambda l: (-depth[l.name], first_seen[l.name]))

    def model(self, inputs, outputs, name):
        layers = []
        for layer in self._ordered([outputs]):
            entry = {"module": layer.module, "class_name": layer.class_name, "config": layer.config,
                     "registered_name": layer.registered_name}
            if layer.build_shape is not None:
                entry["build_config"] = {"input_shape": layer.build_shape}
            entry.update(layer.extra)
            entry["name"] = layer.name
            if layer.args is not None:  # an operation: its tensors and numbers in order
                refs = [a.reference() if isinstance(a, Tensor) else a for a in layer.args]
            else:
                refs = [t.reference() for t in layer.inputs]
            entry["inbound_nodes"] = [{"args": [refs] if layer.as_list else refs, "kwargs": layer.kwargs}] if refs else []
            layers.append(entry)
        return {"module": "keras.src.models.functional", "class_name": "Functional",
                "config": {"name": name, "trainable": True, "layers": layers,
                           "input_layers": [inputs.layer.name, 0, 0], "output_layers": [outputs.layer.name, 0, 0]},
                "registered_name": "Functional", "build_config": {"input_shape": None}}
