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
    # A fresh model per repetition (built outside the timed part), as the C# side does.
    times = common.Measurement()
    for _ in range(a.warmup + a.reps):
        model = new_model(config, loss)
        times += common.measure(lambda: model.fit(x, y, epochs=epochs, batch_size=common.BATCH, shuffle=True), 0, 1, sync=sync)
    return times.drop(a.warmup)


def main():
    a = common.args()
    data = common.load_data(a.data)
    rows = []
    if a.group == "penguins":
        times = fit_times(common.PENGUINS, "categorical_crossentropy", data["penguins_x"], data["penguins_y"], common.PENGUIN_EPOCHS, a)
        rows.append(common.row("fit", "engine_python", times))
    elif a.group == "regression":
        times = fit_times(common.REGRESSION, "mse", data["regression_x"], data["regression_y"], common.REGRESSION_EPOCHS, a)
        rows.append(common.row("fit", "engine_python", times))
    elif a.group == "predict":
        model = new_model(common.REGRESSION, "mse")
        x = data["regression_x"]
        one = np.ascontiguousarray(x[:1])
        rows.append(common.row("predict_20000", "engine_python", common.measure(lambda: model.predict(x, batch_size=common.BATCH), a.warmup, a.reps, sync=sync)))
        rows.append(common.row("predict_1", "engine_python", common.measure(lambda: model.predict(one), max(a.warmup, 1) * 200, a.reps, per_call=a.per_call),
                               per_call=a.per_call))
    else:
        raise SystemExit(f"unknown group {a.group}")
    common.write(a.out, a.group, "engine_python", rows)


if __name__ == "__main__":
    main()
