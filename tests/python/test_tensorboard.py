"""kerasbridge/tensorboard: CRC32C and record framing against published values, protobuf varints against the
wire-format specification, histogram buckets as tensorboard's summary_v2._buckets makes them, argument errors.
(The files written during fit are read back by an independent reader in the C# tests, Extras/TensorBoardTests.)"""

import os
import struct

import numpy as np
import pytest

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.tensorboard import records
from kerasbridge.tensorboard.events import histogram_buckets
from kerasbridge.tensorboard.logger import TensorBoardLogger


def test_crc32c_check_values():
    # RFC 3720 B.4 and the CRC catalogue's check value.
    assert records.crc32c(b"123456789") == 0xE3069283
    assert records.crc32c(bytes(32)) == 0x8A9136AA
    assert records.crc32c(b"\xff" * 32) == 0x62A8AB43
    assert records.crc32c(bytes(range(32))) == 0x46DD794E


def test_record_framing():
    data = b"hello"
    out = records.record(data)
    assert struct.unpack("<Q", out[:8])[0] == 5
    assert out[12:17] == data
    crc = records.crc32c(data)
    assert struct.unpack("<I", out[17:21])[0] == (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def test_varints():
    assert records.varint(1) == b"\x01"
    assert records.varint(300) == b"\xac\x02"
    assert records.varint(-1) == b"\xff" * 9 + b"\x01"
    assert records.field_varint(2, 150) == b"\x10\x96\x01"
    assert records.field_bytes(1, "testing") == b"\x0a\x07testing"


def test_histogram_buckets():
    data = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 10.0])
    buckets = histogram_buckets(data, 5)
    np.testing.assert_array_equal(buckets[:, 0], [0, 2, 4, 6, 8])
    np.testing.assert_array_equal(buckets[:, 1], [2, 4, 6, 8, 10])
    np.testing.assert_array_equal(buckets[:, 2], [2, 2, 1, 0, 1])  # 2.0 goes right; the max to the last
    constant = histogram_buckets(np.full(4, 0.5), 3)
    np.testing.assert_array_equal(constant, [[0.5, 0.5, 4], [0.5, 0.5, 0], [0.5, 0.5, 0]])
    assert histogram_buckets(np.zeros(0)).shape == (0, 3)
    assert histogram_buckets(np.random.default_rng(0).normal(size=(7, 5))).shape == (30, 3)


@pytest.mark.parametrize("kwargs, argument", [
    ({"histogram_freq": -1}, "histogram_freq"),
    ({"update_freq": "weekly"}, "update_freq"),
    ({"update_freq": 0}, "update_freq"),
    ({"log_dir": ""}, "log_dir"),
    ({"write_images": True}, "write_images"),
])
def test_bad_arguments(kwargs, argument):
    with pytest.raises(InvalidArgumentError, match=argument):
        TensorBoardLogger(**kwargs)


def _fit_with_tensorboard(engine, log_dir, capsys):
    from kerasbridge import bridge
    from test_callbacks import _config, _data

    x, y = _data()
    model = bridge.get_engine(engine).model_from_config(_config())
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    callback = {"class_name": "TensorBoard", "config": {"log_dir": str(log_dir), "update_freq": "batch", "histogram_freq": 1}}
    history = model.fit(x, y, epochs=2, batch_size=16, validation_split=0.2, shuffle=False, callbacks=[callback], verbose=2)
    printed = capsys.readouterr().out
    files = {}
    for which in ("train", "validation"):
        (name,) = os.listdir(log_dir / which)
        files[which] = (log_dir / which / name).read_bytes()
    return history, printed, files


@pytest.mark.parametrize("engine", ["torch", "keras"])
def test_fit_writes_tensorboard_logs_and_progress(engine, tmp_path, capsys):
    # TensorBoard is one callback of the fit (the PyTorch engine's CallbackList, Keras's own loop), with batch
    # hooks for update_freq="batch"; verbose=2 prints Keras's epoch lines after it.
    from conftest import keras_available

    if engine == "keras" and not keras_available():
        pytest.skip("real Keras does not import here")
    history, printed, files = _fit_with_tensorboard(engine, tmp_path, capsys)
    assert history["epochs"] == [0, 1]
    train, validation = files["train"], files["validation"]
    assert train.count(b"batch_loss") == 6  # 48 training rows / 16 = 3 batches, 2 epochs
    assert train.count(b"epoch_loss") == 2 and train.count(b"epoch_learning_rate") == 2
    assert train.count(b"/histogram") >= 8  # 4 weights x 2 epochs (histogram_freq=1)
    assert validation.count(b"epoch_loss") == 2 and validation.count(b"evaluation_loss_vs_iterations") == 2
    lines = printed.splitlines()
    assert [lines[0], lines[2]] == ["Epoch 1/2", "Epoch 2/2"]
    assert lines[1].startswith("3/3 - ") and " - loss: " in lines[1] and " - val_loss: " in lines[1]
