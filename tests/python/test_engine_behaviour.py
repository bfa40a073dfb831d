"""Behaviour checks of the PyTorch engine beyond the fixtures: a penguins run, a Conv2D run,
save/load round trips, cancellation, EarlyStopping, argument validation and predict speed.

The one-row predict timings are marked `timing` and skipped unless KB_TIMING=1 (noisy on shared machines;
bench_torch_engine.py is the benchmark).
"""

import csv
import os
import tempfile
import time
import warnings

import numpy as np
import pytest

from conftest import PENGUINS_CSV
from kerasbridge import bridge
from kerasbridge.errors import NotCompiledError

ENGINE = bridge.get_engine("torch")


def expect_error(fn, fragment, message, error=ValueError):
    with pytest.raises(error) as e:
        fn()
    assert fragment in str(e.value), f"{message}: {e.value}"


def dense(units, activation="linear", name=None):
    config = {"units": units, "activation": activation}
    if name:
        config["name"] = name
    return {"module": "keras.layers", "class_name": "Dense", "config": config, "registered_name": None}


def sequential(layers, input_shape, name=None):
    entries = [{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None] + list(input_shape)}}]
    config = {"layers": entries + layers}
    if name:
        config["name"] = name
    return {"module": "keras", "class_name": "Sequential", "config": config, "registered_name": None}


def penguins():
    rows = list(csv.DictReader(open(PENGUINS_CSV)))
    cols = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
    rows = [r for r in rows if all(r[k] not in ("", "NA") for k in cols + ["sex"])]
    x = np.array([[float(r[c]) for c in cols] for r in rows], dtype=np.float32)
    species = sorted({r["species"] for r in rows})
    y = np.array([[1.0 if r["species"] == s else 0.0 for s in species] for r in rows], dtype=np.float32)
    return x, y


@pytest.fixture(scope="module")
def penguins_run():
    """The penguins model trained once for the tests below: (model, x, fit result, seconds)."""
    x, y = penguins()
    x = (x - x.mean(0)) / x.std(0)  # standardized so that 100 epochs actually learn
    ENGINE.set_random_seed(2)
    model = ENGINE.model_from_config(sequential([dense(10, "relu"), dense(3, "softmax")], [4]))
    model.compile("adam", "categorical_crossentropy", ["accuracy"])
    started = time.perf_counter()
    result = model.fit(x, y, epochs=100, batch_size=32, validation_split=0.2, shuffle=True)
    seconds = time.perf_counter() - started
    return model, x, y, result, seconds


def test_penguins(penguins_run):
    model, x, y, result, seconds = penguins_run
    h = result["history"]
    # Keras's CallbackList sorts the log keys (python_utils.pythonify_logs), so its History does too.
    assert list(h) == ["accuracy", "loss", "val_accuracy", "val_loss"], f"penguins history keys {list(h)}"
    assert h["loss"][-1] < h["loss"][0] * 0.5, (f"penguins loss {h['loss'][0]:.3f} -> {h['loss'][-1]:.3f} "
          f"(accuracy {h['accuracy'][-1]:.3f}, val_accuracy {h['val_accuracy'][-1]:.3f}) in {seconds:.2f} s")
    assert result["epochs"] == list(range(100)) and not result["cancelled"] and not result["stopped_early"], "penguins fit flags"
    ev = model.evaluate(x, y)
    assert list(ev) == ["loss", "accuracy"], f"evaluate keys {list(ev)}"
    summary = model.summary()
    assert "Optimizer params: 168" in summary, "summary shows Keras's optimizer params after fit"


@pytest.fixture(scope="module")
def conv_run():
    """A small Conv2D model trained once: (model, x, shapes before fit, fit result)."""
    ENGINE.set_random_seed(2)  # the weights' initial values (before, they depended on the tests run earlier)
    rng = np.random.default_rng(0)
    x = rng.random((300, 8, 8, 1), dtype=np.float32)
    labels = (x[:, :4, :, 0].mean(axis=(1, 2)) > x[:, 4:, :, 0].mean(axis=(1, 2))).astype(np.int64)
    layers = [
        {"class_name": "Conv2D", "config": {"filters": 8, "kernel_size": 3, "activation": "relu", "padding": "same"}},
        {"class_name": "MaxPooling2D", "config": {"pool_size": 2}},
        {"class_name": "Conv2D", "config": {"filters": 8, "kernel_size": [3, 3], "strides": 2, "padding": "same"}},
        {"class_name": "GlobalAveragePooling2D", "config": {}},
        {"class_name": "Dropout", "config": {"rate": 0.1}},
        dense(2),
    ]
    model = ENGINE.model_from_config(sequential(layers, [8, 8, 1]))
    shapes_before_fit = (model.output_shape, [l.output_shape for l in model.layers])
    model.compile({"class_name": "Adam", "config": {"learning_rate": 0.01}},
                  {"class_name": "SparseCategoricalCrossentropy", "config": {"from_logits": True}}, ["accuracy"])
    result = model.fit(x, labels, epochs=30, batch_size=32)
    return model, x, shapes_before_fit, result


def test_conv(conv_run):
    model, x, (output_shape, shapes), result = conv_run
    assert output_shape == (None, 2), f"conv output shape {output_shape}"
    assert shapes[:3] == [(None, 8, 8, 8), (None, 4, 4, 8), (None, 2, 2, 8)], f"conv layer shapes {shapes[:3]}"
    h = result["history"]
    assert h["loss"][-1] < h["loss"][0] and h["accuracy"][-1] > 0.8, f"conv loss {h['loss'][0]:.3f} -> {h['loss'][-1]:.3f}, accuracy {h['accuracy'][-1]:.3f}"
    assert (model.config()["compile_config"]["loss"]["config"] == {
        "name": "sparse_categorical_crossentropy", "reduction": "sum_over_batch_size", "from_logits": True,
        "ignore_class": None}), "conv compile_config loss is serialized with Keras's defaults"


@pytest.mark.parametrize("run", ["penguins_run", "conv_run"])
def test_save_load(request, run):
    model, x = request.getfixturevalue(run)[:2]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "m.keras")
        model.save(path)
        loaded = ENGINE.load_model(path)
        assert np.array_equal(loaded.predict(x), model.predict(x)), "save/load .keras keeps predictions"
        assert (loaded.optimizer.iterations == model.optimizer.iterations and
              all(np.array_equal(a, b) for a, b in zip(loaded.optimizer.get_variables(), model.optimizer.get_variables()))), f"save/load keeps optimizer state (iterations {loaded.optimizer.iterations})"
        assert loaded.summary() == model.summary(), "summary identical after load"
        wpath = os.path.join(tmp, "m.weights.h5")
        model.save_weights(wpath)
        fresh = ENGINE.model_from_config(model.config())
        fresh.load_weights(wpath)
        assert np.array_equal(fresh.predict(x), model.predict(x)), "save_weights/load_weights keeps predictions"
        expect_error(lambda: model.save(os.path.join(tmp, "m.h5x")), ".keras", "save needs .keras")
        expect_error(lambda: model.save_weights(os.path.join(tmp, "m.h5")), ".weights.h5", "save_weights needs .weights.h5")


def test_cancel_and_early_stopping():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 5)).astype(np.float32)
    y = (x @ rng.normal(size=(5, 1))).astype(np.float32)
    model = ENGINE.model_from_config(sequential([dense(8, "relu"), dense(1)], [5]))
    model.compile({"class_name": "SGD", "config": {"learning_rate": 0.01}}, "mse", ["mae"])
    flag = bridge.StopFlag()

    def on_epoch_end(epoch, logs):
        if epoch == 2:
            flag.requested = True

    result = model.fit(x, y, epochs=10, batch_size=16, stop_flag=flag, on_epoch_end=on_epoch_end)
    assert result["cancelled"] and result["epochs"] == [0, 1, 2] and len(result["history"]["loss"]) == 3, f"cancel keeps finished epochs {result['epochs']}"
    assert model.predict(x[:3]).shape == (3, 1), "model usable after cancel"

    # EarlyStopping: a validation set the model cannot improve on (random labels) stops early.
    y_noise = rng.normal(size=(200, 1)).astype(np.float32)
    model2 = ENGINE.model_from_config(sequential([dense(8, "relu"), dense(1)], [5]))
    model2.compile({"class_name": "Adam", "config": {"learning_rate": 0.05}}, "mse", ["mae"])
    callback = {"class_name": "EarlyStopping", "config": {"monitor": "val_loss", "patience": 2, "restore_best_weights": True}}
    result = model2.fit(x, y_noise, epochs=200, batch_size=16, validation_split=0.3, callbacks=[callback])
    val = result["history"]["val_loss"]
    best = int(np.argmin(val))
    assert result["stopped_early"] and len(val) == best + 3, f"EarlyStopping stops {len(val)} epochs, best {best}, patience 2"
    ev = model2.evaluate(x[140:], y_noise[140:], batch_size=16)
    assert abs(ev["loss"] - val[best]) < 1e-6, f"restore_best_weights restores the best epoch's weights ({ev['loss']:.6f} vs {val[best]:.6f})"

    callback = {"class_name": "EarlyStopping", "config": {"monitor": "mae", "patience": 0}}
    model2.compile("adam", "mse", ["mae"])
    result = model2.fit(x, y, epochs=3, batch_size=16, callbacks=[callback])
    assert not result["stopped_early"], "EarlyStopping mode auto on an improving metric does not stop"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model2.fit(x, y, epochs=1, batch_size=16, callbacks=[{"class_name": "EarlyStopping", "config": {}}])
    assert any("val_loss" in str(w.message) for w in caught), "EarlyStopping warns when val_loss is missing"


def test_validation():
    model = ENGINE.model_from_config(sequential([dense(3, "softmax")], [4]))
    x = np.zeros((10, 4), np.float32)
    y = np.eye(3, dtype=np.float32)[np.arange(10) % 3]
    expect_error(lambda: model.fit(x, y), "compiled", "fit before compile", NotCompiledError)
    expect_error(lambda: model.compile("adabelief", "mse"), "Valid optimizers", "unknown optimizer")
    expect_error(lambda: model.compile("adam", "msee"), "Valid losses", "unknown loss")
    expect_error(lambda: model.compile("adam", "mse", ["acuracy"]), "Valid metrics", "unknown metric")
    expect_error(lambda: ENGINE.model_from_config(sequential([dense(3, "relux")], [4])), "Valid activations", "unknown activation")
    expect_error(lambda: ENGINE.model_from_config(sequential([{"class_name": "TorchModuleWrapper", "config": {}}], [4])), "Supported layers", "unknown layer")
    model.compile("adam", "categorical_crossentropy", ["accuracy"])
    expect_error(lambda: model.fit(x, y[:8]), "same number of samples", "x/y row mismatch")
    expect_error(lambda: model.fit(np.zeros((10, 5), np.float32), y), "(None, 4)", "wrong feature shape")
    bad = x.copy(); bad[3, 1] = np.nan
    expect_error(lambda: model.fit(bad, y), "NaN", "NaN in x")
    expect_error(lambda: model.fit(x, np.eye(4, dtype=np.float32)[np.arange(10) % 4]), "one-hot", "one-hot width")
    expect_error(lambda: model.fit(x, y, epochs=0), "'epochs'", "epochs <= 0")
    expect_error(lambda: model.fit(x, y, batch_size=0), "'batch_size'", "batch_size <= 0")
    expect_error(lambda: model.fit(x, y, validation_split=1.0), "'validation_split'", "validation_split out of range")
    sparse = ENGINE.model_from_config(sequential([dense(3)], [4]))
    sparse.compile("adam", {"class_name": "SparseCategoricalCrossentropy", "config": {"from_logits": True}}, ["accuracy"])
    expect_error(lambda: sparse.fit(x, np.arange(10) % 4), "[0, 2]", "class ids out of range")
    expect_error(lambda: sparse.fit(x, np.full(10, 0.5)), "integer", "non-integer class ids")
    result = sparse.fit(x, (np.arange(10) % 3).astype(np.int32), epochs=1)
    assert list(result["history"]) == ["accuracy", "loss"], "sparse labels as int32 train"
    expect_error(lambda: sparse.set_weights([np.zeros((4, 3))]), "expected 2 arrays", "set_weights count")
    expect_error(lambda: sparse.set_layer_weights(sparse.layer_names()[0], [np.zeros((3, 3)), np.zeros(3)]), "needs shape", "set_layer_weights shape")
    expect_error(lambda: sparse.get_layer_weights("nope"), "no layer named", "unknown layer name")
    expect_error(lambda: ENGINE.load_model("/nonexistent/file.keras"), "/nonexistent/file.keras", "missing file", Exception)


def test_loss_values():
    v = ENGINE.loss_values("mse", np.array([[1.0], [2.0]]), np.array([[1.5], [2.0]]))
    assert np.allclose(v, [0.25, 0.0]), f"loss_values mse {v}"
    v = ENGINE.loss_values("categorical_crossentropy", np.array([[0, 1.0]]), np.array([[0.0, 1.0]]))
    assert np.allclose(v, [-np.log(1 - 1e-7)], atol=1e-6), f"loss_values clipped crossentropy {v}"
    v = ENGINE.loss_values("binary_crossentropy", np.array([[1.0], [0.0]]), np.array([[1.0], [1.0]]))
    clipped = float(np.float32(1 - 1e-7))  # Keras clips in float32: 1 - 1e-7 rounds to 0.99999988
    assert abs(v[1] + np.log(1 - clipped)) < 1e-4 * 16, f"loss_values bce clips at 1e-7: {v}"


# A CNN's one-row predict is bound by torch's per-op cost (~150 us here, like the same net
# written as torch.nn modules); bench_torch_engine.py compares the two.
@pytest.mark.timing
@pytest.mark.skipif(os.environ.get("KB_TIMING") != "1", reason="timing check; run with KB_TIMING=1")
@pytest.mark.parametrize("run, limit_ms", [("penguins_run", 0.1), ("conv_run", 0.5)])
def test_predict_speed(request, run, limit_ms):
    model, x = request.getfixturevalue(run)[:2]
    row = np.ascontiguousarray(x[:1])
    for _ in range(200):
        model.predict(row)
    runs = 5000
    started = time.perf_counter()
    for _ in range(runs):
        model.predict(row)
    per_call = (time.perf_counter() - started) / runs * 1e3
    assert per_call < limit_ms, (f"predict one row ({model.layers[0].class_name} model): {per_call * 1000:.1f} us per call "
          f"(limit {limit_ms * 1000:.0f} us)")
