"""The same models as a plain PyTorch program: nn.Sequential, torch.optim.Adam (Keras's defaults:
lr 1e-3, eps 1e-7), tensors made once, a per-epoch permutation, the epoch loss summed on the device
and read once per epoch (what the engine reports too). Groups: penguins, regression, lstm, cnn, predict.
lstm: nn.Embedding -> nn.LSTM (torch's own LSTM: gate order i, f, g, o as Keras's i, f, c, o; its second
bias is an extra zero-initialized parameter Keras does not have) -> nn.Linear, sigmoid folded into the loss.
cnn: the NHWC images viewed as NCHW per batch (a permute, no copy: torch then runs the convolutions and pooling
in its channels_last memory format, as it does for the engine; a contiguous NCHW copy made once is slower here,
torch 1.13's NCHW max_pool2d taking ~7x longer on the CPU), softmax folded into the loss as in from_logits.
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


class LastStep(nn.Module):
    """nn.LSTM returns (outputs, (h, c)); Keras's LSTM(return_sequences=False) returns the last h."""

    def forward(self, result):
        return result[1][0][-1]


def lstm_net():
    e, u = common.EMBED, common.LSTM_UNITS
    return nn.Sequential(nn.Embedding(common.VOCABULARY, e), nn.LSTM(e, u, batch_first=True), LastStep(), nn.Linear(u, 1)).to(DEVICE)


class ChannelsFirst(nn.Module):
    def forward(self, x):
        return x.permute(0, 3, 1, 2)


def cnn_net():
    return nn.Sequential(ChannelsFirst(), nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(32 * 5 * 5, 10)).to(DEVICE)


def token_ids(x):
    return torch.from_numpy(x).long()


def class_ids(y):
    return torch.from_numpy(y).reshape(-1).long()


def fit(net, x, y, epochs, batch_size, loss_fn, x_to=torch.from_numpy, y_to=torch.from_numpy):
    optimizer = torch.optim.Adam(net.parameters(), lr=0.001, eps=1e-7)
    x_t, y_t = x_to(x).to(DEVICE), y_to(y).to(DEVICE)
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


def fit_times(make_net, loss_fn, x, y, epochs, a, **convert):
    def new_net():
        torch.manual_seed(common.SEED)
        return make_net()

    return common.fit_times(new_net, lambda net, n: fit(net, x, y, n, common.BATCH, loss_fn, **convert), epochs, a.warmup, a.reps, sync=sync)


# group -> (net, loss, x, y, epochs, conversions of x and y made once per fit)
FITS = {
    "penguins": (penguin_net, F.cross_entropy, "penguins_x", "penguins_y", common.PENGUIN_EPOCHS, {}),
    "regression": (regression_net, F.mse_loss, "regression_x", "regression_y", common.REGRESSION_EPOCHS, {}),
    "lstm": (lstm_net, F.binary_cross_entropy_with_logits, "text_x", "text_y", common.LSTM_EPOCHS, {"x_to": token_ids}),
    "cnn": (cnn_net, F.cross_entropy, "images_x", "images_y", common.CNN_EPOCHS, {"y_to": class_ids}),
}


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
    if a.group in FITS:
        # penguins: probability targets, cross entropy of softmax(logits) against the one-hot rows.
        net, loss, x, y, epochs, convert = FITS[a.group]
        rows.append(common.row("fit", "plain_torch", fit_times(net, loss, data[x], data[y], epochs, a, **convert)))
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
