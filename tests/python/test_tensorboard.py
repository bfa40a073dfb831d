"""kerasbridge/tensorboard: CRC32C and record framing against published values, protobuf varints against the
wire-format specification, histogram buckets as tensorboard's summary_v2._buckets makes them, argument errors.
(The files written during fit are read back by an independent reader in the C# tests, Extras/TensorBoardTests.)"""

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
