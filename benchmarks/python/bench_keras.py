"""Real Keras on its configured backend, the same models and data (only where `import keras` works; on this
project's Debian machines it does not, and this script records why). Groups: penguins, regression, lstm, cnn, predict.
"""
import os

import numpy as np

import common


def main():
    a = common.args()
    try:
        import keras
    except Exception as e:  # not installed, or its backend fails to import
        common.write(a.out, a.group, "keras", [], available=False, reason=f"import keras failed: {type(e).__name__}: {e}")
        return
    backend = keras.backend.backend()
    data = common.load_data(a.data)

    def model(config, loss):
        keras.utils.set_random_seed(common.SEED)
        m = keras.Sequential.from_config(config["config"])
        m.compile(optimizer="adam", loss=loss)
        return m

    def fit_times(config, loss, x, y, epochs):
        return common.fit_times(lambda: model(config, loss),
                                lambda m, n: m.fit(x, y, epochs=n, batch_size=common.BATCH, verbose=0),
                                epochs, a.warmup, a.reps)

    rows = []
    if a.group == "penguins":
        rows.append(common.row("fit", "keras", fit_times(common.PENGUINS, "categorical_crossentropy", data["penguins_x"], data["penguins_y"], common.PENGUIN_EPOCHS)))
    elif a.group == "regression":
        rows.append(common.row("fit", "keras", fit_times(common.REGRESSION, "mse", data["regression_x"], data["regression_y"], common.REGRESSION_EPOCHS)))
    elif a.group == "lstm":
        rows.append(common.row("fit", "keras", fit_times(common.LSTM_TEXT, "binary_crossentropy", data["text_x"], data["text_y"], common.LSTM_EPOCHS)))
    elif a.group == "cnn":
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        rows.append(common.row("fit", "keras", fit_times(common.CNN, loss, data["images_x"], data["images_y"], common.CNN_EPOCHS)))
    elif a.group == "predict":
        m = model(common.REGRESSION, "mse")
        x = data["regression_x"]
        one = np.ascontiguousarray(x[:1])
        rows.append(common.row("predict_20000", "keras", common.measure(lambda: m.predict(x, batch_size=common.BATCH, verbose=0), a.warmup, a.reps)))
        calls = max(20, a.calls // 50)  # Keras's predict takes milliseconds per call
        rows.append(common.row("predict_1", "keras", common.measure(lambda: m.predict(one, verbose=0), 10, calls, cpu=False), per_call=1))
    else:
        raise SystemExit(f"unknown group {a.group}")
    common.write(a.out, a.group, "keras", rows, available=True, keras=keras.__version__, backend=backend,
                 keras_backend_env=os.environ.get("KERAS_BACKEND"))


if __name__ == "__main__":
    main()
