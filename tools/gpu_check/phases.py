"""The phases of tools/gpu_check/check.py; each runs in its own process: phase(a, info, record, deadline, fixtures,
package_root), filling `info` and calling record(result) per result (a dict with "ok": True/False/None)."""

import platform
import time


def _precision():
    from kerasbridge.torch_engine.device import precision_settings

    return precision_settings()


def _keras():
    """(keras module or None, why not)."""
    try:
        import keras

        return keras, None
    except Exception as e:  # missing, or a dependency missing (packaging, optree, namex are the usual ones)
        return None, f"{type(e).__name__}: {e}"


def environment(a, info, record, deadline, fixtures, package_root):
    import numpy as np
    import torch

    info.update(python=platform.python_version(), numpy=np.__version__, torch=torch.__version__,
                torch_cuda=torch.version.cuda, cuda_available=torch.cuda.is_available(), requested_device=a.device,
                machine=f"{platform.machine()}, {platform.system()} {platform.release()}",
                float32_flags_at_start=_precision())
    if torch.cuda.is_available():
        info["gpus"] = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
        info["cudnn"] = torch.backends.cudnn.version()
        props = torch.cuda.get_device_properties(0)
        info["gpu_memory_gib"] = round(props.total_memory / 2**30, 1)
        info["compute_capability"] = f"{props.major}.{props.minor}"
    for name in ("h5py", "ml_dtypes", "rich", "absl", "packaging", "optree", "namex", "onnxruntime"):
        try:
            module = __import__(name)
            info[name] = getattr(module, "__version__", "present")
        except Exception as e:
            info[name] = f"missing ({type(e).__name__})"
    keras, why = _keras()
    info["keras"] = f"{keras.__version__} (backend {keras.backend.backend()}) from {keras.__file__}" if keras else why
    from kerasbridge import bridge

    info["engine_status"] = bridge.engine_status()
    record({"kind": "environment", "case": "keras imports", "ok": keras is not None, "detail": info["keras"]})
    record({"kind": "environment", "case": "requested device available",
            "ok": a.device != "cuda" or torch.cuda.is_available(), "detail": info["engine_status"]["torch"]})


def compat(a, info, record, deadline, fixtures, package_root):
    import compat_checks
    from kerasbridge import bridge

    findings = compat_checks.scan_source(package_root)
    record({"kind": "compat", "case": "source scan (numpy 2 / Python 3.12 removals)", "ok": not findings,
            "detail": findings or "none found"})
    imports = compat_checks.import_all_modules(package_root)
    errors = {k: v for k, v in imports.items() if v.startswith("error")}
    record({"kind": "compat", "case": f"import every module ({len(imports)})", "ok": not errors,
            "detail": errors or {k: v for k, v in imports.items() if v != "ok"} or "all ok"})
    record(_onnx_probe(bridge.get_engine("torch"), fixtures))
    engines = ["torch"] + (["keras"] if _keras()[0] is not None else [])
    for name in engines:
        for probe, ok, detail in compat_checks.behaviour_probes(bridge.get_engine(name)):
            record({"kind": "compat", "case": f"{name} engine: {probe}", "ok": ok, "detail": detail})


def _onnx_probe(engine, fixtures):
    """export_onnx on this torch (>= 2.9 defaults to an exporter the bridge does not use), then, where ONNX Runtime
    is installed, its predictions against the engine's."""
    import os
    import tempfile

    import numpy as np

    import fixture_checks

    case = {"kind": "compat", "case": "ONNX export (penguins_mlp) and ONNX Runtime"}
    stem = os.path.join(fixtures, "penguins_mlp")
    try:
        model = engine.load_model(stem + ".keras")
        x = np.loadtxt(stem + ".inputs.csv", delimiter=",", dtype=np.float32, ndmin=2)
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "model.onnx")
            model.export_onnx(path)
            try:
                import onnxruntime
            except ImportError:
                return dict(case, ok=True, detail=f"exported ({os.path.getsize(path)} bytes); onnxruntime not installed")
            session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
            got = session.run(None, {session.get_inputs()[0].name: x})[0]
        error = fixture_checks.rel_error(got, model.predict(x))
        return dict(case, ok=error <= fixture_checks.TOLERANCE, max_error=error,
                    detail=f"onnxruntime {onnxruntime.__version__}")
    except Exception as e:
        return dict(case, ok=False, error=f"{type(e).__name__}: {e}"[:2000])


def torch(a, info, record, deadline, fixtures, package_root):
    import fixture_checks
    from kerasbridge import bridge

    engine = bridge.get_engine("torch")
    info.update(engine=engine.version, device=engine.device, float32_flags=_precision())
    record(None)
    fixture_checks.check_all(engine, fixtures, record, deadline, only=a.only, forms=(".keras", ".h5"))


def keras(a, info, record, deadline, fixtures, package_root):
    _keras_checks(a, info, record, deadline, fixtures, tf32_off=True, trajectories=True)


def keras_tf32(a, info, record, deadline, fixtures, package_root):
    import torch

    if not torch.cuda.is_available() or a.device == "cpu":
        info["skipped"] = "TF32 exists on CUDA only"
        return
    info["informational"] = True
    _keras_checks(a, info, record, deadline, fixtures, tf32_off=False, trajectories=False)


def _keras_checks(a, info, record, deadline, fixtures, tf32_off, trajectories):
    import fixture_checks
    from kerasbridge import bridge
    from kerasbridge.torch_engine.device import use_float32_arithmetic

    keras, why = _keras()
    if keras is None:
        record({"kind": "keras", "case": "import keras", "ok": False, "error": why})
        return
    if tf32_off:
        use_float32_arithmetic()  # the PyTorch engine's flags; Keras itself leaves torch's defaults
    engine = bridge.get_engine("keras")
    info.update(engine=engine.version, device=engine.device, float32_flags=_precision(), tf32_off=tf32_off)
    record(None)

    def tagged(result):
        if not tf32_off:
            result["informational"] = True
        record(result)

    fixture_checks.check_all(engine, fixtures, tagged, deadline, only=a.only, trajectories=trajectories)
    info["float32_flags_at_end"] = _precision()  # nothing in between may have changed them


def agree(a, info, record, deadline, fixtures, package_root):
    """The PyTorch engine against real Keras on the same device, fixture model by fixture model: what the fixtures
    (made by Keras on a CPU) cannot tell apart from the device's own arithmetic (cuDNN's fused RNN kernels)."""
    import os

    import fixture_checks
    import numpy as np
    from kerasbridge import bridge
    from kerasbridge.torch_engine.device import use_float32_arithmetic

    keras, why = _keras()
    if keras is None:
        record({"kind": "engine vs Keras", "case": "import keras", "ok": False, "error": why})
        return
    use_float32_arithmetic()
    ours, theirs = bridge.get_engine("torch"), bridge.get_engine("keras")
    info.update(device=ours.device, keras_device=theirs.device, float32_flags=_precision())
    record(None)
    for stem in fixture_checks.prediction_cases(fixtures):
        name = fixture_checks.case_name(fixtures, stem)
        if a.only and not any(o in os.path.relpath(stem, fixtures) for o in a.only):
            continue
        if time.monotonic() > deadline:
            record({"kind": "engine vs Keras", "case": name, "ok": None, "skipped": "the phase's time budget ran out"})
            continue
        try:
            engine_model, keras_model = ours.load_model(stem + ".keras"), theirs.load_model(stem + ".keras")
            x = fixture_checks._inputs(stem, engine_model)
            got, want = engine_model.predict(x), keras_model.predict(x)
            expected = np.loadtxt(stem + ".predictions.csv", delimiter=",", ndmin=2)
            error = fixture_checks.rel_error(got, want)
            record({"kind": "engine vs Keras", "case": name, "max_error": error, "ok": error <= fixture_checks.TOLERANCE,
                    "errors": {"engine vs Keras": error, "engine vs fixture": fixture_checks.rel_error(got, expected),
                               "Keras vs fixture": fixture_checks.rel_error(want, expected)}})
        except Exception as e:  # one failing case must not hide the others
            record({"kind": "engine vs Keras", "case": name, "ok": False, "error": f"{type(e).__name__}: {e}"[:2000]})


def speed(a, info, record, deadline, fixtures, package_root):
    import torch

    import speed as benchmarks
    from kerasbridge import bridge

    keras, why = _keras()
    engine = bridge.get_engine("torch")
    info.update(device=engine.device, keras=keras.__version__ if keras else f"not measured: {why}",
                float32_flags=_precision(), torch_threads=torch.get_num_threads())
    if engine.torch_device.type == "cuda":
        info["gpu"] = torch.cuda.get_device_name(engine.torch_device)
    record(None)
    started = time.monotonic()
    benchmarks.benchmarks(engine.device, a.quick, deadline, keras, record)
    info["seconds"] = round(time.monotonic() - started, 1)
