"""numpy 2 and Python 3.12 compatibility of the bridge's Python package (src/KerasBridge/Python/kerasbridge).

Two kinds of checks, used by tools/gpu_check on the device machine (numpy 2, Python 3.12) and by
tests/python/test_numpy2_compat.py here (numpy 1.24, Python 3.11), so both interpreters hold the package to them:
- a scan of the source for names numpy 2.0 removed (NumPy 2.0 migration guide, "Main namespace" and "ndarray
  methods") and modules/functions Python 3.12 removed (distutils, imp, asyncore, asynchat, smtpd; PEP 632, 594),
  plus np.array(..., copy=False), whose meaning numpy 2 changed (it raises where a copy is needed);
- behaviour probes that differ between numpy 1 and 2 where the package meets them: features passed without a
  copy, read-only arrays, results that must be plain Python floats (NEP 50 keeps numpy scalars numpy scalars,
  and numpy 2 prints them as np.float32(...)), float32 per-sample losses, and every module importing without a
  DeprecationWarning or FutureWarning raised from the package itself.
"""

import ast
import importlib
import json
import os
import pkgutil
import warnings

import numpy as np

# numpy 2.0 removed these from the main namespace (or they moved to np.lib / np.exceptions).
NUMPY_REMOVED = {
    "float_", "complex_", "cfloat", "clongfloat", "longfloat", "singlecomplex", "longcomplex", "string_", "unicode_",
    "Inf", "Infinity", "infty", "NaN", "NAN", "PINF", "NINF", "PZERO", "NZERO", "product", "cumproduct", "sometrue",
    "alltrue", "cast", "asfarray", "find_common_type", "round_", "msort", "issubclass_", "issctype", "maximum_sctype",
    "obj2sctype", "sctype2char", "sctypes", "set_string_function", "safe_eval", "who", "byte_bounds", "deprecate",
    "deprecate_with_doc", "disp", "recfromcsv", "recfromtxt", "geterrobj", "seterrobj", "lookfor", "source",
    "compat", "mat", "int0", "uint0", "bool8", "object0", "void0", "str0", "bytes0", "DataSource", "nbytes",
    "fastCopyAndTranspose", "set_numeric_ops", "mintypecode", "tracemalloc_domain", "add_newdoc_ufunc",
    "add_docstring", "add_newdoc", "in1d", "row_stack", "trapz", "core", "AxisError", "ComplexWarning",
    "VisibleDeprecationWarning", "RankWarning", "TooHardError", "ModuleDeprecationWarning",
}
# ndarray methods numpy 2 removed.
NDARRAY_REMOVED = {"newbyteorder", "itemset", "ptp", "tostring", "getfield_", "setfield_"}
# Python 3.12 removed these modules (PEP 594 and PEP 632; imp since 3.12).
PYTHON_REMOVED_MODULES = {"distutils", "imp", "asyncore", "asynchat", "smtpd"}
# Deprecated in 3.12 (warn on every call): datetime.utcnow/utcfromtimestamp; pkg_resources warns on import.
PYTHON_DEPRECATED_CALLS = {"utcnow", "utcfromtimestamp"}
PYTHON_DEPRECATED_MODULES = {"pkg_resources"}


def package_files(package_root):
    root = os.path.join(package_root, "kerasbridge")
    for folder, _, names in os.walk(root):
        for name in sorted(names):
            if name.endswith(".py"):
                yield os.path.join(folder, name)


def _numpy_aliases(tree):
    aliases = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases |= {a.asname or a.name for a in node.names if a.name == "numpy"}
    return aliases or {"np", "numpy"}


def scan_source(package_root):
    """Findings 'path:line: what' for every removed or changed name the package uses."""
    findings = []
    for path in package_files(package_root):
        with open(path, encoding="utf-8") as f:
            tree = ast.parse(f.read(), path)
        where = os.path.relpath(path, package_root)
        numpy_names = _numpy_aliases(tree)
        for node in ast.walk(tree):
            line = getattr(node, "lineno", 0)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in numpy_names:
                if node.attr in NUMPY_REMOVED:
                    findings.append(f"{where}:{line}: numpy.{node.attr} (removed in numpy 2)")
            elif isinstance(node, ast.Attribute) and node.attr in NDARRAY_REMOVED and isinstance(node.ctx, ast.Load):
                findings.append(f"{where}:{line}: .{node.attr} (an ndarray method numpy 2 removed)")
            elif isinstance(node, ast.Attribute) and node.attr in PYTHON_DEPRECATED_CALLS:
                findings.append(f"{where}:{line}: {node.attr} (deprecated in Python 3.12)")
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                for module in modules:
                    top = module.split(".")[0]
                    if top in PYTHON_REMOVED_MODULES:
                        findings.append(f"{where}:{line}: import {module} (removed in Python 3.12)")
                    elif top in PYTHON_DEPRECATED_MODULES:
                        findings.append(f"{where}:{line}: import {module} (deprecated; warns on Python 3.12)")
                    elif top == "numpy" and module.startswith("numpy.core"):
                        findings.append(f"{where}:{line}: import {module} (numpy.core is private in numpy 2)")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "array" \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id in numpy_names:
                for keyword in node.keywords:
                    if keyword.arg == "copy" and isinstance(keyword.value, ast.Constant) and keyword.value.value is False:
                        findings.append(f"{where}:{line}: np.array(..., copy=False) (raises in numpy 2 when a copy is "
                                        "needed; use np.asarray)")
    return findings


def import_all_modules(package_root):
    """{module: "ok" | "skipped: ..." | "error: ..."}: every kerasbridge module imported with DeprecationWarning and
    FutureWarning raised from the package itself turned into errors."""
    results = {}
    with warnings.catch_warnings():
        warnings.filterwarnings("error", category=DeprecationWarning, module=r"kerasbridge(\..*)?$")
        warnings.filterwarnings("error", category=FutureWarning, module=r"kerasbridge(\..*)?$")
        import kerasbridge
        # The entry points first, as C# imports them: some engine modules import each other in a cycle that only
        # resolves from there (importing torch_engine.activation_layers alone fails on any numpy or Python).
        for entry in ("kerasbridge.bridge", "kerasbridge.dotnet_api", "kerasbridge.torch_engine.engine"):
            importlib.import_module(entry)
        for info in pkgutil.walk_packages(kerasbridge.__path__, "kerasbridge."):
            try:
                importlib.import_module(info.name)
                results[info.name] = "ok"
            except ImportError as e:  # keras (the Keras engine's modules) or an optional package missing
                missing = getattr(e, "name", None) or ""
                if missing.split(".")[0] in {"keras", "onnx", "onnxruntime", "tensorflow", "matplotlib", "pydot"}:
                    results[info.name] = f"skipped: {missing} is not installed"
                else:
                    results[info.name] = f"error: {type(e).__name__}: {e}"
            except Exception as e:
                results[info.name] = f"error: {type(e).__name__}: {e}"
    return results


def behaviour_probes(engine):
    """[(probe, ok, detail)] on `engine` (a kerasbridge engine); nothing here needs a GPU."""
    from kerasbridge import validation

    results = []

    def probe(name, check):
        try:
            ok, detail = check()
        except Exception as e:
            ok, detail = False, f"{type(e).__name__}: {e}"
        results.append((name, bool(ok), str(detail)))

    x = np.linspace(-1, 1, 24, dtype=np.float32).reshape(6, 4)

    def no_copy():
        out = validation.features(x, (None, 4), "predict")
        return np.shares_memory(out, x), "float32 C-contiguous features reach the engine without a copy"

    def converts():
        out = validation.features(x.astype(np.float64)[:, ::2].repeat(2, axis=1), (None, 4), "predict")
        return out.dtype == np.float32 and out.flags.c_contiguous, f"float64 strided -> {out.dtype}, contiguous"

    config = {"module": "keras", "class_name": "Sequential", "registered_name": None, "config": {"name": "probe", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, 4]}},
        {"class_name": "Dense", "config": {"units": 3, "activation": "softmax"}}]}}
    engine.set_random_seed(3)
    model = engine.model_from_config(config)
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    y = np.eye(3, dtype=np.float32)[[0, 1, 2, 0, 1, 2]]

    def read_only():
        frozen = np.frombuffer(x.tobytes(), dtype=np.float32).reshape(6, 4)
        with warnings.catch_warnings():
            warnings.filterwarnings("error", message=".*not writable.*")  # torch.from_numpy's warning
            out = np.asarray(model.predict(frozen))
        return out.shape == (6, 3), "a read-only array predicts without a warning"

    def plain_floats():
        history = model.fit(x, y, epochs=2, batch_size=4, shuffle=False)["history"]
        values = [v for series in history.values() for v in series]
        evaluated = model.evaluate(x, y)
        flat = evaluated if isinstance(evaluated, (list, tuple)) else list(evaluated.values()) if isinstance(evaluated, dict) else [evaluated]
        kinds = {type(v).__name__ for v in values + list(flat)}
        json.dumps(history)
        return kinds == {"float"}, f"history and evaluate values are {sorted(kinds)}; repr {values[0]!r}"

    def float32_losses():
        values = engine.loss_values("mse", y, np.full((6, 3), 0.25, dtype=np.float32))
        return values.dtype == np.float32 and values.shape == (6,), f"loss_values: {values.dtype} {values.shape}"

    for name, check in (("features without a copy", no_copy), ("features converted", converts),
                        ("read-only input", read_only), ("plain float results", plain_floats),
                        ("float32 per-sample losses", float32_losses)):
        probe(name, check)
    return results
