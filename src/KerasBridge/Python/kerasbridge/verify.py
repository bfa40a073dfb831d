"""Reports what the lesson's installation check asks for: each package's __version__ as the
interpreter itself reports it, plus the devices the deep-learning packages see."""
import importlib
import os
import sys
import time

PACKAGES = ["numpy", "tensorflow", "keras", "torch", "seaborn", "sklearn", "pandas", "matplotlib", "keras_tuner"]


def _extras(name, module):
    if name == "tensorflow":
        gpus = module.config.list_physical_devices("GPU")
        return {"gpus": [g.name for g in gpus]}
    if name == "keras":
        return {"backend": module.backend.backend()}
    if name == "torch":
        cuda = bool(module.cuda.is_available())
        devices = [module.cuda.get_device_name(i) for i in range(module.cuda.device_count())] if cuda else []
        return {"cuda": cuda, "cuda_devices": devices}
    return {}


def check_package(name):
    started = time.perf_counter()
    try:
        module = importlib.import_module(name)
    except Exception as exc:  # ImportError, but also broken installs raising anything at import
        return {"module": name, "version": None, "error": f"{type(exc).__name__}: {exc}",
                "extras": {}, "seconds": time.perf_counter() - started}
    try:
        extras = _extras(name, module)
    except Exception as exc:
        extras = {"error": f"{type(exc).__name__}: {exc}"}
    return {"module": name, "version": str(getattr(module, "__version__", "unknown")), "error": None,
            "extras": extras, "seconds": time.perf_counter() - started}


def python_info():
    return {
        "version": "%d.%d.%d" % sys.version_info[:3],
        "executable": sys.executable,
        "prefix": sys.prefix,
        "base_prefix": sys.base_prefix,
        "venv": sys.prefix != sys.base_prefix,
        "keras_backend_env": os.environ.get("KERAS_BACKEND"),
    }


def report(packages=None):
    from kerasbridge.plot_model import graphviz_version
    return {"python": python_info(), "packages": [check_package(p) for p in (packages or PACKAGES)],
            "graphviz": graphviz_version()}
