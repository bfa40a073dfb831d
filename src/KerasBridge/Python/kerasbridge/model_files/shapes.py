"""Shapes, variables and parameter counts of the supported Keras layers, derived from a config.

Pure Python (no numpy needed). Works on Keras 3 config dicts (the `config.json` of a `.keras`
file); legacy configs are translated to that schema first (see `legacy.py`).

The main entry point is `model_spec(config)`, which returns a `ModelSpec` describing, for every
layer of a Sequential model, its input and output shapes, the variables Keras creates for it (in
Keras's variable order, with their shapes and trainable flags) and the path of the layer's group in
Keras 3's weights file (`layers/<snake_case class name>[_<n>]`).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

from .engine_rules import known_layer, known_layer_names, torch_layer_rule
from .layer_shapes import _RULES, _layer_trainable, _unknown_code_layer
from .specs import (  # noqa: F401  (re-exported: the rest of model_files imports these from here)
    CLASSES_WITH_BUILD_CONFIG,
    CODE_LAYERS,
    MERGE_LAYERS,
    SUPPORTED_LAYERS,
    SUPPORTED_MODELS,
    ConfigError,
    LayerSpec,
    ModelSpec,
    Shape,
    VariableSpec,
    format_shape,
    normalize_shape,
    to_snake_case,
    unique_h5_names,
)

def _input_batch_shape(entry_cfg: Dict[str, Any], who: str) -> Optional[Shape]:
    """Batch shape declared on an InputLayer (Keras 3 `batch_shape`, `shape`+`batch_size`, or
    legacy `batch_input_shape`)."""
    for key in ("batch_shape", "batch_input_shape"):
        if entry_cfg.get(key) is not None:
            return normalize_shape(entry_cfg[key], f"{who}: {key}")
    if entry_cfg.get("shape") is not None:
        shape = normalize_shape(entry_cfg["shape"], f"{who}: shape")
        return (entry_cfg.get("batch_size"),) + shape
    if entry_cfg.get("input_shape") is not None:
        shape = normalize_shape(entry_cfg["input_shape"], f"{who}: input_shape")
        return (entry_cfg.get("batch_size"),) + shape
    return None


def _layer_entries(config: Dict[str, Any]) -> Tuple[str, str, List[Dict[str, Any]], Dict[str, Any]]:
    if not isinstance(config, dict):
        raise ConfigError(f"the model config must be a JSON object, got {type(config).__name__}")
    if "class_name" not in config and isinstance(config.get("layers"), list):
        # model.get_config() of a Sequential (no class_name/config wrapper)
        config = {"class_name": "Sequential", "config": config}
    class_name = config.get("class_name")
    inner = config.get("config")
    if class_name is None or inner is None:
        raise ConfigError("the model config has no 'class_name'/'config' (is it a Keras model config?)")
    if class_name == "Model" and isinstance(inner, dict) and "input_layers" in inner:
        class_name = "Functional"  # tf.keras's name for a Functional model
    if class_name not in SUPPORTED_MODELS:
        raise ConfigError(
            f"model class {class_name!r} is not supported (supported: {', '.join(SUPPORTED_MODELS)})"
        )
    if isinstance(inner, list):  # very old Sequential configs: the config is the layer list
        inner = {"name": "sequential", "layers": inner}
    if not isinstance(inner, dict):
        raise ConfigError("the model config's 'config' must be a JSON object")
    layers = inner.get("layers")
    if not isinstance(layers, list):
        raise ConfigError("the model config has no 'layers' list")
    return class_name, str(inner.get("name", "sequential")), layers, inner


def model_spec(config: Dict[str, Any], allow_code_layers: bool = False) -> ModelSpec:
    """Describe a Sequential model config: shapes, variables, params and weight-file paths.

    Raises ConfigError for an unsupported model/layer class or an inconsistent config. Layers whose
    class is in CODE_LAYERS (Lambda, ...) are accepted only with allow_code_layers=True (their output
    shape is then unknown unless declared).
    """
    class_name, model_name, entries, inner = _layer_entries(config)
    if class_name == "Functional":
        return _functional_spec(config, inner, allow_code_layers)
    model_trainable = _layer_trainable(inner)

    unsupported = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("config", {}), dict):
            raise ConfigError(f"layer #{i} of the model config is not a serialized layer")
        cls = entry.get("class_name")
        if known_layer(cls):
            continue
        if cls in CODE_LAYERS and allow_code_layers:
            continue
        unsupported.append(f"{(entry.get('config') or {}).get('name', '#' + str(i))!r} ({cls})")
    if unsupported:
        raise ConfigError(
            f"unsupported layer class in layer(s) {', '.join(unsupported)}; "
            f"supported layers: {', '.join(known_layer_names())}"
        )

    # Input shape: InputLayer, else the first layer's batch_input_shape, else build configs.
    batch_shape: Optional[Shape] = None
    input_layer: Optional[LayerSpec] = None
    body = list(enumerate(entries))
    if body and body[0][1].get("class_name") == "InputLayer":
        idx, entry = body.pop(0)
        cfg = entry.get("config") or {}
        who = f"layer {cfg.get('name', 'input_layer')!r} (InputLayer)"
        batch_shape = _input_batch_shape(cfg, who)
        input_layer = LayerSpec(
            name=str(cfg.get("name", "input_layer")), class_name="InputLayer", entry=entry, index=idx,
            input_shape=batch_shape, output_shape=batch_shape, variables=[], h5_path=None,
        )
    for _, entry in body:
        if entry.get("class_name") == "InputLayer":
            name = (entry.get("config") or {}).get("name")
            raise ConfigError(f"InputLayer {name!r} is only allowed as the first layer of a Sequential")
    if batch_shape is None and body:
        cfg0 = body[0][1].get("config") or {}
        batch_shape = _input_batch_shape(
            {k: cfg0.get(k) for k in ("batch_input_shape", "batch_shape")}, "first layer"
        )
    if batch_shape is None and inner.get("build_input_shape") is not None:
        batch_shape = normalize_shape(inner["build_input_shape"], "build_input_shape")
    if batch_shape is None:
        bc = config.get("build_config") or {}
        if isinstance(bc, dict) and bc.get("input_shape") is not None:
            batch_shape = normalize_shape(bc["input_shape"], "build_config.input_shape")
    if batch_shape is not None and len(batch_shape) < 2:
        raise ConfigError(f"the model input shape {format_shape(batch_shape)} has no feature axis")

    names = unique_h5_names([e.get("class_name", "") for _, e in body])
    seen_names = set() if input_layer is None else {input_layer.name}
    layers: List[LayerSpec] = []
    shape = batch_shape
    for (idx, entry), h5_name in zip(body, names):
        cls = entry["class_name"]
        cfg = entry.get("config") or {}
        name = cfg.get("name")
        if not isinstance(name, str) or not name:
            raise ConfigError(f"layer #{idx} ({cls}) has no name")
        if name in seen_names:
            raise ConfigError(f"two layers are named {name!r}; layer names must be unique")
        seen_names.add(name)
        who = f"layer {name!r} ({cls})"
        inp = shape
        if inp is None:
            bc = entry.get("build_config") or {}
            if isinstance(bc, dict) and bc.get("input_shape") is not None:
                inp = normalize_shape(bc["input_shape"], f"{who}: build_config.input_shape")
        rule = _RULES.get(cls) or torch_layer_rule(cls) or _unknown_code_layer
        out, variables = rule(inp, cfg, who)
        if isinstance(out, list):
            raise ConfigError(f"{who} returns {len(out)} tensors; a Sequential model needs layers with one output")
        layers.append(
            LayerSpec(
                name=name, class_name=cls, entry=entry, index=idx, input_shape=inp,
                output_shape=out, variables=variables, h5_path=f"layers/{h5_name}",
                trainable=model_trainable and _layer_trainable(cfg),
            )
        )
        shape = out
    return ModelSpec(
        class_name=class_name, name=model_name, input_layer=input_layer, layers=layers,
        input_shape=batch_shape, output_shape=shape if layers else batch_shape,
    )


def _functional_spec(config: Dict[str, Any], inner: Dict[str, Any], allow_code_layers: bool) -> ModelSpec:
    """model_spec of a Functional config: shapes through the graph (each layer built by its first
    call), variables, params, the "Connected to" of each node and Keras 3's weight-file paths
    (model.layers includes the InputLayers, so they take layers/input_layer, ...)."""
    from . import operations
    from .graph import Constant, GraphError, TensorRef, parse_functional

    try:
        graph = parse_functional(inner)
    except GraphError as e:
        raise ConfigError(str(e)) from None
    model_trainable = _layer_trainable(inner)
    unsupported = []
    for i, entry in enumerate(graph.entries):
        cls = entry.get("class_name")
        if operations.is_operation(entry):
            operations.check(entry, f"layer {graph.layer_names[i]!r} ({cls})")
            continue
        if known_layer(cls) or cls in SUPPORTED_MODELS:
            continue
        if cls in CODE_LAYERS and allow_code_layers:
            continue
        unsupported.append(f"{graph.layer_names[i]!r} ({cls})")
    if unsupported:
        raise ConfigError(
            f"unsupported layer class in layer(s) {', '.join(unsupported)}; "
            f"supported layers: {', '.join(known_layer_names() + ('Sequential', 'Functional'))}"
        )
    entries = {name: entry for name, entry in zip(graph.layer_names, graph.entries)}
    shapes: Dict[Any, Optional[Shape]] = {}
    built: Dict[str, Tuple[Any, List[VariableSpec], Optional[ModelSpec]]] = {}
    last_out: Dict[str, Optional[Shape]] = {}
    outputs: Dict[str, int] = {}  # layers with several output tensors (an RNN with return_state)
    for name, entry in entries.items():
        if entry.get("class_name") == "InputLayer":
            cfg = entry.get("config") or {}
            shape = _input_batch_shape(cfg, f"layer {name!r} (InputLayer)")
            shapes[TensorRef(name, 0, 0)] = shape
            last_out[name] = shape
            built[name] = (shape, [], None)

    def arg_shapes(args):
        if isinstance(args, Constant):  # an op's number or key: its rule reads the value
            return args
        if isinstance(args, TensorRef):
            if args.tensor != 0 and args not in shapes:
                count = outputs.get(args.layer, 1)
                raise ConfigError(f"tensor {args.label()} does not exist: layer {args.layer!r} has "
                                  f"{'one output' if count == 1 else f'{count} outputs'}")
            return shapes.get(args)
        return [arg_shapes(a) for a in args]

    for node in graph.order:
        entry = entries[node.layer]
        cls = entry["class_name"]
        cfg = entry.get("config") or {}
        who = f"layer {node.layer!r} ({cls})"
        inp = arg_shapes(node.args)
        is_op = operations.is_operation(entry)
        if not is_op and isinstance(inp, list) and any(s is None for s in inp):
            inp = None
        if is_op:  # its rule reads numbers and keys (Constants) among the shapes
            out = operations.output_shape(entry, inp, who)
            tensor_shapes = [a for a in inp if not isinstance(a, Constant)]
            built.setdefault(node.layer, (tensor_shapes[0] if len(tensor_shapes) == 1 else tensor_shapes, [], None))
        elif cls in SUPPORTED_MODELS:
            if node.layer not in built:
                sub = model_spec({k: v for k, v in entry.items() if k not in ("name", "inbound_nodes")},
                                 allow_code_layers)
                if len(sub.input_shapes or [sub.input_shape]) != 1 or len(sub.output_shapes or [sub.output_shape]) != 1:
                    raise ConfigError(f"{who}: a nested model must have one input and one output")
                variables = [v for layer in sub.layers for v in layer.variables]
                built[node.layer] = (inp, variables, sub)
            out = built[node.layer][2].output_shape
        else:
            rule = _RULES.get(cls) or torch_layer_rule(cls) or _unknown_code_layer
            out, variables = rule(inp, cfg, who, node.kwargs) if node.kwargs else rule(inp, cfg, who)
            if node.layer not in built:
                built[node.layer] = (inp, variables, None)
        if isinstance(out, list):  # several output tensors: layer[node][0], layer[node][1], ...
            outputs[node.layer] = len(out)
            for i, s in enumerate(out):
                shapes[TensorRef(node.layer, node.index, i)] = s
        else:
            shapes[TensorRef(node.layer, node.index, 0)] = out
        last_out[node.layer] = out

    # Operations are not in model.layers, so they take no weights-file group (nor a name among them).
    is_op = [operations.is_operation(e) for e in graph.entries]
    h5_iter = iter(unique_h5_names([e.get("class_name", "") for e, op in zip(graph.entries, is_op) if not op]))
    h5_names = [None if op else next(h5_iter) for op in is_op]
    layers: List[LayerSpec] = []
    for idx, (name, h5_name) in enumerate(zip(graph.layer_names, h5_names)):
        entry = entries[name]
        cls = entry["class_name"]
        if name not in built:
            raise ConfigError(f"layer {name!r} ({cls}) is not used by the model's graph")
        inp, variables, sub = built[name]
        nodes = graph.layer_nodes(name)
        trainable = model_trainable and _layer_trainable(entry.get("config") or {})
        if sub is not None:
            # The nested model's own per-layer flags decide; a frozen container freezes them all.
            variables = [VariableSpec(v.name, v.shape, v.trainable and layer.trainable and trainable)
                         for layer in sub.layers for v in layer.variables]
        layers.append(LayerSpec(
            name=name, class_name=cls, entry=entry, index=idx, input_shape=inp, output_shape=last_out.get(name),
            variables=variables, h5_path=None if h5_name is None else f"layers/{h5_name}",
            trainable=True if sub is not None else trainable,
            submodel=sub, connections=[[r.label() for r in n.inputs] for n in nodes], operation=h5_name is None,
        ))
    input_shapes = [shapes.get(r) for r in graph.inputs]
    output_shapes = [shapes.get(r) for r in graph.outputs]
    return ModelSpec(
        class_name="Functional", name=graph.name, input_layer=None, layers=layers,
        input_shape=input_shapes[0], output_shape=output_shapes[0], graph=graph,
        input_shapes=input_shapes, output_shapes=output_shapes,
    )


def shape_matches(expected: Optional[Shape], found: Sequence[int]) -> bool:
    if expected is None:
        return True
    found = tuple(found)
    return len(expected) == len(found) and all(e is None or e == f for e, f in zip(expected, found))


def check_layer_weights(spec: ModelSpec, layer_weights, strict: bool = True) -> None:
    """Check `layer_weights` (list of (layer name, [arrays]) or dict name -> [arrays]) against the spec.

    Every layer with variables must be present with the right number of arrays of the right shapes;
    layers without variables may be absent or have an empty list. Raises ConfigError naming the
    layer, the variable, the expected and the found shape.
    """
    if isinstance(layer_weights, dict):
        items = list(layer_weights.items())
    else:
        items = list(layer_weights)
    by_name: Dict[str, Any] = {}
    for item in items:
        try:
            name, arrays = item
        except (TypeError, ValueError):
            raise ConfigError("layer_weights must hold (layer name, list of arrays) pairs")
        if name in by_name:
            raise ConfigError(f"layer_weights holds layer {name!r} twice")
        by_name[name] = arrays
    weight_layers = spec.weight_layers()
    known = {name for name, _, _ in weight_layers}
    if spec.input_layer is not None:
        known.add(spec.input_layer.name)
    extra = [n for n in by_name if n not in known]
    if extra:
        raise ConfigError(f"layer_weights names layer(s) not in the model: {', '.join(map(repr, extra))}")
    if spec.input_layer is not None and by_name.get(spec.input_layer.name):
        raise ConfigError(f"InputLayer {spec.input_layer.name!r} has no weights but was given some")
    for name, layer, _ in weight_layers:
        arrays = by_name.get(name)
        who = f"layer {name!r} ({layer.class_name})"
        if arrays is None:
            if layer.variables:
                raise ConfigError(
                    f"missing weights for {who}: expected {len(layer.variables)} arrays "
                    f"({', '.join(v.name + ' ' + format_shape(v.shape) for v in layer.variables)})"
                )
            continue
        arrays = list(arrays)
        if len(arrays) != len(layer.variables):
            raise ConfigError(
                f"{who} expects {len(layer.variables)} weight arrays "
                f"({', '.join(v.name + ' ' + format_shape(v.shape) for v in layer.variables) or 'none'}), "
                f"found {len(arrays)}"
            )
        for var, arr in zip(layer.variables, arrays):
            found = tuple(getattr(arr, "shape", ()))
            if not shape_matches(var.shape, found):
                raise ConfigError(
                    f"{who}: weight '{var.name}' has shape {found}, expected "
                    f"{tuple(var.shape)} from the config"
                )
