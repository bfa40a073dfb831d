"""Callbacks, sample_weight and class_weight on the PyTorch engine held against real Keras (the Keras engine) on
the same model, weights and data (shuffle off): histories, learning rates, the C# callback protocol
(kerasbridge/dotnet_callbacks.py, driven here by a Python stand-in for the C# dispatch function), CSVLogger bytes
and ModelCheckpoint files. Tests that need Keras skip when it does not import."""

import json
import os

import numpy as np
import pytest

from conftest import keras_available
from kerasbridge import bridge

TORCH = bridge.get_engine("torch")
needs_keras = pytest.mark.skipif(not keras_available(), reason="real Keras does not import here")


def _config():
    def dense(units, activation, name):
        return {"module": "keras.layers", "class_name": "Dense", "registered_name": None,
                "config": {"units": units, "activation": activation, "name": name}}
    return {"module": "keras", "class_name": "Sequential", "registered_name": None, "config": {"name": "cb", "layers": [
        {"module": "keras.layers", "class_name": "InputLayer", "registered_name": None,
         "config": {"batch_shape": [None, 4], "dtype": "float32", "name": "inp"}},
        dense(8, "relu", "d1"), dense(3, "softmax", "d2")]}}


def _data():
    rng = np.random.default_rng(0)
    return rng.normal(size=(60, 4)).astype(np.float32), rng.integers(0, 3, size=60).astype(np.int64)


def _pair():
    """(Keras engine model, PyTorch engine model) with the same initial weights."""
    keras_model = bridge.get_engine("keras").model_from_config(_config())
    torch_model = TORCH.model_from_config(_config())
    torch_model.set_weights(keras_model.get_weights())
    return keras_model, torch_model


class Dispatch:
    """Stands in for the C# dispatch: records every call, scales the lr from epoch 2, stops after epoch `stop_at`."""

    def __init__(self, stop_at=None, fail_at=None):
        self.calls = []
        self.stop_at = stop_at
        self.fail_at = fail_at

    def __call__(self, index, hook, step, logs, stop_training):
        self.calls.append((index, hook, step, logs, stop_training))
        if hook == "schedule":
            lr = float(logs)
            return lr * 0.9 if step >= 2 else lr
        if (hook, step) == self.fail_at:
            raise KeyError("raised by the callback")
        return 1.0 if (hook == "epoch_end" and step == self.stop_at) else float(stop_training)


def _assert_same_history(expected, actual):
    assert list(actual["history"]) == list(expected["history"]), "history keys (Keras sorts them)"
    assert actual["epochs"] == expected["epochs"] and actual["stopped_early"] == expected["stopped_early"]
    for key, values in expected["history"].items():
        np.testing.assert_allclose(actual["history"][key], values, rtol=1e-4, atol=1e-6, err_msg=key)


@needs_keras
def test_lr_callbacks_dotnet_hooks_and_class_weight_match_keras():
    x, y = _data()
    results, dispatches, weights = {}, {}, {}
    for name, model in zip(("keras", "torch"), _pair()):
        model.compile({"class_name": "Adam", "config": {"learning_rate": 0.1}}, "sparse_categorical_crossentropy", ["accuracy"])
        dispatches[name] = Dispatch(stop_at=6)
        callbacks = [
            {"class_name": "DotnetCallback", "config": {"index": 0, "hooks": [
                "train_begin", "epoch_begin", "epoch_end", "train_end", "train_batch_begin", "train_batch_end"]}},
            {"class_name": "LearningRateScheduler", "config": {"schedule": {"dotnet": 1}}},
            {"class_name": "ReduceLROnPlateau", "config": {"monitor": "val_loss", "factor": 0.5, "patience": 1,
                                                           "cooldown": 1, "min_lr": 0.02}},
            {"class_name": "EarlyStopping", "config": {"monitor": "val_loss", "patience": 4, "restore_best_weights": True}},
        ]
        results[name] = model.fit(x, y, epochs=12, batch_size=16, shuffle=False, callbacks=callbacks, validation_split=0.2,
                                  class_weight={0: 2.0, 2: 0.5}, dispatch=dispatches[name])
        weights[name] = model.get_weights()
    _assert_same_history(results["keras"], results["torch"])
    assert "learning_rate" in results["torch"]["history"]
    assert len(set(results["torch"]["history"]["learning_rate"])) > 1, "the learning rate changed"
    keras_calls, torch_calls = dispatches["keras"].calls, dispatches["torch"].calls
    assert [c[:3] + c[4:] for c in torch_calls] == [c[:3] + c[4:] for c in keras_calls], "same hooks, steps, stop flags"
    assert [c[1] for c in torch_calls[:4]] == ["train_begin", "epoch_begin", "schedule", "train_batch_begin"]
    for k, t in zip(keras_calls, torch_calls):
        if k[1] != "schedule":
            kl, tl = json.loads(k[3]), json.loads(t[3])
            assert list(kl) == list(tl), f"{k[1]} log keys"
            np.testing.assert_allclose(list(tl.values()), list(kl.values()), rtol=1e-4, atol=1e-6)
    for a, b in zip(weights["keras"], weights["torch"]):
        np.testing.assert_allclose(b, a, rtol=1e-4, atol=1e-5)


@needs_keras
def test_csv_logger_and_checkpoints_match_keras_with_sample_weight(tmp_path):
    x, y = _data()
    sample_weight = np.linspace(0.5, 2.0, 60).astype(np.float32)
    results = {}
    for name, model in zip(("keras", "torch"), _pair()):
        model.compile({"class_name": "SGD", "config": {"learning_rate": 0.1}}, "sparse_categorical_crossentropy", ["accuracy"])
        folder = tmp_path / name
        callbacks = [
            {"class_name": "ReduceLROnPlateau", "config": {"monitor": "val_loss", "patience": 1, "factor": 0.5}},
            {"class_name": "CSVLogger", "config": {"filename": str(tmp_path / f"{name}.csv"), "separator": ";"}},
            {"class_name": "ModelCheckpoint", "config": {"filepath": str(folder / "w-{epoch:02d}-{val_loss:.3f}.weights.h5"),
                                                         "save_weights_only": True, "save_best_only": True}},
            {"class_name": "ModelCheckpoint", "config": {"filepath": str(folder / "last.keras")}},
            {"class_name": "ModelCheckpoint", "config": {"filepath": str(folder / "b-{epoch}-{batch}-{loss:.4f}.weights.h5"),
                                                         "save_weights_only": True, "save_freq": 2}},
            {"class_name": "TerminateOnNaN", "config": {}},
        ]
        results[name] = model.fit(x, y, epochs=5, batch_size=16, shuffle=False, callbacks=callbacks,
                                  validation_split=0.2, sample_weight=sample_weight)
        results[name]["weights"] = model.get_weights()
    _assert_same_history(results["keras"], results["torch"])
    keras_csv = (tmp_path / "keras.csv").read_bytes()
    assert keras_csv.startswith(b"epoch;accuracy;learning_rate;loss;val_accuracy;val_loss\r\n")
    assert (tmp_path / "torch.csv").read_bytes() == keras_csv
    assert sorted(os.listdir(tmp_path / "torch")) == sorted(os.listdir(tmp_path / "keras"))
    reloaded = TORCH.load_model(str(tmp_path / "torch" / "last.keras"))
    for a, b in zip(reloaded.get_weights(), results["torch"]["weights"]):
        np.testing.assert_array_equal(a, b)


def test_dotnet_exception_and_stop_training_on_torch():
    x, y = _data()
    model = TORCH.model_from_config(_config())
    model.compile("adam", "sparse_categorical_crossentropy", [])
    callbacks = [{"class_name": "DotnetCallback", "config": {"index": 0, "hooks": ["epoch_end"]}}]
    result = model.fit(x, y, epochs=10, callbacks=callbacks, dispatch=Dispatch(stop_at=2))
    assert result["epochs"] == [0, 1, 2] and result["stopped_early"]
    with pytest.raises(KeyError, match="raised by the callback"):
        model.fit(x, y, epochs=10, callbacks=callbacks, dispatch=Dispatch(fail_at=("epoch_end", 1)))
    assert model.predict(x[:2]).shape == (2, 3), "usable after a failed callback"


def test_terminate_on_nan_and_weight_arguments_on_torch():
    x, y = _data()
    model = TORCH.model_from_config(_config())
    model.compile({"class_name": "SGD", "config": {"learning_rate": 1e30}}, "mse", [])
    y_big = np.full((60, 3), 1e30, dtype=np.float32)
    result = model.fit(x, y_big, epochs=5, batch_size=4, callbacks=[{"class_name": "TerminateOnNaN", "config": {}}])
    assert len(result["epochs"]) == 1 and result["stopped_early"], result
    model.compile("adam", "sparse_categorical_crossentropy", [])
    with pytest.raises(ValueError, match="not both"):
        model.fit(x, y, sample_weight=np.ones(60), class_weight={0: 1.0})
    with pytest.raises(ValueError, match=r"sample_weight' must have one value per sample, shape \(60,\); got shape \(59,\)"):
        model.fit(x, y, sample_weight=np.ones(59))
    with pytest.raises(ValueError, match="save_freq"):
        model.fit(x, y, callbacks=[{"class_name": "ModelCheckpoint", "config": {"filepath": "a.keras", "save_freq": 0}}])


def test_class_weight_to_sample_weights_follows_keras():
    from kerasbridge.sample_weights import class_weight_to_sample_weights

    np.testing.assert_array_equal(class_weight_to_sample_weights(np.array([0, 2, 1, 2]), {2: 3.0, 0: 0.5}), [0.5, 3, 1, 3])
    np.testing.assert_array_equal(class_weight_to_sample_weights(np.eye(3)[[2, 0]], {2: 3.0}), [3, 1])
    np.testing.assert_array_equal(class_weight_to_sample_weights(np.array([[0.9], [0.2]]), {1: 4.0}), [4, 1])


@needs_keras
@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum", "mean_with_sample_weight"])
def test_sample_weight_reductions_match_keras(reduction):
    x, y = _data()
    sample_weight = (np.arange(60) % 4).astype(np.float32)  # zeros included
    histories = []
    for model in _pair():
        loss = {"module": "keras.losses", "class_name": "SparseCategoricalCrossentropy", "config": {"reduction": reduction}}
        model.compile({"class_name": "SGD", "config": {"learning_rate": 0.05}}, loss, ["accuracy"])
        histories.append(model.fit(x, y, epochs=3, batch_size=16, shuffle=False, validation_split=0.2,
                                   sample_weight=sample_weight))
    _assert_same_history(*histories)
