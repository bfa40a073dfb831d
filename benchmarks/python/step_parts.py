"""Where one penguin training step spends its time: the engine's parts next to the plain PyTorch loop's, each
timed with timeit (15 rounds of 300 calls, the parts interleaved so that load from other processes falls on all
alike); prints the median and the minimum per part. Not run by run.sh: the per-step table of analysis.md.

Run: PYTHONPATH=src/KerasBridge/Python /usr/bin/python3 benchmarks/python/step_parts.py --data DIR
(DIR: the data make_data.py writes, e.g. benchmarks/results/data after a run.sh run).
"""
import argparse
import statistics
import timeit

import torch

import bench_plain_torch as plain
import common
from kerasbridge import bridge


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    data = common.load_data(parser.parse_args().data)
    x, y = data["penguins_x"], data["penguins_y"]
    engine = bridge.get_engine("torch")
    engine.set_random_seed(common.SEED)
    model = engine.model_from_config(common.PENGUINS)
    model.compile("adam", "categorical_crossentropy", [])
    model.fit(x, y, epochs=3, batch_size=common.BATCH)  # builds everything and moves off the initial weights
    xb, yb = torch.from_numpy(x[:common.BATCH].copy()), torch.from_numpy(y[:common.BATCH].copy())
    params = model._trainable_tensors()
    loss_fn = model._compiled.heads[0].loss
    probabilities = model._forward(xb, True).detach().requires_grad_()

    def engine_loss():
        return model._compute_loss(xb, yb, None, True, model._penalized())[1]

    grads = torch.autograd.grad(engine_loss(), params)
    torch.manual_seed(common.SEED)
    net = plain.penguin_net()
    optimizer = torch.optim.Adam(net.parameters(), lr=0.001, eps=1e-7)

    def plain_backward():
        optimizer.zero_grad()
        plain.F.cross_entropy(net(xb), yb).backward()

    plain_backward()
    parts = {
        "engine forward + loss + gradients": lambda: torch.autograd.grad(engine_loss(), params),
        "engine loss alone (forward and backward)": lambda: torch.autograd.grad(loss_fn(yb, probabilities), probabilities),
        "engine optimizer step": lambda: model.optimizer.apply(grads),
        "plain forward + loss + backward": plain_backward,
        "plain optimizer step": optimizer.step,
    }
    times = {name: [] for name in parts}
    for _ in range(15):
        for name, fn in parts.items():
            times[name].append(timeit.timeit(fn, number=300) / 300 * 1e6)
    for name, values in times.items():
        print(f"{name:42s} {statistics.median(values):6.0f} µs (min {min(values):.0f})")


if __name__ == "__main__":
    main()
