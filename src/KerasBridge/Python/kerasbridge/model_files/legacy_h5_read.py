"""Reading legacy HDF5 model files (Keras 2 / tf.keras / Keras 3 `model.save("x.h5")`): HDF5 with
`model_config` (+ `training_config`) attributes and a `model_weights` group; legacy weights-only
`.h5` (`save_weights("x.h5")` in Keras 2) holds the `layer_names` attribute at the root.

Parsed from a snapshot of the file's bytes (common.read_snapshot), never the live file.
"""

from __future__ import annotations

import json
from typing import Dict, List, Tuple

import numpy as np

from ..errors import ModelFileError
from .common import (
    LayerWeights,
    LoadedModelFile,
    _attr_list,
    _attr_str,
    _check_safe,
    _check_version,
    _config_problem,
    _expected,
    _open_h5,
    _read_dataset,
    _safe_child,
    _spec,
)
from .legacy import decode_legacy_json, optimizer_weight_names_are_keras3, translate_model_config
from .shapes import ConfigError, ModelSpec, shape_matches


def _read_legacy_layer_weights(group, spec: ModelSpec, path: str, where: str) -> LayerWeights:
    layer_names = _attr_list(group, "layer_names")
    saved: List[Tuple[str, List[str]]] = []
    for name in layer_names:
        g = _safe_child(group, name, "group", path, where)
        if g is None:
            raise ModelFileError(path, f"{where}: layer {name!r} is listed in layer_names but has no group")
        weight_names = _attr_list(g, "weight_names")
        if weight_names:
            saved.append((name, weight_names))
    expected = spec.layers_with_variables
    if len(saved) != len(expected):
        raise ModelFileError(
            path, f"{where} holds weights for {len(saved)} layer(s) "
                  f"({', '.join(n for n, _ in saved) or 'none'}) but the model has {len(expected)} "
                  f"layer(s) with weights ({', '.join(l.name for l in expected) or 'none'})")
    by_layer: Dict[str, List[np.ndarray]] = {}
    for (saved_name, weight_names), layer in zip(saved, expected):
        g = group[saved_name]
        label = f"layer {layer.name!r} ({layer.class_name})"
        if len(weight_names) != len(layer.variables):
            raise ModelFileError(path, f"{where}: {label} expects {len(layer.variables)} weight arrays "
                                       f"({_expected(layer)}), the file has {len(weight_names)} "
                                       f"({', '.join(weight_names)})")
        arrays = []
        # Keras's legacy writer stores trainable_weights + non_trainable_weights (_legacy_weights): SpectralNormalization's
        # kernel, bias, vector_u for its variables kernel, vector_u, bias. A frozen layer's are all non-trainable.
        order = list(range(len(layer.variables)))
        if layer.trainable and layer.submodel is None:
            order.sort(key=lambda i: not layer.variables[i].trainable)
        for wname, var in zip(weight_names, [layer.variables[i] for i in order]):
            ds = _safe_child(g, wname, "dataset", path, f"{where}/{saved_name}")
            if ds is None:
                raise ModelFileError(path, f"{where}: weight {wname!r} of {label} is missing")
            # A nested model's weights come trainable-first, not per layer: checked by name in _split_nested.
            if layer.submodel is None and not shape_matches(var.shape, ds.shape):
                raise ModelFileError(
                    path, f"weights of {label} do not match the config: '{var.name}' ({wname}) has "
                          f"shape {tuple(ds.shape)}, expected {tuple(var.shape)}")
            arrays.append(_read_dataset(ds, path, f"{where}/{saved_name}/{wname}"))
        if layer.submodel is not None:
            by_layer.update(_split_nested(layer, weight_names, arrays, path, where))
        else:
            by_layer[layer.name] = [arrays[order.index(i)] for i in range(len(arrays))]
    top = _safe_child(group, "top_level_model_weights", "group", path, where)
    if top is not None and _attr_list(top, "weight_names"):
        raise ModelFileError(path, f"{where}: model-level weights (top_level_model_weights) are not supported")
    return [(name, by_layer.get(name, [])) for name, layer, _ in spec.weight_layers()
            if layer.class_name != "InputLayer"]


def _split_nested(layer, weight_names: List[str], arrays: List[np.ndarray], path: str, where: str):
    """A nested model's weights, stored under its own group as "<model>/<layer>/<variable>" in
    trainable-then-non-trainable order, given back per inner layer ("<model>/<layer>") in Keras's
    variable order, matched by name."""
    found: Dict[Tuple[str, str], np.ndarray] = {}
    for wname, array in zip(weight_names, arrays):
        parts = wname.split(":")[0].split("/")
        if len(parts) >= 2:
            found[(parts[-2], parts[-1])] = array
    out = {}
    for name, inner, _ in layer.submodel.weight_layers(f"{layer.name}/"):
        values = []
        for var in inner.variables:
            value = found.get((inner.name, var.name))
            if value is None:
                raise ModelFileError(path, f"{where}: weight '{inner.name}/{var.name}' of nested model "
                                           f"{layer.name!r} is missing (found {', '.join(weight_names)})")
            if not shape_matches(var.shape, value.shape):
                raise ModelFileError(
                    path, f"weights of layer '{name}' ({inner.class_name}) do not match the config: "
                          f"'{var.name}' has shape {tuple(value.shape)}, expected {tuple(var.shape)}")
            values.append(value)
        out[name] = values
    return out


def _read_legacy_optimizer(f, path: str, notes: List[str]) -> List[np.ndarray]:
    group = _safe_child(f, "optimizer_weights", "group", path, "optimizer_weights")
    if group is None:
        return []
    names = _attr_list(group, "weight_names")
    if not names:
        return []
    if not optimizer_weight_names_are_keras3(names):
        notes.append("optimizer state saved by Keras 2 (different variables) was not carried over; "
                     "the optimizer starts fresh")
        return []
    values = []
    for name in names:
        ds = _safe_child(group, name, "dataset", path, "optimizer_weights")
        if ds is None:
            raise ModelFileError(path, f"optimizer_weights: {name!r} is listed but missing")
        values.append(_read_dataset(ds, path, f"optimizer_weights/{name}"))
    return values


def _read_legacy_h5_model(path: str, data: bytes, safe_mode: bool) -> LoadedModelFile:
    with _open_h5(path, data) as f:
        attrs = {k: _attr_str(f.attrs[k]) for k in f.attrs.keys()}
        if "model_config" not in attrs:
            if "layers" in f or "vars" in f:
                raise ModelFileError(path, "is a Keras 3 weights file (.weights.h5) without a model config; "
                                           "load it into a model of the same layers with LoadWeights (Keras: load_weights)")
            if "layer_names" in f.attrs or "model_weights" in f:
                raise ModelFileError(path, "has no model_config: it is a weights-only HDF5 file; "
                                           "load it into a model of the same layers with LoadWeights (Keras: load_weights)")
            raise ModelFileError(path, "is an HDF5 file without a Keras model_config attribute "
                                       "(not a Keras model file)")
        _check_version(path, attrs.get("keras_version"))
        try:
            legacy_config = decode_legacy_json(attrs["model_config"])
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise ModelFileError(path, f"its model_config attribute is not valid JSON ({e})")
        training_config = None
        if attrs.get("training_config") is not None:
            try:
                training_config = decode_legacy_json(attrs["training_config"])
            except (json.JSONDecodeError, UnicodeDecodeError) as e:
                raise ModelFileError(path, f"its training_config attribute is not valid JSON ({e})")
        _check_safe(path, legacy_config, safe_mode, extra=training_config)
        notes: List[str] = []
        try:
            config = translate_model_config(legacy_config, training_config, notes)
        except ConfigError as e:
            raise _config_problem(path, e) from None
        spec = _spec(path, config, allow_code_layers=not safe_mode)
        mw = _safe_child(f, "model_weights", "group", path, "model_weights")
        if mw is None:
            raise ModelFileError(path, "has no model_weights group (the model's weights)")
        layer_weights = _read_legacy_layer_weights(mw, spec, path, "model_weights")
        optimizer = _read_legacy_optimizer(f, path, notes) if config.get("compile_config") else []
        metadata = {k: v for k, v in attrs.items() if k not in ("model_config", "training_config")}
    return LoadedModelFile(config=config, layer_weights=layer_weights, optimizer_variables=optimizer,
                           metadata=metadata, format="h5", notes=notes)
