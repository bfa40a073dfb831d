"""Times the PyTorch engine against plain PyTorch code for the same models and data.

Run: PYTHONPATH=src/KerasBridge/Python /usr/bin/python3 tests/python/bench_torch_engine.py [--quick]
Cases: the environment note's regression (20,000 x 20 -> 100 -> 50 -> 1, adam, mse, batch 32,
5 epochs), a small CNN on 8x8x1 images, predict of 20,000 rows and of one row. Prints each
timing and the ratio engine / plain; fit should be <= 1.2x. Timings are the best of 3 runs.
"""

import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from kerasbridge import bridge

QUICK = "--quick" in sys.argv
ENGINE = bridge.get_engine("torch")
DEVICE = ENGINE.torch_device


def best_of(fn, runs=3):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        if DEVICE.type == "cuda":
            torch.cuda.synchronize()
        times.append(time.perf_counter() - started)
    return min(times)


def plain_fit(net, x, y, epochs, batch_size, loss_fn):
    """A straightforward efficient PyTorch loop: tensors once, per-epoch permutation, loss summed
    on the device, one .item() per epoch."""
    optimizer = torch.optim.Adam(net.parameters(), lr=0.001, eps=1e-7)
    x_t = torch.from_numpy(x).to(DEVICE)
    y_t = torch.from_numpy(y).to(DEVICE)
    n = x_t.shape[0]
    net.train()
    for _ in range(epochs):
        order = torch.randperm(n).to(DEVICE)
        total = torch.zeros((), device=DEVICE)
        for start in range(0, n, batch_size):
            index = order[start:start + batch_size]
            xb, yb = x_t.index_select(0, index), y_t.index_select(0, index)
            optimizer.zero_grad()
            loss = loss_fn(net(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.detach() * xb.shape[0]
        total.item()
    net.eval()


def dense(units, activation="linear"):
    return {"class_name": "Dense", "config": {"units": units, "activation": activation}}


def model_config(layers, input_shape):
    return {"class_name": "Sequential", "config": {"layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None] + list(input_shape)}}] + layers}}


class PlainCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 16, 3)
        self.dense = nn.Linear(144, 10)

    def forward(self, x):
        x = F.relu(self.conv(x.permute(0, 3, 1, 2)))
        x = F.max_pool2d(x, 2).permute(0, 2, 3, 1).reshape(x.shape[0], -1)
        return self.dense(x)


def main():
    print(f"device: {ENGINE.device}, {ENGINE.version}, threads {torch.get_num_threads()}")
    rng = np.random.default_rng(0)
    rows = 4000 if QUICK else 20000
    x = rng.normal(size=(rows, 20)).astype(np.float32)
    y = (x @ rng.normal(size=(20, 1)) + 0.1 * rng.normal(size=(rows, 1))).astype(np.float32)
    epochs = 5

    model = ENGINE.model_from_config(model_config([dense(100, "relu"), dense(50, "relu"), dense(1)], [20]))
    model.compile("adam", "mse", [])
    ours = best_of(lambda: model.fit(x, y, epochs=epochs, batch_size=32, shuffle=True))
    net = nn.Sequential(nn.Linear(20, 100), nn.ReLU(), nn.Linear(100, 50), nn.ReLU(), nn.Linear(50, 1)).to(DEVICE)
    plain = best_of(lambda: plain_fit(net, x, y, epochs, 32, F.mse_loss))
    print(f"fit regression {rows}x20, 5 epochs, batch 32: engine {ours:.2f} s, plain {plain:.2f} s, ratio {ours / plain:.2f}")

    model.compile("adam", "mse", ["mae"])
    ours_m = best_of(lambda: model.fit(x, y, epochs=epochs, batch_size=32, shuffle=True))
    print(f"  same with metrics=['mae']: engine {ours_m:.2f} s, ratio {ours_m / plain:.2f}")

    ours_p = best_of(lambda: model.predict(x, batch_size=32))
    with torch.inference_mode():
        x_t = torch.from_numpy(x).to(DEVICE)
        plain_p = best_of(lambda: torch.cat([net(x_t[i:i + 32]) for i in range(0, rows, 32)]).cpu().numpy())
    print(f"predict {rows} rows (batch 32): engine {ours_p * 1e3:.1f} ms, plain {plain_p * 1e3:.1f} ms")

    row = np.ascontiguousarray(x[:1])
    for _ in range(500):
        model.predict(row)
    count = 5000 if QUICK else 20000
    started = time.perf_counter()
    for _ in range(count):
        model.predict(row)
    ours_1 = (time.perf_counter() - started) / count
    net.eval()
    started = time.perf_counter()
    for _ in range(count):
        with torch.inference_mode():
            net(torch.from_numpy(row).to(DEVICE)).cpu().numpy()
    plain_1 = (time.perf_counter() - started) / count
    print(f"predict one row: engine {ours_1 * 1e6:.1f} us, plain {plain_1 * 1e6:.1f} us")

    images = rng.random((2000 if QUICK else 6000, 8, 8, 1), dtype=np.float32)
    labels = rng.integers(0, 10, size=images.shape[0]).astype(np.int64)
    cnn = ENGINE.model_from_config(model_config([
        {"class_name": "Conv2D", "config": {"filters": 16, "kernel_size": 3, "activation": "relu"}},
        {"class_name": "MaxPooling2D", "config": {"pool_size": 2}},
        {"class_name": "Flatten", "config": {}},
        dense(10)], [8, 8, 1]))
    cnn.compile("adam", {"class_name": "SparseCategoricalCrossentropy", "config": {"from_logits": True}}, ["accuracy"])
    ours_c = best_of(lambda: cnn.fit(images, labels, epochs=3, batch_size=32))
    plain_net = PlainCnn().to(DEVICE)
    plain_c = best_of(lambda: plain_fit(plain_net, images, labels, 3, 32, F.cross_entropy))
    print(f"fit CNN {images.shape[0]}x8x8x1, 3 epochs, batch 32: engine {ours_c:.2f} s, plain {plain_c:.2f} s, "
          f"ratio {ours_c / plain_c:.2f}")


if __name__ == "__main__":
    main()
