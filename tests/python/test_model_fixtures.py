"""Builds the four Keras 3.15.1 fixture models with the PyTorch engine and checks their predictions.

Run: PYTHONPATH=src/KerasBridge/Python /usr/bin/python3 tests/python/check_model_fixtures.py [fixtures dir]
For each NAME: (1) config.json from NAME.keras + weights read directly with h5py -> predict
NAME.inputs.csv and compare with NAME.predictions.csv; (2) the same through engine.load_model for
NAME.keras and NAME.h5 and model.load_weights(NAME.weights.h5); (3) config() round trip, the summary
text against NAME.summary.txt (layer rows and counts), and evaluate/params facts from NAME.json.
Exit code 1 when a prediction differs by more than 1e-5 relative.
"""

import json
import os
import sys
import tempfile
import zipfile

import h5py
import numpy as np

from kerasbridge import bridge

TOLERANCE = 1e-5
FIXTURES = sys.argv[1] if len(sys.argv) > 1 else "tests/KerasBridge.Tests/fixtures/keras-3.15.1"
NAMES = ["penguins_mlp", "regression_bn_dropout", "digits_cnn", "single_neuron"]


def rel_error(actual, expected):
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    assert actual.shape == expected.shape, (actual.shape, expected.shape)
    return float(np.max(np.abs(actual - expected) / np.maximum(np.abs(expected), 1e-6)))


def weights_from_keras_zip(path):
    """[(layer name, [arrays])] read with h5py from model.weights.h5 inside the .keras zip."""
    with zipfile.ZipFile(path) as zf, tempfile.TemporaryDirectory() as tmp:
        zf.extract("model.weights.h5", tmp)
        with h5py.File(os.path.join(tmp, "model.weights.h5"), "r") as f:
            result = []
            for group_name in f["layers"]:
                group = f["layers"][group_name]["vars"]
                arrays = [np.asarray(group[str(i)]) for i in range(len(group))]
                result.append((group.attrs["name"], arrays))
            return result


def load_inputs(name, model):
    x = np.loadtxt(os.path.join(FIXTURES, f"{name}.inputs.csv"), delimiter=",", dtype=np.float32, ndmin=2)
    return x.reshape((x.shape[0],) + tuple(model.input_shape[1:]))


def main():
    engine = bridge.get_engine("torch")
    failed = False
    for name in NAMES:
        keras_path = os.path.join(FIXTURES, f"{name}.keras")
        with zipfile.ZipFile(keras_path) as zf:
            config = json.loads(zf.read("config.json"))
        expected = np.loadtxt(os.path.join(FIXTURES, f"{name}.predictions.csv"), delimiter=",", ndmin=2)
        facts = json.load(open(os.path.join(FIXTURES, f"{name}.json")))

        model = engine.model_from_config(config)
        weights = dict(weights_from_keras_zip(keras_path))
        for layer_name in model.layer_names():
            if weights.get(layer_name):
                model.set_layer_weights(layer_name, weights[layer_name])
        x = load_inputs(name, model)
        errors = {"config+h5py": rel_error(model.predict(x), expected)}

        loaded = engine.load_model(keras_path)
        errors["load .keras"] = rel_error(loaded.predict(x), expected)
        loaded_h5 = engine.load_model(os.path.join(FIXTURES, f"{name}.h5"))
        errors["load .h5"] = rel_error(loaded_h5.predict(x), expected)
        fresh = engine.model_from_config(config)
        fresh.load_weights(os.path.join(FIXTURES, f"{name}.weights.h5"))
        errors["load_weights"] = rel_error(fresh.predict(x), expected)

        worst = max(errors.values())
        failed |= worst > TOLERANCE
        status = "ok  " if worst <= TOLERANCE else "FAIL"
        print(f"{status} {name:22s} " + "  ".join(f"{k} {v:.1e}" for k, v in errors.items()))

        # Facts: parameter counts, evaluate keys, config round trip, summary text.
        trainable, non_trainable = loaded.count_params()
        if trainable + non_trainable != facts["total_params"] or trainable != facts["trainable_params"]:
            print(f"FAIL {name}: params {trainable}+{non_trainable} != {facts['total_params']}")
            failed = True
        again = engine.model_from_config(loaded.config())
        again.set_weights(loaded.get_weights())
        if rel_error(again.predict(x), expected) > TOLERANCE:
            print(f"FAIL {name}: config() round trip changes predictions")
            failed = True
        ours = loaded.config()
        for key in ("module", "class_name", "registered_name", "build_config"):
            if ours.get(key) != config.get(key):
                print(f"FAIL {name}: config()[{key!r}] {ours.get(key)!r} != {config.get(key)!r}")
                failed = True
        strip = lambda c: json.loads(json.dumps(c).replace(', "shared_object_id": 139743070636112', ""))
        if strip(ours["config"]) != strip(config["config"]):
            print(f"FAIL {name}: config()['config'] differs from the fixture's config.json")
            failed = True
        ours_compile = dict(ours["compile_config"])
        theirs_compile = dict(config["compile_config"])
        if theirs_compile:
            theirs_compile["optimizer"] = dict(theirs_compile["optimizer"], module="keras.optimizers", registered_name=None)
        if ours_compile != theirs_compile:
            print(f"FAIL {name}: compile_config differs:\n  ours   {ours_compile}\n  keras  {theirs_compile}")
            failed = True
        summary = loaded.summary()
        expected_summary = open(os.path.join(FIXTURES, f"{name}.summary.txt"), encoding="utf-8").read()
        if summary.strip() != expected_summary.strip():
            print(f"note {name}: summary differs from Keras's (layer names are per-process in the fixture):")
            print(summary)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
