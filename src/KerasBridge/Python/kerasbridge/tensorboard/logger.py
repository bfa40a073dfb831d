"""What Keras's TensorBoard callback logs, and when (keras/src/callbacks/tensorboard.py, Keras 3.15.1),
written with events.py so that it needs no TensorFlow and runs the same on both engines:

- log_dir/train and log_dir/validation, one event file each, made when first written;
- write_graph: the model's JSON as the "keras" summary (the conceptual graph) at step 0 of train;
- every epoch: `epoch_<name>` at step=epoch for the training logs plus `epoch_learning_rate` (train), and for
  the `val_` logs without their prefix (validation); when there is validation, also
  `evaluation_<name>_vs_iterations` at step=optimizer iterations (validation; Keras's on_test_end);
- update_freq "batch" or N: `batch_<name>` (the epoch's running values) at step=the global batch number
  (counted from 1 over the whole fit) whenever it is a multiple of N;
- histogram_freq N > 0: a histogram `<weight path>/histogram` of every weight at step=epoch of every
  epoch that is a multiple of N (epoch 0 included).
"""
from kerasbridge.errors import InvalidArgumentError
from kerasbridge.tensorboard.events import EventFileWriter, histogram_value, keras_model_value, scalar_value

# Keras's other options, accepted at their defaults only (images, profiling and embeddings need TensorFlow).
_DEFAULTS_ONLY = {"write_images": False, "write_steps_per_second": False, "profile_batch": 0, "embeddings_freq": 0,
                  "embeddings_metadata": None}


class TensorBoardLogger:
    def __init__(self, log_dir="logs", histogram_freq=0, write_graph=True, update_freq="epoch", **others):
        who = "TensorBoard"
        for key, value in others.items():
            if key not in _DEFAULTS_ONLY:
                raise InvalidArgumentError(f"{who}: unknown argument '{key}'.")
            if value != _DEFAULTS_ONLY[key]:
                raise InvalidArgumentError(
                    f"{who}: argument '{key}' must be {_DEFAULTS_ONLY[key]!r} (it needs TensorFlow); got {value!r}.")
        if not isinstance(log_dir, str) or not log_dir.strip():
            raise InvalidArgumentError(f"{who}: argument 'log_dir' must be a folder path; got {log_dir!r}.")
        if isinstance(histogram_freq, bool) or not isinstance(histogram_freq, int) or histogram_freq < 0:
            raise InvalidArgumentError(f"{who}: argument 'histogram_freq' must be an int >= 0; got {histogram_freq!r}.")
        if update_freq == "batch":
            update_freq = 1
        if update_freq != "epoch" and (isinstance(update_freq, bool) or not isinstance(update_freq, int)
                                       or update_freq <= 0):
            raise InvalidArgumentError(
                f"{who}: argument 'update_freq' must be 'epoch', 'batch' or an int > 0; got {update_freq!r}.")
        self.log_dir = log_dir
        self.histogram_freq = histogram_freq
        self.write_graph = bool(write_graph)
        self.update_freq = update_freq
        self._writers = {}
        self._global_train_batch = 0

    def _writer(self, which):
        if which not in self._writers:
            import os
            self._writers[which] = EventFileWriter(os.path.join(self.log_dir, which))
        return self._writers[which]

    # The hooks, called by the engines' callback adapters (engines.py).
    def train_begin(self, model_json):
        self._writers = {}
        self._global_train_batch = 0
        if self.write_graph and model_json is not None:
            self._writer("train").write(0, [keras_model_value(model_json)])
            self._writer("train").flush()

    def batch_begin(self):
        self._global_train_batch += 1

    @property
    def records_batches(self):
        return self.update_freq != "epoch"

    def batch_end(self, logs):
        if self.update_freq == "epoch" or self._global_train_batch % self.update_freq != 0:
            return
        step = self._global_train_batch
        self._writer("train").write(step, [scalar_value(f"batch_{k}", v) for k, v in logs.items()])

    def epoch_end(self, epoch, logs, learning_rate=None, iterations=None, weights=None):
        """logs: Keras's epoch logs (val_ keys included); weights: [(path, array)] (needed when this epoch
        has histograms: see wants_weights)."""
        train = {k: v for k, v in logs.items() if not k.startswith("val_")}
        val = {k[4:]: v for k, v in logs.items() if k.startswith("val_")}
        if val and iterations is not None:
            self._writer("validation").write(
                int(iterations), [scalar_value(f"evaluation_{k}_vs_iterations", v) for k, v in val.items()])
        if learning_rate is not None:
            train["learning_rate"] = learning_rate
        if train:
            self._writer("train").write(epoch, [scalar_value(f"epoch_{k}", v) for k, v in train.items()])
        if val:
            self._writer("validation").write(epoch, [scalar_value(f"epoch_{k}", v) for k, v in val.items()])
        if self.wants_weights(epoch) and weights:
            self._writer("train").write(epoch, [histogram_value(f"{path.replace(':', '_')}/histogram", value)
                                                for path, value in weights])
        for writer in self._writers.values():
            writer.flush()

    def wants_weights(self, epoch):
        return bool(self.histogram_freq) and epoch % self.histogram_freq == 0

    def train_end(self):
        for writer in self._writers.values():
            writer.close()
