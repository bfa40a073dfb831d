"""The TensorBoard messages Keras's TensorBoard callback writes through tf.summary, encoded with records.py.

Field numbers are those of tensorflow/core/util/event.proto (Event: wall_time 1, step 2, file_version 3,
summary 5), tensorflow/core/framework/summary.proto (Summary.value 1; Value: tag 1, metadata 9, tensor 8;
SummaryMetadata: plugin_data 1 {plugin_name 1, content 2}, data_class 4) and tensor.proto / tensor_shape.proto
(TensorProto: dtype 1, tensor_shape 2 {dim 2 {size 1}}, tensor_content 4, string_val 8).

What tf.summary (TF 2, tensorboard/plugins/*/summary_v2.py) writes, reproduced here:
- scalar: a float32 0-d tensor, plugin "scalars", data class SCALAR;
- histogram: a float64 [buckets, 3] tensor of (left edge, right edge, count), plugin "histograms", data
  class TENSOR, 30 buckets (histogram_buckets below);
- keras_model_summary: the model's JSON as a string tensor, plugin "graph_keras_model", content b"1"
  (keras/src/callbacks/tensorboard.py).
"""
import os
import socket
import time

import numpy as np

from kerasbridge.tensorboard.records import field_bytes, field_double, field_varint, record

DT_FLOAT, DT_DOUBLE, DT_STRING = 1, 2, 7
DATA_CLASS_SCALAR, DATA_CLASS_TENSOR = 1, 2
DEFAULT_BUCKET_COUNT = 30


def _shape(dims):
    return b"".join(field_bytes(2, field_varint(1, d)) for d in dims)


def _metadata(plugin_name, content=b"", data_class=None):
    plugin = field_bytes(1, plugin_name) + (field_bytes(2, content) if content else b"")
    return field_bytes(1, plugin) + (field_varint(4, data_class) if data_class else b"")


def _value(tag, metadata, tensor):
    return field_bytes(1, tag) + field_bytes(9, metadata) + field_bytes(8, tensor)


def scalar_value(tag, value):
    tensor = field_varint(1, DT_FLOAT) + field_bytes(2, b"") + field_bytes(4, np.float32(value).tobytes())
    return _value(tag, _metadata("scalars", data_class=DATA_CLASS_SCALAR), tensor)


def histogram_buckets(data, bucket_count=DEFAULT_BUCKET_COUNT):
    """tensorboard/plugins/histogram/summary_v2.py _buckets: bucket_count equal-width buckets from min to max
    (the last edge exactly max; a value on an inner edge goes to the bucket on its right, max to the last);
    a constant tensor puts every count in the first of bucket_count zero-width buckets; empty data: (0, 3)."""
    data = np.asarray(data, dtype=np.float64).reshape(-1)
    if data.size == 0 or bucket_count <= 0:
        return np.zeros((0, 3), dtype=np.float64)
    low, high = float(data.min()), float(data.max())
    span = high - low
    if span == 0:
        counts = np.zeros(bucket_count, dtype=np.float64)
        counts[0] = data.size
        return np.stack([np.full(bucket_count, low), np.full(bucket_count, low), counts], axis=1)
    width = span / bucket_count
    indices = np.minimum(np.floor((data - low) / width).astype(np.int64), bucket_count - 1)
    counts = np.bincount(indices, minlength=bucket_count).astype(np.float64)
    edges = np.linspace(low, high, bucket_count + 1)
    edges[-1] = high
    return np.stack([edges[:-1], edges[1:], counts], axis=1)


def histogram_value(tag, data, bucket_count=DEFAULT_BUCKET_COUNT):
    buckets = histogram_buckets(data, bucket_count)
    tensor = (field_varint(1, DT_DOUBLE) + field_bytes(2, _shape(buckets.shape))
              + field_bytes(4, buckets.astype("<f8").tobytes()))
    return _value(tag, _metadata("histograms", data_class=DATA_CLASS_TENSOR), tensor)


def keras_model_value(model_json, tag="keras"):
    tensor = field_varint(1, DT_STRING) + field_bytes(2, b"") + field_bytes(8, model_json)
    return _value(tag, _metadata("graph_keras_model", b"1"), tensor)


def event(step, values=None, file_version=None, wall_time=None):
    body = field_double(1, time.time() if wall_time is None else wall_time) + field_varint(2, step)
    if file_version is not None:
        body += field_bytes(3, file_version)
    if values:
        body += field_bytes(5, b"".join(field_bytes(1, v) for v in values))
    return body


class EventFileWriter:
    """One events.out.tfevents.<seconds>.<host>.<pid>.<n>.v2 file in `directory` (made on first use, as
    tf.summary.create_file_writer names it), starting with the "brain.Event:2" version event. Records are
    appended and flushed at each epoch and on close, so TensorBoard can read a run while it trains."""

    _counter = 0

    def __init__(self, directory):
        os.makedirs(directory, exist_ok=True)
        EventFileWriter._counter += 1
        name = f"events.out.tfevents.{int(time.time())}.{socket.gethostname()}.{os.getpid()}.{EventFileWriter._counter}.v2"
        self.path = os.path.join(directory, name)
        self._file = open(self.path, "wb")
        self._file.write(record(event(0, file_version="brain.Event:2")))
        self._file.flush()

    def write(self, step, values):
        self._file.write(record(event(step, values)))

    def flush(self):
        self._file.flush()

    def close(self):
        if not self._file.closed:
            self._file.flush()
            self._file.close()
