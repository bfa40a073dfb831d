"""Safe-mode check: find config entries whose deserialization would run code stored in the file.

Keras's safe_mode refuses `__lambda__` entries (Python bytecode of a lambda). We are stricter, since
the engines never need such entries: we also refuse Lambda-like layers (whose function is code or a
reference to arbitrary Python), `function` entries that point outside Keras, and objects registered
from non-Keras modules (custom classes whose code would have to be imported).
"""

from __future__ import annotations

from typing import Any, List, Optional, Tuple

from .shapes import CODE_LAYERS

# Packages Keras's own deserializer imports from (keras_hub & co. ship layers, not user code).
_KERAS_MODULE_PREFIXES = ("keras", "tf_keras", "tensorflow.keras", "tensorflow.python.keras",
                          "keras_hub", "keras_cv", "keras_nlp")


def _is_keras_module(module: Any) -> bool:
    if not isinstance(module, str):
        return True  # absent/None: legacy configs carry no module
    return module == "builtins" or any(
        module == p or module.startswith(p + ".") for p in _KERAS_MODULE_PREFIXES
    )


def _describe(obj: dict) -> str:
    return str(obj.get("class_name"))


def find_unsafe(config: Any) -> List[Tuple[str, str]]:
    """Return (where, why) for every entry of `config` that would run code when deserialized.

    `where` names the model layer holding the entry (e.g. "layer 'lambda' (Lambda)") or the part of
    the config ("compile_config", "model config").
    """
    found: List[Tuple[str, str]] = []

    def layer_label(entry: dict) -> Optional[str]:
        cfg = entry.get("config")
        name = cfg.get("name") if isinstance(cfg, dict) else None
        return f"layer {name!r} ({entry.get('class_name')})"

    def visit(obj: Any, where: str, depth: int) -> None:
        if depth > 200:
            found.append((where, "the config is nested too deeply to be checked"))
            return
        if isinstance(obj, list):
            for item in obj:
                visit(item, where, depth + 1)
            return
        if not isinstance(obj, dict):
            return
        cls = obj.get("class_name")
        if isinstance(cls, str):
            module = obj.get("module")
            registered = obj.get("registered_name")
            if cls in CODE_LAYERS:
                found.append((where, f"a {cls} layer runs Python code stored in or referenced by the file"))
            elif cls == "__lambda__":
                found.append((where, "it holds the bytecode of a Python lambda"))
            elif cls == "function" and not _is_keras_module(module):
                fn = obj.get("config")
                found.append((where, f"it references the Python function {fn!r} from module {module!r}"))
            elif not _is_keras_module(module):
                found.append((where, f"it holds a custom object {cls!r} from module {module!r}"))
            elif (isinstance(registered, str) and ">" in registered
                  and not (isinstance(module, str) and _is_keras_module(module))):
                found.append((where, f"it holds the custom registered object {registered!r}"))
        for key, value in obj.items():
            if key == "layers" and isinstance(value, list):
                for entry in value:
                    if isinstance(entry, dict) and "class_name" in entry:
                        visit(entry, layer_label(entry), depth + 1)
                    else:
                        visit(entry, where, depth + 1)
            elif key == "compile_config" or key == "training_config":
                visit(value, key, depth + 1)
            elif isinstance(value, (dict, list)):
                visit(value, where, depth + 1)

    visit(config, "model config", 0)
    # one line per place, first reason kept
    seen = set()
    unique = []
    for where, why in found:
        if where not in seen:
            seen.add(where)
            unique.append((where, why))
    return unique


def unsafe_message(found: List[Tuple[str, str]]) -> str:
    parts = "; ".join(f"{where}: {why}" for where, why in found)
    return (
        f"refusing to load in safe mode: {parts}. Loading it could run arbitrary code. "
        "If you trust the source of this file, load it with safe mode off "
        "(safeMode: false in C#, safe_mode=False in Python)."
    )
