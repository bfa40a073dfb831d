"""The fixture checks of the GPU check, through the bridge's Python package (the surface C# calls).

Trajectories: every Keras 3.15.1 training fixture (tests/KerasBridge.Tests/fixtures/keras-3.15.1/training, the
Sequential ones and multi_io/functional_two_heads.json): build from the config, set the initial weights, compile
and fit as Keras did, compare every History value, final weight and prediction. Predictions: every fixture model
with NAME.inputs.csv and NAME.predictions.csv (top level, functional/, layers/, applications/), loaded from .keras
(and .h5 on the PyTorch engine), then saved and loaded again in this process (must predict the same to the bit).
Tolerance: |a - e| <= 1e-4 * max(|e|, 1e-2), the project's cross-machine policy (FixtureModels.Tolerance).
"""

import copy
import glob
import json
import os
import tempfile
import time

import numpy as np

TOLERANCE = 1e-4
FLOOR = 1e-2
PREDICTION_FOLDERS = ("", "functional", "layers", "applications")


def rel_error(actual, expected):
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if actual.size == expected.size and actual.shape != expected.shape:
        actual = actual.reshape(expected.shape)  # (n,) vs (n, 1) from a CSV
    if actual.shape != expected.shape:
        raise AssertionError(f"shape {actual.shape} != expected {expected.shape}")
    return float(np.max(np.abs(actual - expected) / np.maximum(np.abs(expected), FLOOR))) if actual.size else 0.0


def trajectory_cases(fixtures):
    training = os.path.join(fixtures, "training")
    return sorted(glob.glob(os.path.join(training, "*.json"))) + sorted(glob.glob(os.path.join(training, "multi_io", "*.json")))


def prediction_cases(fixtures):
    cases = []
    for folder in PREDICTION_FOLDERS:
        for path in sorted(glob.glob(os.path.join(fixtures, folder, "*.predictions.csv"))):
            stem = path[:-len(".predictions.csv")]
            if os.path.exists(stem + ".inputs.csv") and os.path.exists(stem + ".keras"):
                cases.append(stem)
    return cases


def case_name(fixtures, path):
    name = os.path.relpath(path, fixtures)
    return name[:-len(".json")] if name.endswith(".json") else name


def run_trajectory(engine, path):
    """Errors of one training fixture: {"history": e, "weights": e, "predictions": e}."""
    with open(path, encoding="utf-8") as f:
        case = json.load(f)
    if "model" in case:  # the whole model config; compiled below as Keras was, not from its compile_config
        config = dict(copy.deepcopy(case["model"]), compile_config={})
    else:  # older fixtures: a Sequential model's inner config
        config = {"module": "keras", "class_name": "Sequential", "config": case["model_config"], "registered_name": None}
    model = engine.model_from_config(config)
    model.set_weights([np.asarray(w, dtype=np.float32) for w in case["initial_weights"]])
    c = case["compile"]
    model.compile(optimizer=c["optimizer"], loss=c["loss"], metrics=c.get("metrics"), loss_weights=c.get("loss_weights"))
    fit = case["fit"]
    x = np.asarray(case["x"], dtype=np.float32)
    y = case["y"]
    y = {k: np.asarray(v, dtype=np.float32) for k, v in y.items()} if isinstance(y, dict) else np.asarray(y, dtype=np.float32)
    result = model.fit(x, y, epochs=fit["epochs"], batch_size=fit["batch_size"],
                       validation_split=fit.get("validation_split", 0.0), shuffle=fit.get("shuffle", True))
    history, expected_history = result["history"], case["history"]
    if sorted(history) != sorted(expected_history):
        raise AssertionError(f"history keys {sorted(history)} != Keras's {sorted(expected_history)}")
    json.dumps(history)  # numpy 2: the history holds plain floats, not numpy scalars
    errors = {"history": max(rel_error(history[k], expected_history[k]) for k in expected_history)}
    errors["weights"] = max(rel_error(w, e) for w, e in zip(model.get_weights(), case["final_weights"]))
    predictions, expected = model.predict(x), case["predictions"]
    if isinstance(expected, dict):
        names = list(expected)
        errors["predictions"] = max(rel_error(p, expected[n]) for p, n in zip(predictions, names))
    else:
        errors["predictions"] = rel_error(predictions, expected)
    return errors


def _inputs(stem, model):
    x = np.loadtxt(stem + ".inputs.csv", delimiter=",", dtype=np.float32, ndmin=2)
    return x.reshape((-1,) + tuple(model.input_shape[1:]))


def run_prediction(engine, stem, forms, scratch):
    """Errors of one fixture model: each file form loaded and predicting as Keras did, then save -> load in this
    process (the difference must be exactly 0)."""
    expected = np.loadtxt(stem + ".predictions.csv", delimiter=",", ndmin=2)
    errors = {}
    model = None
    for form in forms:
        model = engine.load_model(stem + form)
        x = _inputs(stem, model)
        errors[f"load {form}"] = rel_error(model.predict(x), expected)
    saved = os.path.join(scratch, os.path.basename(stem) + ".keras")
    before = np.asarray(model.predict(x))
    model.save(saved)
    after = np.asarray(engine.load_model(saved).predict(x))
    errors["save -> load (exact)"] = float(np.max(np.abs(after - before))) if before.size else 0.0
    return errors, float(errors["save -> load (exact)"]) == 0.0


def check_all(engine, fixtures, record, deadline, only=None, trajectories=True, predictions=True, forms=(".keras",)):
    """Runs the checks, calling record(result) after each; stops before a case when the deadline has passed."""
    cases = []
    if trajectories:
        cases += [("trajectory", p) for p in trajectory_cases(fixtures)]
    if predictions:
        cases += [("prediction", p) for p in prediction_cases(fixtures)]
    if only:
        cases = [(kind, p) for kind, p in cases if any(o in os.path.relpath(p, fixtures) for o in only)]
    with tempfile.TemporaryDirectory() as scratch:
        for kind, path in cases:
            name = case_name(fixtures, path)
            if time.monotonic() > deadline:
                record({"kind": kind, "case": name, "ok": None, "skipped": "the phase's time budget ran out"})
                continue
            started = time.perf_counter()
            try:
                if kind == "trajectory":
                    errors, exact = run_trajectory(engine, path), True
                else:
                    errors, exact = run_prediction(engine, path, forms, scratch)
                worst = max(v for k, v in errors.items() if "exact" not in k)
                record({"kind": kind, "case": name, "errors": errors, "max_error": worst,
                        "ok": bool(worst <= TOLERANCE and exact), "seconds": round(time.perf_counter() - started, 3)})
            except Exception as e:  # one failing case must not hide the others
                record({"kind": kind, "case": name, "ok": False, "error": f"{type(e).__name__}: {e}"[:2000],
                        "seconds": round(time.perf_counter() - started, 3)})
