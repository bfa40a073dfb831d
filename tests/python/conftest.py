"""Shared paths and fixtures for the Python-side tests (run: python-env/.venv/bin/python -m pytest tests/python -q).

The package under test is the one shipped in the assembly (src/KerasBridge/Python); the fixture files are the
repository's own Keras 3.15.1 files (tests/KerasBridge.Tests/fixtures/).
"""

import os
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PACKAGE_ROOT = os.path.join(REPO, "src", "KerasBridge", "Python")
FIXTURES_ROOT = os.path.join(REPO, "tests", "KerasBridge.Tests", "fixtures")
FIXTURES = os.path.join(FIXTURES_ROOT, "keras-3.15.1")
TRAINING_FIXTURES = os.path.join(FIXTURES, "training")
PENGUINS_CSV = os.path.join(FIXTURES_ROOT, "penguins.csv")

if PACKAGE_ROOT not in sys.path:
    sys.path.insert(0, PACKAGE_ROOT)


def fixture_path(name):
    """A file of the Keras 3.15.1 fixtures, e.g. fixture_path("penguins_mlp.keras")."""
    return os.path.join(FIXTURES, name)


@pytest.fixture
def fixture():
    return fixture_path


@pytest.fixture
def tmp(tmp_path):
    """tmp("name") -> a path (str) in this test's own temporary folder."""
    return lambda name: str(tmp_path / name)


def keras_available():
    try:
        import keras  # noqa: F401
    except Exception:
        return False
    return True


def keras_numpy(value):
    """A Keras tensor as numpy on any device (np.asarray refuses CUDA tensors: KERAS_TORCH_DEVICE=cuda runs)."""
    import keras
    import numpy as np

    return np.asarray(keras.ops.convert_to_numpy(value))


def keras_tensor(array):
    """A numpy array as a Keras tensor on Keras's device (torch refuses to mix a CPU tensor with CUDA ones)."""
    import keras

    return keras.ops.convert_to_tensor(array)


def keras_config(model):
    """A Keras model's get_config() as its JSON reads back (tuples as lists), to compare with the PyTorch engine's."""
    import json

    return json.loads(json.dumps(model.get_config()))


def keras_summary(model):
    """What a Keras model's summary() prints."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model.summary()
    return out.getvalue()


def assert_predicts_and_fits_like_keras(model, ours, x, y):
    """A Keras model and its PyTorch-engine twin `ours` (the same weights): the same config, summary and predictions,
    then the same history (validation_split 0.25 included), weights and predictions after a 2-epoch Adam fit."""
    import keras

    from test_optimizers_keras import assert_close  # 1e-4 relative, 1e-6 absolute floor

    assert ours.config()["config"]["layers"] == keras_config(model)["layers"]
    assert ours.summary() == keras_summary(model)
    assert_close(ours.predict(x), model.predict(x, verbose=0), "predict")
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
    ours.compile(optimizer={"class_name": "Adam", "config": {"learning_rate": 0.05}}, loss="mse")
    expected = model.fit(x, y, epochs=2, batch_size=8, shuffle=False, validation_split=0.25, verbose=0).history
    got = ours.fit(x, y, epochs=2, batch_size=8, shuffle=False, validation_split=0.25)["history"]
    assert sorted(got) == sorted(expected)
    for key in expected:
        assert_close(got[key], expected[key], f"history {key}")
    weights = model.get_weights()
    assert len(ours.get_weights()) == len(weights)
    for i, (a, e) in enumerate(zip(ours.get_weights(), weights)):
        assert_close(a, e, f"weight {i}")
    assert_close(ours.predict(x), model.predict(x, verbose=0), "predict after fit")


def assert_files_round_trip(model, ours, x, tmp, legacy_h5=True, rebuild=None):
    """A Keras model and its PyTorch-engine twin `ours` (holding the same weights) through each other's files:
    ours -> ours (exact), ours -> Keras (.keras, .weights.h5), Keras -> ours (.keras, the legacy .h5 unless
    legacy_h5 is False, and .weights.h5 into `rebuild()`, by default a model made from ours.config()).
    Returns the model that read Keras's .weights.h5."""
    import numpy as np

    import keras

    from kerasbridge import bridge
    from test_optimizers_keras import assert_close  # 1e-4 relative, 1e-6 absolute floor

    engine = bridge.get_engine("torch")
    expected = model.predict(x, verbose=0)
    ours.save(tmp("ours.keras"))
    again = engine.load_model(tmp("ours.keras"))
    assert again.config() == ours.config()
    assert np.array_equal(again.predict(x), ours.predict(x))
    theirs = keras.saving.load_model(tmp("ours.keras"))
    assert keras_config(theirs)["layers"] == keras_config(model)["layers"]
    assert_close(theirs.predict(x, verbose=0), expected, "Keras reading our .keras")
    ours.save_weights(tmp("ours.weights.h5"))
    model.load_weights(tmp("ours.weights.h5"))
    assert_close(model.predict(x, verbose=0), expected, "Keras reading our .weights.h5")
    model.save(tmp("theirs.keras"))
    names = ["theirs.keras"]
    if legacy_h5:
        model.save(tmp("theirs.h5"))
        names.append("theirs.h5")
    model.save_weights(tmp("theirs.weights.h5"))
    for name in names:
        loaded = engine.load_model(tmp(name))
        assert loaded.config()["config"]["layers"] == keras_config(model)["layers"], name
        assert_close(loaded.predict(x), expected, name)
    fresh = rebuild() if rebuild is not None else engine.model_from_config(ours.config())
    fresh.load_weights(tmp("theirs.weights.h5"))
    assert_close(fresh.predict(x), expected, "our model reading Keras's .weights.h5")
    return fresh
