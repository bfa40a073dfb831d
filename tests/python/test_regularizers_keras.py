"""Regularizers and constraints on the PyTorch engine, held against real Keras 3 (skipped without keras).

Each case builds a tiny model in Keras (torch backend), rebuilds it in the PyTorch engine from Keras's config
with Keras's initial weights, fits both without shuffling and compares the per-epoch history (the loss
includes the penalties, validation too), the final weights, evaluate and predict; then the config (Keras's
regularizer/constraint entries, keys in Keras's order) and a save/load round trip through a .keras file in
both directions, and a Keras-written legacy .h5. Tolerance: 1e-4 relative with an absolute floor of 1e-6.
"""

import json

import numpy as np
import pytest

from conftest import keras_available
from kerasbridge import bridge
from test_optimizers_keras import assert_close  # 1e-4 relative, 1e-6 absolute floor

pytestmark = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed")


def _cases():
    import keras
    from keras import constraints as C
    from keras import layers as L
    from keras import regularizers as R

    def dense():
        return [keras.Input((4,)),
                L.Dense(5, activation="tanh", kernel_regularizer=R.L2(0.05), bias_regularizer=R.L1(0.02),
                        activity_regularizer=R.L1L2(0.01, 0.02), kernel_constraint=C.MaxNorm(0.8),
                        bias_constraint=C.NonNeg()),
                L.Dense(3, kernel_regularizer=R.OrthogonalRegularizer(0.3, "columns"),
                        kernel_constraint=C.MinMaxNorm(0.2, 0.9, 0.7)),
                L.Dense(1, kernel_regularizer="l1", kernel_constraint="unit_norm")]

    def conv2d():
        return [keras.Input((5, 5, 1)),
                L.Conv2D(2, 3, activation="relu", kernel_regularizer=R.L1L2(0.01, 0.03), bias_regularizer=R.L2(0.1),
                         activity_regularizer=R.L2(0.01), kernel_constraint=C.MaxNorm(0.7, axis=[0, 1, 2])),
                L.Flatten(), L.Dense(1)]

    def lstm():
        return [keras.Input((4, 3)),
                L.LSTM(3, kernel_regularizer=R.L2(0.02), recurrent_regularizer=R.L1(0.01), bias_regularizer=R.L2(0.1),
                       activity_regularizer=R.L1(0.01), recurrent_constraint=C.MaxNorm(0.6)),
                L.Dense(1)]

    def batchnorm():
        return [keras.Input((4,)), L.Dense(4),
                L.BatchNormalization(gamma_regularizer=R.L2(0.1), beta_regularizer=R.L1(0.05),
                                     gamma_constraint=C.MinMaxNorm(0.5, 1.5, 0.5), beta_constraint=C.NonNeg()),
                L.PReLU(alpha_regularizer=R.L2(0.3), alpha_constraint=C.NonNeg()),
                L.Dropout(0.0, activity_regularizer=R.L2(0.02)),
                L.Dense(1)]

    def embedding():
        return [keras.Input((3,), dtype="int32"),
                L.Embedding(6, 4, embeddings_regularizer=R.L2(0.05), embeddings_constraint=C.UnitNorm(axis=1),
                            activity_regularizer=R.L1(0.01)),
                L.Flatten(), L.Dense(1)]

    def separable():
        return [keras.Input((5, 5, 2)),
                L.SeparableConv2D(2, 3, depthwise_regularizer=R.L2(0.1), pointwise_regularizer=R.L1(0.05),
                                  depthwise_constraint=C.MaxNorm(0.5), pointwise_constraint=C.NonNeg()),
                L.Flatten(), L.Dense(1)]

    def wrappers():
        # Bidirectional calls its layers as layers (their activity penalties count); TimeDistributed calls its
        # layer's call (the wrapped layer's activity penalty does not), its weight penalties count.
        return [keras.Input((4, 3)),
                L.Bidirectional(L.LSTM(2, return_sequences=True, activity_regularizer=R.L2(0.1),
                                       kernel_regularizer=R.L1(0.02), kernel_constraint=C.UnitNorm())),
                L.TimeDistributed(L.Dense(2, activity_regularizer=R.L1(0.5), kernel_regularizer=R.L2(0.1),
                                          kernel_constraint=C.MaxNorm(0.5))),
                L.Flatten(), L.Dense(1)]

    return {"dense": dense, "conv2d": conv2d, "lstm": lstm, "batchnorm": batchnorm, "embedding": embedding,
            "separable": separable, "wrappers": wrappers}


CASES = ["dense", "conv2d", "lstm", "batchnorm", "embedding", "separable", "wrappers"]


def _data(model, seed=0):
    rng = np.random.default_rng(seed)
    shape = tuple(model.inputs[0].shape[1:])
    if model.inputs[0].dtype.startswith("int"):
        x = rng.integers(0, 6, size=(24,) + shape).astype(np.int32)
    else:
        x = rng.normal(size=(24,) + shape).astype(np.float32)
    y = rng.normal(size=(24, 1)).astype(np.float32)
    return x, y


def _config(model):
    return json.loads(json.dumps(model.get_config()))


def _pair(case):
    import keras
    keras.utils.set_random_seed(1)
    model = keras.Sequential(_cases()[case]())
    ours = bridge.get_engine("torch").model_from_config(
        {"module": "keras", "class_name": "Sequential", "config": _config(model), "registered_name": None})
    ours.set_weights([np.asarray(w) for w in model.get_weights()])
    return model, ours


ADAM = {"module": "keras.optimizers", "class_name": "Adam", "config": {"learning_rate": 0.05}, "registered_name": None}
# Keras updates the EMA inside the optimizer step, before the constraints (and overwrites with it every 2 steps).
EMA = {"module": "keras.optimizers", "class_name": "SGD", "registered_name": None,
       "config": {"learning_rate": 0.1, "use_ema": True, "ema_momentum": 0.5, "ema_overwrite_frequency": 2}}


@pytest.mark.parametrize("case, optimizer", [pytest.param(case, ADAM, id=case) for case in CASES]
                         + [pytest.param("dense", EMA, id="dense-ema")])
def test_training_matches_keras(case, optimizer):
    import keras
    model, ours = _pair(case)
    assert ours.config()["config"]["layers"] == _config(model)["layers"]
    x, y = _data(model)
    model.compile(optimizer=keras.optimizers.deserialize(optimizer), loss="mse")
    ours.compile(optimizer=optimizer, loss="mse")
    expected = model.fit(x, y, epochs=3, batch_size=8, shuffle=False, validation_split=0.25, verbose=0).history
    got = ours.fit(x, y, epochs=3, batch_size=8, shuffle=False, validation_split=0.25)["history"]
    assert sorted(got) == sorted(expected)
    for key in expected:
        assert_close(got[key], expected[key], f"history {key}")
    for i, (a, e) in enumerate(zip(ours.get_weights(), model.get_weights())):
        assert_close(a, e, f"weight {i}")
    assert_close(ours.evaluate(x, y, batch_size=8)["loss"], model.evaluate(x, y, batch_size=8, verbose=0), "evaluate")
    assert_close(ours.predict(x), model.predict(x, verbose=0), "predict")


def test_penalties_are_in_the_loss():
    """Without them the history would be the bare mse: the check above cannot pass by accident."""
    model, ours = _pair("dense")
    x, y = _data(model)
    ours.compile(optimizer="sgd", loss="mse")
    bare = float(np.mean((ours.predict(x) - y) ** 2))
    assert ours.evaluate(x, y, batch_size=24)["loss"] > bare + 1e-3


@pytest.mark.parametrize("case", CASES)
def test_keras_file_round_trip(case, tmp):
    import keras
    model, ours = _pair(case)
    x, y = _data(model)
    ours.compile(optimizer="adam", loss="mse")
    ours.fit(x, y, epochs=1, batch_size=8)
    ours.save(tmp("ours.keras"))
    again = bridge.get_engine("torch").load_model(tmp("ours.keras"))
    assert again.config() == ours.config()
    assert all(np.array_equal(a, b) for a, b in zip(again.get_weights(), ours.get_weights()))
    assert all(np.array_equal(a, b) for a, b in zip(again.optimizer.get_variables(), ours.optimizer.get_variables()))
    assert np.array_equal(again.predict(x), ours.predict(x))
    # Keras reads our file back with the same regularizers and constraints.
    theirs = keras.saving.load_model(tmp("ours.keras"))
    assert _config(theirs)["layers"] == _config(model)["layers"]
    # And we read Keras's own files: .keras and legacy .h5.
    model.save(tmp("theirs.keras"))
    model.save(tmp("theirs.h5"))
    for name in ("theirs.keras", "theirs.h5"):
        loaded = bridge.get_engine("torch").load_model(tmp(name))
        assert loaded.config()["config"]["layers"] == _config(model)["layers"], name
        assert_close(loaded.predict(x), model.predict(x, verbose=0), name)


def _functional_attention():
    """MultiHeadAttention hands its regularizers to every projection (and the activity one to their outputs)."""
    import keras
    from keras import constraints as C
    from keras import layers as L
    from keras import regularizers as R
    inputs = keras.Input((3, 4))
    h = L.MultiHeadAttention(2, 2, kernel_regularizer=R.L2(0.05), bias_regularizer=R.L1(0.05),
                             activity_regularizer=R.L2(0.01), kernel_constraint=C.MaxNorm(0.5),
                             bias_constraint=C.NonNeg())(inputs, inputs)
    outputs = L.Dense(1, kernel_regularizer=R.L2(0.01))(L.Flatten()(h))
    return keras.Model(inputs, outputs)


def _functional_nested():
    """A layer called twice adds its activity penalty per call and its weight penalty once; a nested
    Sequential's layers add theirs."""
    import keras
    from keras import layers as L
    from keras import regularizers as R
    inputs = keras.Input((3, 4))
    shared = L.Dense(4, activation="tanh", kernel_regularizer=R.L2(0.1), activity_regularizer=R.L1(0.05))
    inner = keras.Sequential([keras.Input((3,)), L.Dense(2, kernel_regularizer=R.L1(0.05), activity_regularizer=R.L2(0.2))])
    h = inner(L.Flatten()(L.Dense(1)(shared(shared(inputs)))))
    return keras.Model(inputs, L.Dense(1)(h))


@pytest.mark.parametrize("make", [_functional_attention, _functional_nested], ids=["attention", "nested"])
def test_functional_matches_keras(make):
    import keras
    keras.utils.set_random_seed(2)
    model = make()
    config = {"module": "keras", "class_name": "Functional", "config": _config(model), "registered_name": None}
    ours = bridge.get_engine("torch").model_from_config(config)
    ours.set_weights([np.asarray(w) for w in model.get_weights()])
    assert ours.config()["config"]["layers"] == _config(model)["layers"]
    rng = np.random.default_rng(3)
    x = rng.normal(size=(16, 3, 4)).astype(np.float32)
    y = rng.normal(size=(16, 1)).astype(np.float32)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    ours.compile(optimizer={"class_name": "SGD", "config": {"learning_rate": 0.1}}, loss="mse")
    expected = model.fit(x, y, epochs=3, batch_size=4, shuffle=False, verbose=0).history
    got = ours.fit(x, y, epochs=3, batch_size=4, shuffle=False)["history"]
    assert_close(got["loss"], expected["loss"], "history loss")
    for i, (a, e) in enumerate(zip(ours.get_weights(), model.get_weights())):
        assert_close(a, e, f"weight {i}")


def test_activity_regularization_layer_matches_keras():
    import keras
    from keras import layers as L
    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.Input((4,)), L.Dense(3), L.ActivityRegularization(l1=0.05, l2=0.1), L.Dense(1)])
    ours = bridge.get_engine("torch").model_from_config(
        {"module": "keras", "class_name": "Sequential", "config": _config(model), "registered_name": None})
    ours.set_weights([np.asarray(w) for w in model.get_weights()])
    assert ours.config()["config"]["layers"] == _config(model)["layers"]
    x, y = _data(model)
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    ours.compile(optimizer={"class_name": "SGD", "config": {"learning_rate": 0.05}}, loss="mse")
    expected = model.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0).history
    got = ours.fit(x, y, epochs=2, batch_size=8, shuffle=False)["history"]
    assert_close(got["loss"], expected["loss"], "history loss")


@pytest.mark.parametrize("identifier, config", [
    ("l1", {"l1": 0.009999999776482582}), ("l2", {"l2": 0.01}), ("l1l2", {"l1": 0.0, "l2": 0.0}),
    ("orthogonal_regularizer", {"factor": 0.009999999776482582, "mode": "rows"}),
])
def test_regularizer_names_resolve_as_keras(identifier, config):
    import keras
    from kerasbridge.torch_engine import regularizers
    ours = regularizers.get(identifier, "test", "kernel_regularizer").serialize()
    assert ours == json.loads(json.dumps(keras.saving.serialize_keras_object(keras.regularizers.get(identifier))))
    assert ours["config"] == config


@pytest.mark.parametrize("identifier", ["max_norm", "min_max_norm", "non_neg", "unit_norm", "MaxNorm"])
def test_constraint_names_resolve_as_keras(identifier):
    import keras
    from kerasbridge.torch_engine import constraints
    ours = constraints.get(identifier, "test", "kernel_constraint").serialize()
    assert ours == json.loads(json.dumps(keras.saving.serialize_keras_object(keras.constraints.get(identifier))))


@pytest.mark.parametrize("option, value, message", [
    ("kernel_regularizer", {"module": None, "class_name": "MyRegularizer", "config": {}, "registered_name": "x"},
     "option 'kernel_regularizer' is not supported by the PyTorch engine"),
    ("bias_constraint", "clip", "option 'bias_constraint' is not supported by the PyTorch engine"),
    ("kernel_regularizer", {"class_name": "L2", "config": {"l2": -1.0}}, "'l2' must be a non-negative float"),
])
def test_unknown_regularizers_and_constraints_are_refused(option, value, message):
    config = {"name": "d", "units": 2, option: value}
    entry = {"class_name": "Dense", "config": config}
    with pytest.raises(ValueError, match=message):
        bridge.get_engine("torch").model_from_config(
            {"class_name": "Sequential", "config": {"name": "s", "layers": [entry]}})
