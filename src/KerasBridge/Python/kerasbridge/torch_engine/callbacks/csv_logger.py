"""keras.callbacks.CSVLogger (keras/src/callbacks/csv_logger.py, Keras 3.15.1): one row per epoch, written
with the csv module's excel dialect (\r\n line ends) and the given separator; the columns are "epoch" then
the first epoch's log keys sorted, plus "val_" twins of them when there are no validation keys ("NA" cells).
With append=True rows are added to an existing file, and the header only when that file is empty."""

import collections
import collections.abc
import csv
import os

import numpy as np

from kerasbridge.torch_engine.callbacks.base import Callback, path_argument


class CSVLogger(Callback):
    class_name = "CSVLogger"

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.sep = separator
        self.filename = path_argument("CSVLogger", "filename", filename)
        self.append = bool(append)
        self.writer = None
        self.keys = None
        self.append_header = True
        self.csv_file = None

    def on_train_begin(self, logs=None):
        if self.append:
            if os.path.exists(self.filename):
                with open(self.filename, "r") as f:
                    self.append_header = not bool(len(f.readline()))
            mode = "a"
        else:
            mode = "w"
        if self.csv_file and not self.csv_file.closed:
            self.csv_file.close()
        self.csv_file = open(self.filename, mode)
        self.writer = None
        self.keys = None

    @staticmethod
    def _handle_value(value):
        if isinstance(value, str):
            return value
        if isinstance(value, collections.abc.Iterable) and not (isinstance(value, np.ndarray) and value.ndim == 0):
            # The engine logs a vector metric as a list of float32 values; Keras writes each as numpy's float32 str.
            return f'"[{", ".join(map(str, np.asarray(value, dtype=np.float32)))}]"'
        return value

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs.keys())
            if self.keys and not any(key.startswith("val_") for key in self.keys):
                self.keys.extend([f"val_{k}" for k in self.keys])
        if not self.writer:
            separator = self.sep

            class CustomDialect(csv.excel):
                delimiter = separator

            self.writer = csv.DictWriter(self.csv_file, fieldnames=["epoch"] + (self.keys or []), dialect=CustomDialect)
            if self.append_header:
                self.writer.writeheader()
        row = collections.OrderedDict({"epoch": epoch})
        row.update((key, self._handle_value(logs.get(key, "NA"))) for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        self.close()

    def close(self):
        if self.csv_file and not self.csv_file.closed:
            self.csv_file.close()
        self.writer = None
