"""Shared by the pure-Python benchmark scripts: the data files, a Stopwatch-style harness, results as JSON.

Each script runs with /usr/bin/python3 and PYTHONPATH=src/KerasBridge/Python (run.sh sets both).
The harness is deliberately plain: `warmup` untimed calls, then `reps` timed calls, each timed with
time.perf_counter; the renderer computes median and spread from the raw times written here.
"""
import json
import os
import platform
import sys
import time

import numpy as np

DATA_FILES = ("penguins_x", "penguins_y", "regression_x", "regression_y", "text_x", "text_y", "images_x", "images_y")


def load_data(folder):
    """The arrays make_data.py wrote (raw little-endian float32 plus shapes in meta.json)."""
    with open(os.path.join(folder, "meta.json"), encoding="utf-8") as f:
        meta = json.load(f)
    return {name: np.fromfile(os.path.join(folder, name + ".f32"), dtype="<f4").reshape(meta[name]) for name in DATA_FILES}


def measure(fn, warmup, reps, per_call=1, sync=None, cpu=True):
    """Seconds per call of fn: warmup untimed calls, then reps timed ones. With per_call > 1 each timed
    repetition runs fn per_call times and records the mean. cpu=False skips the CPU clock (per-call timing)."""
    for _ in range(warmup):
        fn()
    if sync:
        sync()
    wall, cpu_times = [], []
    for _ in range(reps):
        cpu_started = time.process_time() if cpu else 0
        started = time.perf_counter()
        for _ in range(per_call):
            fn()
        if sync:
            sync()
        wall.append((time.perf_counter() - started) / per_call)
        if cpu:
            cpu_times.append((time.process_time() - cpu_started) / per_call)
    return Measurement(wall, cpu_times)


class Measurement:
    """Wall-clock seconds per call for each timed repetition, and the process CPU seconds alongside
    (less disturbed than wall time when other processes share the cores)."""

    def __init__(self, wall=None, cpu=None):
        self.wall = list(wall or [])
        self.cpu = list(cpu or [])

    def __add__(self, other):
        return Measurement(self.wall + other.wall, self.cpu + other.cpu)

    def drop(self, count):
        return Measurement(self.wall[count:], self.cpu[count:])


def fit_times(new_model, fit, epochs, warmup, reps, sync=None):
    """Warm-up: fits of a fifth of the epochs (at least one) on fresh models, untimed; then timed fits, each
    on a fresh model made outside the timed part (the C# side does the same). fit(model, epochs)."""
    for _ in range(warmup):
        fit(new_model(), max(1, epochs // 5))
    times = Measurement()
    for _ in range(reps):
        model = new_model()
        times += measure(lambda: fit(model, epochs), 0, 1, sync=sync)
    return times


def paired_fit_times(a, b, epochs, warmup, reps, sync=None):
    """Two fits timed alternately in one process (a, b, then b, a, ...): a and b are (new_model, fit) pairs.
    Their per-pair ratios hardly feel other processes' load, which moves both alike."""
    for new_model, fit in (a, b):
        for _ in range(warmup):
            fit(new_model(), max(1, epochs // 5))
    times = [Measurement(), Measurement()]
    for r in range(reps):
        for i in ((0, 1) if r % 2 == 0 else (1, 0)):
            new_model, fit = (a, b)[i]
            model = new_model()
            times[i] += measure(lambda: fit(model, epochs), 0, 1, sync=sync)
    return times


def vmhwm_kb():
    """Peak resident set size of this process so far (VmHWM), in KiB."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


def environment():
    info = {"python": platform.python_version(), "executable": sys.executable, "numpy": np.__version__}
    try:
        import torch

        info["torch"] = torch.__version__
        info["torch_threads"] = torch.get_num_threads()
        info["device"] = "cuda:0" if torch.cuda.is_available() else "cpu"
        if torch.cuda.is_available():
            info["gpu"] = torch.cuda.get_device_name(0)
    except ImportError:
        pass
    return info


def row(name, side, times, **extra):
    entry = {"name": name, "side": side, "times_s": [float(t) for t in times.wall], "cpu_s": [float(t) for t in times.cpu]}
    entry.update(extra)
    return entry


def write(path, group, side, rows, **extra):
    result = {"group": group, "side": side, "rows": rows, "vmhwm_kb": vmhwm_kb(), "env": environment()}
    result.update(extra)
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)


def args(argv=None):
    """group --data DIR --out FILE --reps N --warmup N"""
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("group")
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--calls", type=int, default=5000, help="one-row predict: calls timed one by one")
    parser.add_argument("--side", default=None, help="the label of this side in the results (default: the script's)")
    return parser.parse_args(argv)


def dense(units, activation="linear"):
    return {"class_name": "Dense", "config": {"units": units, "activation": activation}}


def sequential(input_shape, layers, name="sequential"):
    """A Keras Sequential config like the one the C# Keras.Sequential(Input(...), ...) sends."""
    return {"class_name": "Sequential", "config": {"name": name, "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None] + list(input_shape)}}] + layers}}


PENGUINS = sequential([4], [dense(10, "relu"), dense(3, "softmax")])
REGRESSION = sequential([20], [dense(100, "relu"), dense(50, "relu"), dense(1)])
PENGUIN_EPOCHS, REGRESSION_EPOCHS, BATCH = 100, 5, 32
SEED = 2

# The everyday layers: an LSTM text classifier on token ids and a small CNN on 28 x 28 x 1 images.
VOCABULARY, SEQUENCE, EMBED, LSTM_UNITS = 1000, 40, 32, 32
LSTM_TEXT = sequential([SEQUENCE], [
    {"class_name": "Embedding", "config": {"input_dim": VOCABULARY, "output_dim": EMBED}},
    {"class_name": "LSTM", "config": {"units": LSTM_UNITS}},
    dense(1, "sigmoid")], name="lstm_text")
CNN = sequential([28, 28, 1], [
    {"class_name": "Conv2D", "config": {"filters": 16, "kernel_size": [3, 3], "activation": "relu"}},
    {"class_name": "MaxPooling2D", "config": {"pool_size": [2, 2]}},
    {"class_name": "Conv2D", "config": {"filters": 32, "kernel_size": [3, 3], "activation": "relu"}},
    {"class_name": "MaxPooling2D", "config": {"pool_size": [2, 2]}},
    {"class_name": "Flatten", "config": {}},
    dense(10)], name="small_cnn")
SPARSE_FROM_LOGITS = {"class_name": "SparseCategoricalCrossentropy", "config": {"from_logits": True}}
LSTM_EPOCHS, CNN_EPOCHS = 3, 3
