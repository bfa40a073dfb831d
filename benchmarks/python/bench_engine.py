"""KerasBridge's PyTorch engine called from a pure Python script (no .NET): the baseline the C# rows are
compared with. Groups: penguins, regression (fit), predict (20,000 rows and one row).

Run: PYTHONPATH=src/KerasBridge/Python /usr/bin/python3 benchmarks/python/bench_engine.py GROUP --data DIR --out FILE
"""
import numpy as np

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


def fit_times(config, loss, x, y, epochs, a):
    return common.fit_times(lambda: new_model(config, loss),
                            lambda model, n: model.fit(x, y, epochs=n, batch_size=common.BATCH, shuffle=True),
                            epochs, a.warmup, a.reps, sync=sync)


def main():
    a = common.args()
    side = a.side or "engine_python"
    data = common.load_data(a.data)
    rows = []
    if a.group == "penguins":
        times = fit_times(common.PENGUINS, "categorical_crossentropy", data["penguins_x"], data["penguins_y"], common.PENGUIN_EPOCHS, a)
        rows.append(common.row("fit", side, times))
    elif a.group == "regression":
        times = fit_times(common.REGRESSION, "mse", data["regression_x"], data["regression_y"], common.REGRESSION_EPOCHS, a)
        rows.append(common.row("fit", side, times))
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
