"""BackupAndRestore on the PyTorch engine against real Keras 3.15.1 (keras/src/callbacks/backup_and_restore.py):
a fit interrupted by an exception resumes from the last backup (weights, optimizer state, epoch) to the same
history and weights as an uninterrupted run; the backup each engine writes is one the other resumes from; the
batch-frequency, double-checkpoint and delete options behave as Keras's."""

import json
import os

import numpy as np
import pytest

from conftest import keras_available
from kerasbridge import bridge
from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.callbacks import Callback, from_dict

pytestmark = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed")

RTOL, ATOL = 1e-4, 1e-6
EPOCHS = 4


def _data():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(32, 3)).astype(np.float32)
    return x, (x @ np.array([[0.5], [-1.0], [0.3]], dtype=np.float32) + 0.2).astype(np.float32)


def _pair():
    import keras
    keras.utils.set_random_seed(5)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(5, activation="tanh"), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.02), loss="mse", metrics=["mae"])
    ours = bridge.get_engine("torch").model_from_config(json.loads(json.dumps(
        {"module": "keras", "class_name": "Sequential", "config": model.get_config(), "registered_name": None})))
    ours.set_weights([np.asarray(w) for w in model.get_weights()])
    ours.compile(optimizer={"class_name": "Adam", "config": {"learning_rate": 0.02}}, loss="mse", metrics=["mae"])
    return model, ours


def _backup(path, **options):
    return {"class_name": "BackupAndRestore", "config": {"backup_dir": str(path), **options}}


class _Interrupt(Callback):
    def __init__(self, at_epoch):
        super().__init__()
        self.at_epoch = at_epoch

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.at_epoch:
            raise RuntimeError("interrupted")


def _keras_interrupt(at_epoch):
    import keras

    class Interrupt(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            if epoch == at_epoch:
                raise RuntimeError("interrupted")
    return Interrupt()


def _close(actual, expected, what):
    actual, expected = np.asarray(actual, np.float64), np.asarray(expected, np.float64)
    assert actual.shape == expected.shape, what
    assert np.all(np.abs(actual - expected) <= np.maximum(RTOL * np.abs(expected), ATOL)), f"{what}: {actual} vs {expected}"


def _fit_ours(ours, callbacks):
    x, y = _data()
    return ours.fit(x, y, epochs=EPOCHS, batch_size=8, shuffle=False, callbacks=callbacks)


@pytest.fixture(scope="module")
def uninterrupted():
    import keras
    model, _ = _pair()
    x, y = _data()
    history = model.fit(x, y, epochs=EPOCHS, batch_size=8, shuffle=False, verbose=0).history
    return history, model.get_weights()


def test_interrupted_fit_resumes_to_keras_run(tmp_path, uninterrupted):
    history, weights = uninterrupted
    _, ours = _pair()
    with pytest.raises(RuntimeError, match="interrupted"):
        _fit_ours(ours, [_backup(tmp_path / "b"), _Interrupt(2)])
    metadata = json.loads((tmp_path / "b" / "training_metadata.json").read_text())
    assert metadata == {"epoch": 2, "batch": 0}
    # A new model object (the process restarted): weights and optimizer state come from the backup.
    _, fresh = _pair()
    resumed = _fit_ours(fresh, [_backup(tmp_path / "b")])
    assert resumed["epochs"] == [2, 3]
    for key in history:
        _close(resumed["history"][key], history[key][2:], f"history {key}")
    for i, (a, e) in enumerate(zip(fresh.get_weights(), weights)):
        _close(a, e, f"weight {i}")
    assert not (tmp_path / "b").exists(), "delete_checkpoint removes the backup after a completed fit"


@pytest.mark.parametrize("writer", ["ours", "keras"])
def test_each_engine_resumes_from_the_others_backup(tmp_path, uninterrupted, writer):
    _, weights = uninterrupted
    x, y = _data()
    model, ours = _pair()
    if writer == "ours":
        with pytest.raises(RuntimeError):
            _fit_ours(ours, [_backup(tmp_path / "b"), _Interrupt(1)])
        import keras
        model.fit(x, y, epochs=EPOCHS, batch_size=8, shuffle=False, verbose=0,
                  callbacks=[keras.callbacks.BackupAndRestore(str(tmp_path / "b"))])
        resumed = model.get_weights()
    else:
        import keras
        with pytest.raises(RuntimeError):
            model.fit(x, y, epochs=EPOCHS, batch_size=8, shuffle=False, verbose=0,
                      callbacks=[keras.callbacks.BackupAndRestore(str(tmp_path / "b")), _keras_interrupt(1)])
        _fit_ours(ours, [_backup(tmp_path / "b")])
        resumed = ours.get_weights()
    for i, (a, e) in enumerate(zip(resumed, weights)):
        _close(a, e, f"weight {i}")


def test_batch_frequency_double_checkpoint_and_keep(tmp_path):
    _, ours = _pair()
    with pytest.raises(RuntimeError):
        _fit_ours(ours, [_backup(tmp_path / "b", save_freq=3, double_checkpoint=True, delete_checkpoint=False),
                         _Interrupt(1)])
    # 4 batches per epoch, a save every 3: after batch 2 of epoch 0 (the .bkp is the one before it, absent then).
    assert json.loads((tmp_path / "b" / "training_metadata.json").read_text()) == {"epoch": 0, "batch": 2}
    assert not (tmp_path / "b" / "latest.weights.h5.bkp").exists()
    _, again = _pair()
    result = _fit_ours(again, [_backup(tmp_path / "b", save_freq=3, double_checkpoint=True, delete_checkpoint=False)])
    assert result["epochs"] == [0, 1, 2, 3]  # the backup's epoch is 0: the whole fit runs again from its weights
    assert (tmp_path / "b" / "latest.weights.h5.bkp").exists() and (tmp_path / "b").exists()
    # A damaged latest backup falls back to the previous one.
    (tmp_path / "b" / "latest.weights.h5").write_bytes(b"not hdf5")
    _, third = _pair()
    _fit_ours(third, [_backup(tmp_path / "b", double_checkpoint=True)])
    assert not (tmp_path / "b").exists()


def test_bad_options_are_refused():
    with pytest.raises(InvalidArgumentError, match="backup_dir"):
        from_dict(_backup(""))
    with pytest.raises(InvalidArgumentError, match="save_freq"):
        from_dict(_backup("x", save_freq="batch"))
