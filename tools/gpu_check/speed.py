"""The speed part of the GPU check: the PyTorch engine vs real Keras vs a plain PyTorch loop, in one process with
the sides alternating, so the ratios come from one run under one load.

- regression: benchmarks/python/common.py's model (20,000 x 20 -> Dense 100 relu -> 50 relu -> 1, adam, mse,
  batch 32, 5 epochs) and data (make_data.regression: numpy seed 42);
- cnn: episode 4's network (examples/Digits: Conv2D 32 3x3 same relu, MaxPooling2D 2, the same again, Flatten,
  Dropout 0.5, Dense 32 relu, Dense 10 logits; sparse categorical crossentropy from logits, adam) at 128 x 128 x 3,
  batch 256: a size that keeps the GPU busy rather than waiting on Python;
- predict: the regression model, 20,000 rows (batch 32) and 1 row (each call timed alone).
All sides compute in float32 (TF32 off: the engine switches it off process-wide on a GPU, so Keras and the plain
loop here run under the same flags, which the report lists). Every fit is on a fresh model made outside the clock;
CUDA work is synchronized before the clock is read. bench_plain_torch.py supplies the plain loop.
"""

import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "benchmarks", "python"))

import common  # noqa: E402  (benchmarks/python)
import make_data  # noqa: E402

CNN_SIZE, CNN_BATCH, CNN_CLASSES = 128, 256, 10


def cnn_config(size):
    conv = {"filters": 32, "kernel_size": [3, 3], "activation": "relu", "padding": "same"}
    return common.sequential([size, size, 3], [
        {"class_name": "Conv2D", "config": dict(conv)},
        {"class_name": "MaxPooling2D", "config": {"pool_size": [2, 2]}},
        {"class_name": "Conv2D", "config": dict(conv)},
        {"class_name": "MaxPooling2D", "config": {"pool_size": [2, 2]}},
        {"class_name": "Flatten", "config": {}},
        {"class_name": "Dropout", "config": {"rate": 0.5}},
        common.dense(32, "relu"),
        common.dense(CNN_CLASSES)], name="episode4_cnn")


def plain_cnn(size, device):
    import torch.nn as nn

    import bench_plain_torch as plain

    flat = 32 * (size // 4) * (size // 4)
    return nn.Sequential(plain.ChannelsFirst(), nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.5),
                         nn.Linear(flat, 32), nn.ReLU(), nn.Linear(32, CNN_CLASSES)).to(device)


def cnn_data(rows, size, seed=11):
    rng = np.random.default_rng(seed)
    x = rng.random((rows, size, size, 3), dtype=np.float32)
    y = rng.integers(0, CNN_CLASSES, size=(rows, 1)).astype(np.float32)
    return x, y


def median(values):
    return float(np.median(values)) if values else None


class Sides:
    """The sides of one benchmark: (name, new_model, fit) with fit(model, epochs) doing the timed work."""

    def __init__(self):
        self.entries = []

    def add(self, name, new_model, fit):
        self.entries.append((name, new_model, fit))


def run_sides(sides, epochs, reps, sync, deadline):
    """({side: [seconds, ...]}, note): a one-epoch warm-up per side, then reps rounds with the side order rotating;
    stops where the deadline has passed."""
    times = {name: [] for name, _, _ in sides.entries}
    for name, new_model, fit in sides.entries:
        if time.monotonic() > deadline:
            return times, "stopped early: the time budget ran out"
        fit(new_model(), 1)
        sync()
    for r in range(reps):
        order = sides.entries[r % len(sides.entries):] + sides.entries[:r % len(sides.entries)]
        for name, new_model, fit in order:
            if time.monotonic() > deadline:
                return times, "stopped early: the time budget ran out"
            model = new_model()
            sync()
            started = time.perf_counter()
            fit(model, epochs)
            sync()
            times[name].append(time.perf_counter() - started)
    return times, None


def summarize(name, times, note=None, **facts):
    medians = {side: median(t) for side, t in times.items()}
    ratios = {}
    for a, b in (("engine", "plain_torch"), ("keras", "plain_torch"), ("keras", "engine")):
        if medians.get(a) and medians.get(b):
            ratios[f"{a}/{b}"] = medians[a] / medians[b]
    return {"benchmark": name, "median_s": medians, "times_s": times, "ratios": ratios, "note": note, **facts}


class _Bench:
    """The three sides' model makers, shared by the benchmarks."""

    def __init__(self, device, quick, deadline, keras_module, record):
        import torch

        import bench_plain_torch as plain
        from kerasbridge import bridge

        self.torch, self.plain, self.keras = torch, plain, keras_module
        plain.DEVICE = torch.device(device)
        self.engine = bridge.get_engine("torch")
        self.on_gpu = self.engine.torch_device.type == "cuda"
        self.quick, self.deadline, self.record = quick, deadline, record
        self.reps = 1 if quick else 3
        self.rows = 2000 if quick else 20000
        self.x, self.y = make_data.regression(rows=self.rows)

    def sync(self):
        if self.on_gpu:
            self.torch.cuda.synchronize()

    def engine_model(self, config, loss):
        def new():
            self.engine.set_random_seed(common.SEED)
            model = self.engine.model_from_config(config)
            model.compile("adam", loss, [])
            return model
        return new

    def keras_model(self, config, loss):
        def new():
            self.keras.utils.set_random_seed(common.SEED)
            model = self.keras.Sequential.from_config(config["config"])
            model.compile(optimizer="adam", loss=loss)
            return model
        return new

    def plain_net(self, make):
        def new():
            self.torch.manual_seed(common.SEED)
            return make()
        return new

    def out_of_time(self, name):
        if time.monotonic() < self.deadline:
            return False
        self.record({"benchmark": name, "note": "skipped: the time budget ran out"})
        return True

    def regression(self):
        x, y, plain = self.x, self.y, self.plain
        epochs = 1 if self.quick else common.REGRESSION_EPOCHS
        sides = Sides()
        sides.add("engine", self.engine_model(common.REGRESSION, "mse"),
                  lambda m, n: m.fit(x, y, epochs=n, batch_size=common.BATCH, shuffle=True))
        if self.keras is not None:
            sides.add("keras", self.keras_model(common.REGRESSION, "mse"),
                      lambda m, n: m.fit(x, y, epochs=n, batch_size=common.BATCH, verbose=0))
        sides.add("plain_torch", self.plain_net(plain.regression_net),
                  lambda net, n: plain.fit(net, x, y, n, common.BATCH, plain.F.mse_loss))
        times, note = run_sides(sides, epochs, self.reps, self.sync, self.deadline)
        self.record(summarize("regression fit", times, note, rows=self.rows, epochs=epochs, batch=common.BATCH))

    def predict(self):
        """The regression model: all rows (batch 32) and 1 row, each one-row call timed alone."""
        if self.out_of_time("predict"):
            return
        x, plain = self.x, self.plain
        one = np.ascontiguousarray(x[:1])
        models = {"engine": self.engine_model(common.REGRESSION, "mse")()}
        if self.keras is not None:
            models["keras"] = self.keras_model(common.REGRESSION, "mse")()
        models["plain_torch"] = self.plain_net(plain.regression_net)().eval()
        calls = {"engine": 2000, "keras": 200, "plain_torch": 2000} if not self.quick else {"engine": 200, "keras": 20, "plain_torch": 200}
        many, single = {}, {}
        for side, model in models.items():
            if time.monotonic() > self.deadline:
                break
            if side == "plain_torch":
                run_many, run_one = (lambda: plain.predict(model, x)), (lambda: plain.predict(model, one))
            elif side == "keras":
                run_many = lambda: model.predict(x, batch_size=common.BATCH, verbose=0)  # noqa: E731
                run_one = lambda: model.predict(one, verbose=0)  # noqa: E731
            else:
                run_many, run_one = (lambda: model.predict(x, batch_size=common.BATCH)), (lambda: model.predict(one))
            many[side] = common.measure(run_many, 1, self.reps, sync=self.sync, cpu=False).wall
            single[side] = common.measure(run_one, 20, calls[side], sync=self.sync, cpu=False).wall
        self.record(summarize(f"predict {self.rows} rows", many, None, rows=self.rows, batch=common.BATCH))
        result = summarize("predict 1 row", single, None, calls=calls)
        result["times_s"] = {side: f"{len(t)} calls" for side, t in single.items()}  # the medians are what counts
        self.record(result)

    def cnn(self):
        """Episode 4's network at 128 x 128 x 3, batch 256 (32 x 32, batch 32 with --quick)."""
        name = "cnn fit (episode 4)"
        if self.out_of_time(name):
            return
        plain, torch = self.plain, self.torch
        size, batch = (32, 32) if self.quick else (CNN_SIZE, CNN_BATCH)
        images, epochs = (64, 1) if self.quick else (4096, 2)
        cx, cy = cnn_data(images, size)
        config = cnn_config(size)
        sides = Sides()
        sides.add("engine", self.engine_model(config, common.SPARSE_FROM_LOGITS),
                  lambda m, n: m.fit(cx, cy, epochs=n, batch_size=batch, shuffle=True))
        if self.keras is not None:
            keras_loss = self.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
            sides.add("keras", self.keras_model(config, keras_loss),
                      lambda m, n: m.fit(cx, cy, epochs=n, batch_size=batch, verbose=0))
        sides.add("plain_torch", self.plain_net(lambda: plain_cnn(size, plain.DEVICE)),
                  lambda net, n: plain.fit(net, cx, cy, n, batch, plain.F.cross_entropy, y_to=plain.class_ids))
        if self.on_gpu:
            torch.cuda.reset_peak_memory_stats()
        times, note = run_sides(sides, epochs, self.reps, self.sync, self.deadline)
        peak = torch.cuda.max_memory_allocated() / 2**20 if self.on_gpu else None
        self.record(summarize(name, times, note, images=images, size=size, batch=batch, epochs=epochs,
                              gpu_peak_mib=round(peak) if peak else None))


def benchmarks(device, quick, deadline, keras_module, record):
    """regression fit, predict, then the CNN (the longest, so a short budget loses it first); record(result) after
    each."""
    bench = _Bench(device, quick, deadline, keras_module, record)
    bench.regression()
    bench.predict()
    bench.cnn()
