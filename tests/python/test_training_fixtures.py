"""Reproduces every Keras 3.15.1 training trajectory in the shared fixtures with the PyTorch engine.

Run: PYTHONPATH=src/KerasBridge/Python /usr/bin/python3 tests/python/check_training_fixtures.py [fixtures dir]
Builds each model from its model_config, sets initial_weights, compiles and fits as Keras did, then
compares every per-epoch history value, every final weight and the predictions.
Exit code 1 when any error exceeds the tolerance (1e-4 relative).
"""

import glob
import json
import os
import sys

import numpy as np

from kerasbridge import bridge

TOLERANCE = 1e-4
FIXTURES = sys.argv[1] if len(sys.argv) > 1 else "tests/KerasBridge.Tests/fixtures/keras-3.15.1/training"


def rel_error(actual, expected):
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if actual.shape != expected.shape:
        raise AssertionError(f"shape {actual.shape} != expected {expected.shape}")
    return float(np.max(np.abs(actual - expected) / np.maximum(np.abs(expected), 1e-3))) if actual.size else 0.0


def run_case(path):
    case = json.load(open(path))
    engine = bridge.get_engine("torch")
    model = engine.model_from_config({"module": "keras", "class_name": "Sequential", "config": case["model_config"],
                                      "registered_name": None})
    model.set_weights([np.asarray(w, dtype=np.float32) for w in case["initial_weights"]])
    compile_args = case["compile"]
    model.compile(optimizer=compile_args["optimizer"], loss=compile_args["loss"], metrics=compile_args.get("metrics"))
    fit_args = case["fit"]
    x = np.asarray(case["x"], dtype=np.float32)
    y = np.asarray(case["y"], dtype=np.float32)
    result = model.fit(x, y, epochs=fit_args["epochs"], batch_size=fit_args["batch_size"],
                       validation_split=fit_args.get("validation_split", 0.0), shuffle=fit_args.get("shuffle", True))
    errors = {}
    expected_history = case["history"]
    if sorted(result["history"]) != sorted(expected_history):
        raise AssertionError(f"history keys {sorted(result['history'])} != {sorted(expected_history)}")
    errors["history"] = max(rel_error(result["history"][k], expected_history[k]) for k in expected_history)
    weights = model.get_weights()
    errors["weights"] = max(rel_error(w, e) for w, e in zip(weights, case["final_weights"]))
    errors["predictions"] = rel_error(model.predict(x, batch_size=32), case["predictions"])
    return errors


def main():
    failed = False
    paths = sorted(glob.glob(os.path.join(FIXTURES, "*.json")))
    if not paths:
        print(f"no fixtures in {FIXTURES}")
        return 1
    for path in paths:
        name = os.path.basename(path)[:-5]
        try:
            errors = run_case(path)
        except Exception as e:  # report every case, then fail
            print(f"FAIL {name}: {type(e).__name__}: {e}")
            failed = True
            continue
        worst = max(errors.values())
        status = "ok  " if worst <= TOLERANCE else "FAIL"
        failed |= worst > TOLERANCE
        print(f"{status} {name:24s} max rel error: history {errors['history']:.2e}  weights {errors['weights']:.2e}  "
              f"predictions {errors['predictions']:.2e}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
