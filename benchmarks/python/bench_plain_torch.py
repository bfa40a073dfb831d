"""The same models as a plain PyTorch program: nn.Sequential, torch.optim.Adam (Keras's defaults:
lr 1e-3, eps 1e-7), tensors made once, a per-epoch permutation, the epoch loss summed on the device
and read once per epoch (what the engine reports too). Groups: penguins, regression, predict.
"""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import common

DEVICE = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")


def sync():
    if DEVICE.type == "cuda":
        torch.cuda.synchronize()


def penguin_net():
    return nn.Sequential(nn.Linear(4, 10), nn.ReLU(), nn.Linear(10, 3)).to(DEVICE)  # softmax folded into the loss


def regression_net():
    return nn.Sequential(nn.Linear(20, 100), nn.ReLU(), nn.Linear(100, 50), nn.ReLU(), nn.Linear(50, 1)).to(DEVICE)


def fit(net, x, y, epochs, batch_size, loss_fn):
    optimizer = torch.optim.Adam(net.parameters(), lr=0.001, eps=1e-7)
    x_t, y_t = torch.from_numpy(x).to(DEVICE), torch.from_numpy(y).to(DEVICE)
    n = x_t.shape[0]
    net.train()
    losses = []
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
        losses.append(total.item() / n)
    net.eval()
    return losses


def fit_times(make_net, loss_fn, x, y, epochs, a):
    def new_net():
        torch.manual_seed(common.SEED)
        return make_net()

    return common.fit_times(new_net, lambda net, n: fit(net, x, y, n, common.BATCH, loss_fn), epochs, a.warmup, a.reps, sync=sync)


def predict(net, x):
    with torch.inference_mode():
        x_t = torch.from_numpy(x).to(DEVICE)
        if x_t.shape[0] <= common.BATCH:
            return net(x_t).cpu().numpy()
        return torch.cat([net(x_t[i:i + common.BATCH]) for i in range(0, x_t.shape[0], common.BATCH)]).cpu().numpy()


def main():
    a = common.args()
    data = common.load_data(a.data)
    rows = []
    if a.group == "penguins":
        # Probability targets: cross entropy of softmax(logits) against the one-hot rows.
        times = fit_times(penguin_net, F.cross_entropy, data["penguins_x"], data["penguins_y"], common.PENGUIN_EPOCHS, a)
        rows.append(common.row("fit", "plain_torch", times))
    elif a.group == "regression":
        times = fit_times(regression_net, F.mse_loss, data["regression_x"], data["regression_y"], common.REGRESSION_EPOCHS, a)
        rows.append(common.row("fit", "plain_torch", times))
    elif a.group == "predict":
        torch.manual_seed(common.SEED)
        net = regression_net().eval()
        x = data["regression_x"]
        one = np.ascontiguousarray(x[:1])
        rows.append(common.row("predict_20000", "plain_torch", common.measure(lambda: predict(net, x), a.warmup, a.reps, sync=sync)))
        # Each call timed on its own: the median is a typical call, undisturbed by other processes' bursts.
        rows.append(common.row("predict_1", "plain_torch", common.measure(lambda: predict(net, one), 500, a.calls, cpu=False), per_call=1))
    else:
        raise SystemExit(f"unknown group {a.group}")
    common.write(a.out, a.group, "plain_torch", rows)


if __name__ == "__main__":
    main()
