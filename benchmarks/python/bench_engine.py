"""KerasBridge's PyTorch engine called from a pure Python script (no .NET): the baseline the C# rows are
compared with. Groups: penguins, regression, lstm, cnn (fit), predict (20,000 rows and one row).
The fits alternate with the plain PyTorch loop of bench_plain_torch.py in the same process ("paired"
rows), so the engine-vs-plain ratio is measured seconds apart under the same load.

Run: PYTHONPATH=src/KerasBridge/Python /usr/bin/python3 benchmarks/python/bench_engine.py GROUP --data DIR --out FILE
"""
import numpy as np

import bench_plain_torch as plain
import common
from kerasbridge import bridge

ENGINE = bridge.get_engine("torch")


def sync():
    if ENGINE.torch_device.type == "cuda":
        import torch

        torch.cuda.synchronize()


def new_model(config, loss):
    ENGINE.set_random_seed(common.SEED)
    model = ENGINE.model_from_config(config)
    model.compile("adam", loss, [])
    return model


def fit_rows(config, loss, make_net, plain_loss, x, y, epochs, a, side, **convert):
    engine = (lambda: new_model(config, loss),
              lambda model, n: model.fit(x, y, epochs=n, batch_size=common.BATCH, shuffle=True))

    def new_net():
        plain.torch.manual_seed(common.SEED)
        return make_net()

    if side != "engine_python":  # the diagnostic run on libpython.so times the engine only
        return [common.row("fit", side, common.fit_times(*engine, epochs, a.warmup, a.reps, sync=sync))]
    baseline = (new_net, lambda net, n: plain.fit(net, x, y, n, common.BATCH, plain_loss, **convert))
    ours, theirs = common.paired_fit_times(engine, baseline, epochs, a.warmup, a.reps, sync=sync)
    return [common.row("fit", side, ours), common.row("fit", "plain_torch_paired", theirs)]


def main():
    a = common.args()
    side = a.side or "engine_python"
    data = common.load_data(a.data)
    rows = []
    if a.group == "penguins":
        rows += fit_rows(common.PENGUINS, "categorical_crossentropy", plain.penguin_net, plain.F.cross_entropy,
                         data["penguins_x"], data["penguins_y"], common.PENGUIN_EPOCHS, a, side)
    elif a.group == "regression":
        rows += fit_rows(common.REGRESSION, "mse", plain.regression_net, plain.F.mse_loss,
                         data["regression_x"], data["regression_y"], common.REGRESSION_EPOCHS, a, side)
    elif a.group == "lstm":
        net, plain_loss, x, y, epochs, convert = plain.FITS["lstm"]
        rows += fit_rows(common.LSTM_TEXT, "binary_crossentropy", net, plain_loss, data[x], data[y], epochs, a, side, **convert)
    elif a.group == "cnn":
        net, plain_loss, x, y, epochs, convert = plain.FITS["cnn"]
        rows += fit_rows(common.CNN, common.SPARSE_FROM_LOGITS, net, plain_loss, data[x], data[y], epochs, a, side, **convert)
    elif a.group == "predict":
        model = new_model(common.REGRESSION, "mse")
        x = data["regression_x"]
        one = np.ascontiguousarray(x[:1])
        rows.append(common.row("predict_20000", side, common.measure(lambda: model.predict(x, batch_size=common.BATCH), a.warmup, a.reps, sync=sync)))
        # Each call timed on its own: the median is a typical call, undisturbed by other processes' bursts.
        rows.append(common.row("predict_1", side, common.measure(lambda: model.predict(one), 500, a.calls, cpu=False), per_call=1))
    else:
        raise SystemExit(f"unknown group {a.group}")
    common.write(a.out, a.group, side, rows)


if __name__ == "__main__":
    main()
