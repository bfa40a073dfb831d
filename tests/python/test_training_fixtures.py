"""Reproduces every Keras 3.15.1 training trajectory in the fixtures with the PyTorch engine.

Builds each model from its model_config, sets initial_weights, compiles and fits as Keras did, then
compares every per-epoch history value, every final weight and the predictions.
Every error must be within the tolerance (1e-4 relative).
"""

import glob
import json
import os

import numpy as np
import pytest

from conftest import TRAINING_FIXTURES
from kerasbridge import bridge

TOLERANCE = 1e-4
CASES = sorted(glob.glob(os.path.join(TRAINING_FIXTURES, "*.json")))


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


def test_there_are_training_fixtures():
    assert CASES, f"no fixtures in {TRAINING_FIXTURES}"


@pytest.mark.parametrize("path", CASES, ids=[os.path.basename(p)[:-5] for p in CASES])
def test_training_trajectory_matches_keras(path):
    errors = run_case(path)
    assert max(errors.values()) <= TOLERANCE, errors
