"""Translate legacy HDF5 model configs (Keras 2 / tf.keras / Keras 3 `model.save("x.h5")`) into the
Keras 3 `config.json` schema, so that the same engines can build them.

Keras 3's own legacy loader accepts the old schema and fixes it up while deserializing (layer
`batch_input_shape` -> `batch_shape`, list axes -> int, ...). We do the equivalent statically and
produce the dict Keras 3 would write to `config.json` for the resulting model: `module` /
`registered_name` on every serialized object, DTypePolicy dicts, `build_config` on the layers that
have one, `build_input_shape`, and a `compile_config` made from the legacy `training_config`.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Dict, List, Optional, Tuple

from .engine_rules import known_layer, writes_build_config
from .shapes import (
    CLASSES_WITH_BUILD_CONFIG,
    CODE_LAYERS,
    ConfigError,
    model_spec,
    normalize_shape,
)

# Layers whose config's input_dim is a vocabulary size, not Keras 2's shape hint.
_VOCABULARY_LAYERS = ("Embedding", "ReversibleEmbedding")

# Keyword arguments each supported layer accepts in Keras 3 (besides the base layer's).
_BASE_LAYER_KEYS = ("name", "trainable", "dtype", "activity_regularizer", "autocast")
_LAYER_KEYS = {
    "InputLayer": ("batch_shape", "dtype", "sparse", "ragged", "name", "optional", "shape", "batch_size"),
    "Dense": (
        "units", "activation", "use_bias", "kernel_initializer", "bias_initializer",
        "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
        "bias_constraint", "lora_rank", "lora_alpha", "quantization_config",
    ),
    "Activation": ("activation",),
    "Dropout": ("rate", "noise_shape", "seed"),
    "BatchNormalization": (
        "axis", "momentum", "epsilon", "center", "scale", "beta_initializer", "gamma_initializer",
        "moving_mean_initializer", "moving_variance_initializer", "beta_regularizer",
        "gamma_regularizer", "beta_constraint", "gamma_constraint", "synchronized", "renorm",
        "renorm_clipping", "renorm_momentum",
    ),
    "Flatten": ("data_format",),
    "Conv2D": (
        "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups",
        "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer",
        "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint",
        "lora_rank", "lora_alpha",
    ),
    "MaxPooling2D": ("pool_size", "strides", "padding", "data_format"),
    "GlobalAveragePooling2D": ("data_format", "keepdims"),
}

# Sub-objects of layer configs and the Keras 3 module their classes live in.
_OBJECT_MODULES = {
    "_initializer": "keras.initializers",
    "_regularizer": "keras.regularizers",
    "_constraint": "keras.constraints",
}

_OPTIMIZER_BASE_KEYS = (
    "name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "use_ema",
    "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps",
)
_OPTIMIZER_KEYS = {
    "Adam": ("beta_1", "beta_2", "epsilon", "amsgrad"),
    "AdamW": ("beta_1", "beta_2", "epsilon", "amsgrad"),
    "Adamax": ("beta_1", "beta_2", "epsilon"),
    "Nadam": ("beta_1", "beta_2", "epsilon"),
    "SGD": ("momentum", "nesterov"),
    "RMSprop": ("rho", "momentum", "epsilon", "centered"),
    "Adagrad": ("initial_accumulator_value", "epsilon"),
    "Adadelta": ("rho", "epsilon"),
    "Ftrl": (
        "learning_rate_power", "initial_accumulator_value", "l1_regularization_strength",
        "l2_regularization_strength", "l2_shrinkage_regularization_strength", "beta",
    ),
}
_OPTIMIZER_DEFAULTS = {  # Keras 3 defaults for keys absent in Keras 2 optimizer configs
    "weight_decay": None, "clipnorm": None, "global_clipnorm": None, "clipvalue": None,
    "use_ema": False, "ema_momentum": 0.99, "ema_overwrite_frequency": None,
    "loss_scale_factor": None, "gradient_accumulation_steps": None,
}
_OPTIMIZER_CLASS_ALIASES = {"sgd": "SGD", "rmsprop": "RMSprop", "adam": "Adam", "adamw": "AdamW",
                            "adamax": "Adamax", "nadam": "Nadam", "adagrad": "Adagrad",
                            "adadelta": "Adadelta", "ftrl": "Ftrl"}

_LOSS_REDUCTIONS = {"auto": "sum_over_batch_size", "sum_over_batch_size": "sum_over_batch_size",
                    "sum": "sum", "none": None, "mean": "mean"}


def decode_legacy_json(text: Any) -> Any:
    """json.loads with Keras's legacy json_utils object hooks (tuples, TensorShapes)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    elif hasattr(text, "tobytes") and not isinstance(text, str):  # numpy bytes_ / void
        text = bytes(text).decode("utf-8")

    def hook(obj):
        cls = obj.get("class_name")
        if cls == "__tuple__" and "items" in obj:
            return list(obj["items"])
        if cls == "TensorShape" and "items" in obj:
            return list(obj["items"])
        if cls == "__ellipsis__":
            return "..."
        return obj

    return json.loads(text, object_hook=hook)


def _dtype_policy(value: Any) -> Any:
    """Legacy dtype ("float32", {"class_name": "Policy", ...}) -> Keras 3 DTypePolicy dict."""
    if value is None:
        value = "float32"
    if isinstance(value, str):
        return {"module": "keras", "class_name": "DTypePolicy", "config": {"name": value},
                "registered_name": None}
    if isinstance(value, dict):
        cls = value.get("class_name")
        cfg = value.get("config") or {}
        if cls in ("Policy", "PolicyV1", "DTypePolicy", "FloatDTypePolicy") and isinstance(cfg, dict):
            return {"module": "keras", "class_name": "DTypePolicy",
                    "config": {"name": cfg.get("name", "float32")}, "registered_name": None}
        if "module" not in value:
            out = {"module": "keras", **value}
            out.setdefault("registered_name", None)
            return out
    return value


def _with_module(obj: Any, module: str) -> Any:
    """{"class_name": X, "config": {...}} -> {"module": module, "class_name": X, "config": ..., "registered_name": None}."""
    if not isinstance(obj, dict) or "class_name" not in obj:
        return obj
    if "module" in obj:
        out = dict(obj)
        out.setdefault("registered_name", None)
        return out
    return {"module": module, "class_name": obj["class_name"], "config": obj.get("config", {}),
            "registered_name": None}


def _translate_layer_config(cls: str, cfg: Dict[str, Any], notes: List[str]) -> Dict[str, Any]:
    cfg = dict(cfg)
    out: Dict[str, Any] = {}
    if cls == "InputLayer":
        batch_shape = cfg.pop("batch_shape", None)
        if batch_shape is None:
            batch_shape = cfg.pop("batch_input_shape", None)
        if batch_shape is None and cfg.get("shape") is not None:
            batch_shape = [cfg.get("batch_size")] + list(cfg["shape"])
        dtype = cfg.get("dtype") or "float32"
        if isinstance(dtype, dict):
            dtype = (dtype.get("config") or {}).get("name", "float32")
        return {
            "batch_shape": batch_shape,
            "dtype": dtype,
            "sparse": bool(cfg.get("sparse", False)),
            "ragged": bool(cfg.get("ragged", False)),
            "name": cfg.get("name", "input_layer"),
            "optional": bool(cfg.get("optional", False)),
        }
    allowed = set(_BASE_LAYER_KEYS) | set(_LAYER_KEYS.get(cls, cfg.keys()))
    out["name"] = cfg.pop("name", None)
    out["trainable"] = cfg.pop("trainable", True)
    out["dtype"] = _dtype_policy(cfg.pop("dtype", None))
    for key, value in cfg.items():
        if key in ("batch_input_shape", "batch_shape", "input_shape", "input_dim", "batch_size") \
                and not (key == "input_dim" and cls in _VOCABULARY_LAYERS):  # an Embedding's vocabulary size
            continue  # moved to an InputLayer by the caller
        if known_layer(cls) and key not in allowed:
            if value not in (None, False, 0, [], {}):
                notes.append(f"layer {out['name']!r} ({cls}): legacy option {key}={value!r} dropped")
            continue
        if key == "axis" and isinstance(value, list) and len(value) == 1:
            value = int(value[0])
        if key == "activity_regularizer" and value is None and cls == "Dense":
            continue  # Keras 3 Dense configs omit it when unset
        for suffix, module in _OBJECT_MODULES.items():
            if key.endswith(suffix):
                value = _with_module(value, module)
        if key == "activation" and isinstance(value, dict):
            value = _with_module(value, "keras.activations")
        out[key] = value
    return out


def translate_model_config(model_config: Any, training_config: Any = None,
                           notes: Optional[List[str]] = None) -> Dict[str, Any]:
    """Legacy `model_config` (+ optional `training_config`) -> Keras 3 config.json dict."""
    notes = notes if notes is not None else []
    if not isinstance(model_config, dict) or "class_name" not in model_config:
        raise ConfigError("model_config is not a Keras model config (no 'class_name')")
    model_config = copy.deepcopy(model_config)
    cls = model_config["class_name"]
    if cls == "Model" and isinstance(model_config.get("config"), dict) and "input_layers" in model_config["config"]:
        cls = "Functional"
    if cls == "Functional":
        return _translate_functional(model_config, training_config, notes)
    if cls != "Sequential":
        raise ConfigError(f"model class {cls!r} is not supported (supported: Sequential, Functional)")
    inner = model_config.get("config")
    if isinstance(inner, list):  # Keras <= 2.2.2: the config was the list of layers
        inner = {"name": "sequential", "layers": inner}
    if not isinstance(inner, dict) or not isinstance(inner.get("layers"), list):
        raise ConfigError("the legacy model config has no 'layers' list")

    layers_in = inner["layers"]
    layers_out: List[Dict[str, Any]] = []
    batch_shape = None
    for i, entry in enumerate(layers_in):
        if not isinstance(entry, dict) or "class_name" not in entry:
            raise ConfigError(f"layer #{i} of the legacy model config is not a serialized layer")
        lcls = entry["class_name"]
        lcfg = entry.get("config") or {}
        if not isinstance(lcfg, dict):
            raise ConfigError(f"layer #{i} ({lcls}) has a malformed config")
        if i == 0 and lcls != "InputLayer":
            bis = lcfg.get("batch_input_shape") or lcfg.get("batch_shape")
            if bis is None and lcfg.get("input_shape") is not None:
                bis = [lcfg.get("batch_size")] + list(lcfg["input_shape"])
            if bis is None and lcfg.get("input_dim") is not None and lcls not in _VOCABULARY_LAYERS:
                bis = [None, lcfg["input_dim"]]
            if bis is not None:
                dtype = lcfg.get("dtype") or "float32"
                if isinstance(dtype, dict):
                    dtype = (dtype.get("config") or {}).get("name", "float32")
                layers_out.append({
                    "module": "keras.layers", "class_name": "InputLayer",
                    "config": _translate_layer_config(
                        "InputLayer", {"batch_shape": list(bis), "dtype": dtype, "name": "input_layer"}, notes),
                    "registered_name": None,
                })
        new_entry = {
            "module": entry.get("module") or "keras.layers",
            "class_name": lcls,
            "config": _translate_layer_config(lcls, lcfg, notes),
            "registered_name": entry.get("registered_name"),
        }
        if lcls in CODE_LAYERS or not known_layer(lcls):
            # keep unknown layers as they are (the caller reports them)
            new_entry["config"] = dict(lcfg)
        layers_out.append(new_entry)

    out_inner: Dict[str, Any] = {
        "name": inner.get("name", "sequential"),
        "trainable": inner.get("trainable", True),
        "dtype": _dtype_policy(inner.get("dtype")),
        "layers": layers_out,
    }
    out: Dict[str, Any] = {"module": "keras", "class_name": "Sequential", "config": out_inner,
                           "registered_name": None}

    # Shapes: add build configs like Keras 3 writes them once the model is built.
    try:
        spec = model_spec(out, allow_code_layers=True)
    except ConfigError:
        spec = None
        # let the caller's own model_spec call report the problem
    if spec is not None and spec.input_shape is not None:
        for layer in spec.layers:
            if (layer.class_name in CLASSES_WITH_BUILD_CONFIG or writes_build_config(layer.class_name)) \
                    and layer.input_shape is not None:
                layers_out[layer.index]["build_config"] = {"input_shape": list(layer.input_shape)}
        out_inner["build_input_shape"] = list(spec.input_shape)
        out["build_config"] = {"input_shape": list(spec.input_shape)}
    elif inner.get("build_input_shape") is not None:
        shape = normalize_shape(inner["build_input_shape"], "build_input_shape")
        out_inner["build_input_shape"] = list(shape)
        out["build_config"] = {"input_shape": list(shape)}

    # Keras 3 writes compile_config = {} for a model that is not compiled.
    out["compile_config"] = translate_training_config(training_config, notes) if training_config else {}
    return out


def _translate_functional(model_config: Dict[str, Any], training_config: Any, notes: List[str]) -> Dict[str, Any]:
    """A legacy Functional ("Model" in tf.keras) config -> Keras 3's: layer configs translated as for
    a Sequential, nested models recursively; names, inbound_nodes, input_layers and output_layers
    are kept (model_files.graph reads both inbound-node formats)."""
    inner = model_config.get("config")
    if not isinstance(inner, dict) or not isinstance(inner.get("layers"), list):
        raise ConfigError("the legacy Functional config has no 'layers' list")
    layers_out: List[Dict[str, Any]] = []
    for i, entry in enumerate(inner["layers"]):
        if not isinstance(entry, dict) or "class_name" not in entry:
            raise ConfigError(f"layer #{i} of the legacy model config is not a serialized layer")
        lcls = entry["class_name"]
        lcfg = entry.get("config") or {}
        if not isinstance(lcfg, dict):
            raise ConfigError(f"layer #{i} ({lcls}) has a malformed config")
        name = entry.get("name", lcfg.get("name"))
        if lcls in ("Sequential", "Functional", "Model"):
            new_entry = translate_model_config({"class_name": lcls, "config": lcfg}, None, notes)
        else:
            new_entry = {
                "module": entry.get("module") or "keras.layers",
                "class_name": lcls,
                "config": _translate_layer_config(lcls, lcfg, notes),
                "registered_name": entry.get("registered_name"),
            }
            if lcls in CODE_LAYERS or not known_layer(lcls):
                new_entry["config"] = dict(lcfg)  # kept as is: the caller reports it
        new_entry["name"] = name
        new_entry["inbound_nodes"] = entry.get("inbound_nodes") or []
        layers_out.append(new_entry)
    out_inner = {
        "name": inner.get("name", "functional"),
        "trainable": inner.get("trainable", True),
        "layers": layers_out,
        "input_layers": inner.get("input_layers"),
        "output_layers": inner.get("output_layers"),
    }
    out: Dict[str, Any] = {"module": "keras.src.models.functional", "class_name": "Functional",
                           "config": out_inner, "registered_name": "Functional",
                           "build_config": {"input_shape": None}}
    out["compile_config"] = translate_training_config(training_config, notes) if training_config else {}
    return out


def _translate_optimizer(opt: Any, notes: List[str]) -> Any:
    if isinstance(opt, str):
        return opt
    if not isinstance(opt, dict) or "class_name" not in opt:
        raise ConfigError(f"optimizer_config is not a serialized optimizer: {opt!r}")
    cls = str(opt["class_name"])
    if cls.startswith("Custom>") or cls.startswith("Keras>"):
        cls = cls.split(">", 1)[1]
    cls = _OPTIMIZER_CLASS_ALIASES.get(cls.lower(), cls)
    cfg = dict(opt.get("config") or {})
    if "lr" in cfg and "learning_rate" not in cfg:
        cfg["learning_rate"] = cfg.pop("lr")
    decay = cfg.pop("decay", 0.0)
    if decay:
        notes.append(f"optimizer {cls}: legacy decay={decay} dropped (Keras 3 has no 'decay')")
    lr = cfg.get("learning_rate")
    if isinstance(lr, dict) and "class_name" in lr:
        cfg["learning_rate"] = _with_module(lr, "keras.optimizers.schedules")
    if cls in _OPTIMIZER_KEYS:
        keys = list(_OPTIMIZER_BASE_KEYS) + list(_OPTIMIZER_KEYS[cls])
        new_cfg = {}
        for key in keys:
            if key in cfg:
                new_cfg[key] = cfg[key]
            elif key in _OPTIMIZER_DEFAULTS:
                new_cfg[key] = _OPTIMIZER_DEFAULTS[key]
        if "name" not in new_cfg:
            new_cfg["name"] = cls.lower()
        dropped = [k for k in cfg if k not in new_cfg and k not in ("is_legacy_optimizer", "jit_compile")]
        if dropped:
            notes.append(f"optimizer {cls}: legacy option(s) {', '.join(dropped)} dropped")
        cfg = new_cfg
    return {"module": opt.get("module") or "keras.optimizers", "class_name": cls, "config": cfg,
            "registered_name": opt.get("registered_name")}


def _translate_loss(loss: Any) -> Any:
    if isinstance(loss, dict) and "class_name" in loss:
        out = _with_module(loss, "keras.losses")
        cfg = out.get("config")
        if isinstance(cfg, dict) and "reduction" in cfg:
            cfg = dict(cfg)
            cfg["reduction"] = _LOSS_REDUCTIONS.get(cfg["reduction"], cfg["reduction"])
            out["config"] = cfg
        return out
    if isinstance(loss, list):
        return [_translate_loss(x) for x in loss]
    if isinstance(loss, dict):
        return {k: _translate_loss(v) for k, v in loss.items()}
    return loss


def _translate_metric(metric: Any) -> Any:
    if isinstance(metric, list):
        return [_translate_metric(m) for m in metric]
    if isinstance(metric, dict) and "class_name" in metric:
        if metric["class_name"] == "MeanMetricWrapper" and "module" not in metric:
            cfg = metric.get("config") or {}
            name = cfg.get("name")
            fn = cfg.get("fn")
            if name in ("accuracy", "acc"):
                return "accuracy"
            if isinstance(fn, str):
                return fn
            return name
        return _with_module(metric, "keras.metrics")
    if isinstance(metric, dict):
        return {k: _translate_metric(v) for k, v in metric.items()}
    if metric == "acc":
        return "accuracy"
    return metric


def translate_training_config(training_config: Dict[str, Any], notes: List[str]) -> Dict[str, Any]:
    tc = dict(training_config)
    metrics = tc.get("metrics")
    # Keras 2 stored per-output metric lists ([[...]]); a single-output model has one list.
    if isinstance(metrics, list) and len(metrics) == 1 and isinstance(metrics[0], list):
        metrics = metrics[0]
    weighted = tc.get("weighted_metrics")
    if isinstance(weighted, list) and len(weighted) == 1 and isinstance(weighted[0], list):
        weighted = weighted[0]
    opt = tc.get("optimizer_config", tc.get("optimizer"))
    return {
        "optimizer": _translate_optimizer(opt, notes) if opt is not None else None,
        "loss": _translate_loss(tc.get("loss")),
        "loss_weights": tc.get("loss_weights"),
        "metrics": _translate_metric(metrics) if metrics is not None else None,
        "weighted_metrics": _translate_metric(weighted) if weighted is not None else None,
        "run_eagerly": bool(tc.get("run_eagerly", False)),
        "steps_per_execution": tc.get("steps_per_execution", 1) or 1,
        "jit_compile": bool(tc.get("jit_compile", False)),
    }


def normalize_keras2_config(config: Dict[str, Any], notes: Optional[List[str]] = None) -> Dict[str, Any]:
    """A config.json written by Keras 2.13-2.15 (`.keras` files with keras_version 2.x) -> the Keras 3
    schema: DTypePolicy dicts, InputLayer batch_shape, Keras 3 optimizer options."""
    notes = notes if notes is not None else []
    out = translate_model_config({"class_name": config.get("class_name"), "config": config.get("config")},
                                 None, notes)
    cc = config.get("compile_config")
    if isinstance(cc, dict) and cc:
        new_cc = dict(cc)
        if cc.get("optimizer") is not None:
            new_cc["optimizer"] = _translate_optimizer(cc["optimizer"], notes)
        new_cc["loss"] = _translate_loss(cc.get("loss"))
        if cc.get("metrics") is not None:
            new_cc["metrics"] = _translate_metric(cc["metrics"])
        new_cc["run_eagerly"] = bool(cc.get("run_eagerly") or False)
        new_cc["steps_per_execution"] = cc.get("steps_per_execution") or 1
        new_cc["jit_compile"] = bool(cc.get("jit_compile") or False)
        out["compile_config"] = new_cc
    return out


def optimizer_weight_names_are_keras3(names: List[str]) -> bool:
    """Keras 3 legacy h5 optimizer weights: 'adam/iteration', 'adam/learning_rate', ...;
    Keras 2: 'Adam/iter:0', 'Adam/dense/kernel/m:0', ... (a different variable set and order)."""
    return bool(names) and not any(n.endswith(":0") for n in names) and names[0].endswith("/iteration")


def layer_weight_names_look_legacy(names: List[str]) -> bool:
    return any(n.endswith(":0") for n in names)


__all__ = [
    "decode_legacy_json",
    "translate_model_config",
    "translate_training_config",
    "optimizer_weight_names_are_keras3",
]

