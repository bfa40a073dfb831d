"""Writes the part of the Keras API catalog that KerasBridge embeds (src/KerasBridge/Keras/Catalog/keras-catalog.json).

The catalog (keras-api/keras-3.15.1-catalog.json, made by introspecting Keras 3.15.1) lists every public class with
its constructor's parameters and, where the class builds without arguments, its get_config(). This keeps what the
C# side needs to create and check objects by name: the constructible classes of the groups C# exposes, each with
its serialized class name (aliases such as MaxPool2D serialize as MaxPooling2D), parameters (name, default,
required) and default config.

Usage: python tools/trim_catalog.py [CATALOG] [OUT]; aliases are read from the installed Keras when it imports
(the same 3.15.1), else from the table below.
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = pathlib.Path("/work/shared/keras-api/keras-3.15.1-catalog.json")
DEFAULT_OUT = ROOT / "src/KerasBridge/Keras/Catalog/keras-catalog.json"

# The public module Keras serializes each group's objects under.
MODULES = {
    "layers": "keras.layers",
    "initializers": "keras.initializers",
    "regularizers": "keras.regularizers",
    "constraints": "keras.constraints",
    "losses": "keras.losses",
    "metrics": "keras.metrics",
    "optimizers": "keras.optimizers",
    "schedules": "keras.optimizers.schedules",
    "callbacks": "keras.callbacks",
}

# Base classes and classes that need Python code or another framework: not creatable from a name and a config.
NOT_CREATABLE = {
    "layers": {"Layer", "InputSpec", "Wrapper", "Lambda", "TorchModuleWrapper", "JaxLayer", "FlaxLayer", "TFSMLayer", "InputLayer", "Pipeline"},
    "initializers": {"Initializer"},
    "regularizers": {"Regularizer"},
    "constraints": {"Constraint"},
    "losses": {"Loss"},
    "metrics": {"Metric", "MeanMetricWrapper"},
    "optimizers": {"Optimizer", "LossScaleOptimizer", "MultiOptimizer", "OptimizerMap"},
    "schedules": {"LearningRateSchedule"},
    "callbacks": {"Callback", "CallbackList", "History", "LambdaCallback", "OrbaxCheckpoint"},
}


def keras_aliases():
    """{group: {exported name: class __name__}} for exported names that are another class's alias."""
    try:
        import keras  # noqa: PLC0415 - optional: only to read aliases
    except Exception:  # noqa: BLE001
        return None
    modules = {
        "layers": keras.layers, "initializers": keras.initializers, "regularizers": keras.regularizers,
        "constraints": keras.constraints, "losses": keras.losses, "metrics": keras.metrics,
        "optimizers": keras.optimizers, "schedules": keras.optimizers.schedules, "callbacks": keras.callbacks,
    }
    result = {}
    for group, module in modules.items():
        result[group] = {}
        for name in dir(module):
            obj = getattr(module, name)
            if isinstance(obj, type) and obj.__name__ != name:
                result[group][name] = obj.__name__
    return result


def value_type(value):
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, list):
        return "list"
    return None


def trim(source, aliases):
    groups = {}
    for group, module in MODULES.items():
        entries = []
        for item in source["groups"][group]:
            if item["kind"] != "class" or item["name"] in NOT_CREATABLE[group]:
                continue
            params = []
            kwargs = False
            for p in item["params"]:
                if p["kind"] == "VAR_KEYWORD":
                    kwargs = True
                    continue
                if p["kind"] == "VAR_POSITIONAL":
                    continue
                param = {"name": p["name"]}
                if p.get("required"):
                    param["required"] = True
                else:
                    param["default"] = p.get("default")
                    t = value_type(p.get("default"))
                    if t is not None:
                        param["type"] = t
                params.append(param)
            entry = {
                "name": item["name"],
                "class_name": aliases.get(group, {}).get(item["name"], item["name"]),
                "params": params,
                "kwargs": kwargs,
            }
            if "default_config" in item:
                entry["default_config"] = item["default_config"]
            entries.append(entry)
        groups[group] = {"module": module, "classes": entries}
    activations = sorted(
        item["name"] for item in source["groups"]["activations"]
        if item["kind"] == "function" and item["name"] not in ("get", "serialize", "deserialize"))
    return {"keras_version": source["keras_version"], "activations": activations, "groups": groups}


def main(argv):
    source_path = pathlib.Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    out = pathlib.Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    source = json.loads(source_path.read_text())
    aliases = keras_aliases()
    if aliases is None:
        sys.exit("trim_catalog.py: Keras does not import here; run it with python-env/.venv/bin/python.")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(trim(source, aliases), indent=1, sort_keys=True) + "\n")
    print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv)
