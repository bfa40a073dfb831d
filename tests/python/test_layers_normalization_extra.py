"""GroupNormalization, UnitNormalization, RMSNormalization, Identity, AlphaDropout and SpatialDropout3D on the
PyTorch engine, held against real Keras 3 (torch backend; skipped without keras).

Each case builds a tiny seeded model in Keras, rebuilds it in the PyTorch engine from Keras's config with Keras's
initial weights and compares the config (keys in Keras's order), predictions, a short Adam fit (history, weights
after fit) and file round trips both ways (.keras, .weights.h5, legacy .h5). The dropout-like layers draw their
masks from torch's generator, so their fits are compared at rate 0 and their training behaviour is checked by its
defining properties (inference identity, the values Keras's formula allows, mask shape, statistics).

Keras 3.15.1 runs RMSNormalization over trailing axes with torch's F.rms_norm (torch >= 2.4). Where torch has none
(torch 1.13 here) Keras cannot run it at all, so these tests send Keras down its own generic path
(`keras/src/ops/nn.py` _rms_normalization: x * rsqrt(mean(x^2) + eps) * scale), which F.rms_norm computes too.
"""


import numpy as np
import pytest
import torch

from conftest import (
    assert_files_round_trip, assert_predicts_and_fits_like_keras, keras_available, keras_config, keras_summary)
from kerasbridge import bridge
from kerasbridge.torch_engine.registry import layer_from_config
from test_optimizers_keras import assert_close  # 1e-4 relative, 1e-6 absolute floor

pytestmark = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed")


@pytest.fixture(autouse=True)
def keras_rms_norm(monkeypatch):
    if not hasattr(torch.nn.functional, "rms_norm"):
        import keras.src.ops.nn as keras_nn
        monkeypatch.setattr(keras_nn, "is_continuous_axis", lambda axis: False)


def _cases():
    import keras
    from keras import constraints as C
    from keras import initializers as I
    from keras import layers as L
    from keras import regularizers as R

    return {
        "group": lambda: [
            keras.Input((3, 4)), L.Dense(4),
            L.GroupNormalization(groups=2, epsilon=0.01, gamma_initializer=I.RandomNormal(1.0, 0.2, seed=3),
                                 beta_initializer=I.RandomUniform(-0.1, 0.1, seed=4), gamma_regularizer=R.L2(0.05),
                                 beta_regularizer=R.L1(0.02), gamma_constraint=C.MaxNorm(1.5),
                                 beta_constraint=C.NonNeg()),
            L.Flatten(), L.Dense(1)],
        # groups=-1 (one per channel, written back as the channel count) over axis 1, no beta.
        "group_instance": lambda: [
            keras.Input((4, 3)), L.GroupNormalization(groups=-1, axis=1, center=False), L.Flatten(), L.Dense(1)],
        "group_middle_axis": lambda: [
            keras.Input((2, 4, 3)), L.GroupNormalization(groups=2, axis=-2, scale=False), L.Flatten(), L.Dense(1)],
        "unit": lambda: [keras.Input((3, 4)), L.Dense(4), L.UnitNormalization(), L.Flatten(), L.Dense(1)],
        "unit_axes": lambda: [keras.Input((3, 4)), L.Dense(4), L.UnitNormalization(axis=[1, 2]), L.Flatten(), L.Dense(1)],
        "rms": lambda: [keras.Input((3, 4)), L.Dense(4), L.RMSNormalization(), L.Flatten(), L.Dense(1)],
        "rms_axes": lambda: [keras.Input((3, 4)), L.Dense(4), L.RMSNormalization(axis=[-2, -1], epsilon=1e-3),
                             L.Flatten(), L.Dense(1)],
        "identity": lambda: [keras.Input((4,)), L.Dense(3, activation="tanh"), L.Identity(), L.Dense(1)],
        "alpha_dropout": lambda: [keras.Input((4,)), L.Dense(3, activation="selu"), L.AlphaDropout(0.0), L.Dense(1)],
        "spatial_dropout3d": lambda: [keras.Input((2, 2, 2, 3)), L.SpatialDropout3D(0.0), L.Flatten(), L.Dense(1)],
    }


CASES = list(_cases()) if keras_available() else []
# Files are written with the rates > 0: inference is the identity whatever the rate.
FILE_CASES = {"alpha_dropout": lambda L: L.AlphaDropout(0.3, noise_shape=[None, 1], seed=5),
              "spatial_dropout3d": lambda L: L.SpatialDropout3D(0.4, data_format="channels_first", seed=2)}


def _pair(case, replace=None):
    import keras
    keras.utils.set_random_seed(1)
    layers = _cases()[case]()
    if replace is not None:
        layers[1] = replace(keras.layers)
    model = keras.Sequential(layers)
    ours = bridge.get_engine("torch").model_from_config(
        {"module": "keras", "class_name": "Sequential", "config": keras_config(model), "registered_name": None})
    ours.set_weights([np.asarray(w) for w in model.get_weights()])
    return model, ours


def _data(model, rows=16):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(rows,) + tuple(model.inputs[0].shape[1:])).astype(np.float32)
    return x, rng.normal(size=(rows, 1)).astype(np.float32)


@pytest.mark.parametrize("case", CASES)
def test_config_predictions_and_fit_match_keras(case):
    model, ours = _pair(case)
    assert_predicts_and_fits_like_keras(model, ours, *_data(model))


def test_group_normalization_penalties_are_in_the_loss():
    """The fit above includes gamma/beta penalties only if they count: the loss is above the bare mse."""
    model, ours = _pair("group")
    x, y = _data(model)
    ours.compile(optimizer="sgd", loss="mse")
    bare = float(np.mean((ours.predict(x) - y) ** 2))
    assert ours.evaluate(x, y, batch_size=16)["loss"] > bare + 1e-3


@pytest.mark.parametrize("case", ["group", "unit_axes", "rms_axes", "identity", "alpha_dropout", "spatial_dropout3d"])
def test_files_round_trip_both_ways(case, tmp):
    model, ours = _pair(case, FILE_CASES.get(case))
    x, _ = _data(model)
    # Keras's legacy .h5 writer cannot copy a dropout layer's SeedGenerator.
    assert_files_round_trip(model, ours, x, tmp, legacy_h5=case not in FILE_CASES)


def _built(class_name, config, shape):
    layer = layer_from_config({"class_name": class_name, "config": dict(config, name="layer")})
    layer.build((None,) + shape, "cpu")
    return layer


def test_alpha_dropout_training_follows_keras_formula():
    """Inference is the identity; in training every value is a * x + b (kept) or a * alpha_p + b (dropped), with the
    a, b and dropped value Keras's own layer produces, a fraction `rate` dropped, mean and variance kept."""
    import keras
    rate = 0.2
    rng = np.random.default_rng(1)
    x = rng.normal(size=(400, 50)).astype(np.float32)
    theirs = np.asarray(keras.layers.AlphaDropout(rate, seed=1)(x, training=True))
    values, counts = np.unique(theirs, return_counts=True)
    dropped_value = float(values[counts.argmax()])  # every dropped unit takes this one value
    kept = theirs != dropped_value
    a, b = np.polyfit(x[kept].astype(np.float64), theirs[kept].astype(np.float64), 1)

    layer = _built("AlphaDropout", {"rate": rate}, (50,))
    t = torch.from_numpy(x)
    assert torch.equal(layer.call(t, training=False), t)
    torch.manual_seed(0)
    y = layer.call(t, training=True).numpy()
    dropped = np.isclose(y, dropped_value, rtol=0, atol=1e-6)
    assert_close(y[~dropped], a * x[~dropped] + b, "kept values")
    assert abs(dropped.mean() - rate) < 0.01
    assert abs(y.mean() - x.mean()) < 0.02 and abs(y.var() - x.var()) < 0.03  # self-normalizing
    zero = _built("AlphaDropout", {"rate": 0.0}, (50,))
    assert torch.equal(zero.call(t, training=True), t)


def test_alpha_dropout_noise_shape_and_rate_one():
    layer = _built("AlphaDropout", {"rate": 0.5, "noise_shape": [None, 1]}, (6,))
    torch.manual_seed(0)
    y = layer.call(torch.ones(300, 6), training=True).numpy()
    assert np.all(y == y[:, :1])  # one draw per row, broadcast over the features
    assert 0.4 < np.mean(y[:, 0] < 0) < 0.6
    assert layer.get_config()["noise_shape"] == [None, 1]
    full = _built("AlphaDropout", {"rate": 1.0}, (6,))
    x = torch.ones(2, 6)
    assert torch.equal(full.call(x, training=False), x)
    with pytest.raises(ValueError, match="'rate' 1 cannot be used in training"):
        full.call(x, training=True)


@pytest.mark.parametrize("data_format, shape, channel_axis",
                         [("channels_last", (3, 2, 2, 8), 4), ("channels_first", (8, 3, 2, 2), 1)])
def test_spatial_dropout3d_drops_whole_feature_maps(data_format, shape, channel_axis):
    layer = _built("SpatialDropout3D", {"rate": 0.5, "data_format": data_format}, shape)
    x = torch.ones((300,) + shape)
    assert torch.equal(layer.call(x, training=False), x)
    torch.manual_seed(0)
    y = layer.call(x, training=True).numpy()
    assert set(np.unique(y)) <= {0.0, 2.0}  # kept values scaled by 1 / (1 - rate)
    spatial = tuple(i for i in range(1, 5) if i != channel_axis)
    per_map = y.min(axis=spatial)
    assert np.array_equal(per_map, y.max(axis=spatial))  # a feature map is dropped or kept whole
    assert 0.45 < np.mean(per_map == 0) < 0.55
    config = layer.get_config()
    assert config == {"rate": 0.5, "seed": None, "name": "layer", "dtype": "float32", "data_format": data_format}


@pytest.mark.parametrize("class_name, config, shape, message", [
    ("GroupNormalization", {"groups": 0}, (4,), "'groups' must be a positive int, or -1 for one group per channel; got 0"),
    ("GroupNormalization", {"groups": 3}, (4,), "the number of channels on axis -1 (4) must be a multiple of 'groups' (3)"),
    ("GroupNormalization", {"groups": 8}, (4,), "must be a multiple of 'groups' (8)"),
    ("GroupNormalization", {"groups": 2, "axis": [1]}, (4,), "'axis' must be an int (Keras groups the channels"),
    ("GroupNormalization", {"groups": 2, "axis": 0}, (4,), "axis 0 is the batch axis"),
    ("GroupNormalization", {"groups": 2, "axis": 3}, (4,), "axis 3 is out of range for input shape [None, 4]"),
    ("GroupNormalization", {"groups": 2, "epsilon": -1}, (4,), "'epsilon' must be a number >= 0; got -1"),
    ("GroupNormalization", {"groups": 2, "renorm": True}, (4,), "option 'renorm'=True is not supported"),
    ("UnitNormalization", {"axis": "last"}, (4,), "'axis' must be an int or a list of ints; got 'last'"),
    ("UnitNormalization", {"axis": [1, -2]}, (3, 4), "axis [1, -2] names an axis twice"),
    ("RMSNormalization", {"axis": 1}, (3, 4), "only normalizing over the trailing axes is supported"),
    ("RMSNormalization", {"axis": [-1, 1]}, (3, 4), "only normalizing over the trailing axes is supported"),
    ("RMSNormalization", {"epsilon": "small"}, (4,), "'epsilon' must be a number >= 0; got 'small'"),
    ("AlphaDropout", {"rate": 1.5}, (4,), "'rate' must be a number in [0, 1]; got 1.5"),
    ("SpatialDropout3D", {"rate": 0.5, "data_format": "channels_middle"}, (2, 2, 2, 1),
     "'data_format' must be channels_last or channels_first"),
    ("SpatialDropout3D", {"rate": 0.5}, (2, 2, 1), "expects 3D spatial input of rank 5"),
    ("Identity", {"units": 3}, (4,), "option 'units'=3 is not supported"),
])
def test_bad_options_are_refused(class_name, config, shape, message):
    with pytest.raises(ValueError) as error:
        _built(class_name, config, shape)
    assert message in str(error.value)
    assert f"Layer 'layer' ({class_name})" in str(error.value)


def test_functional_model_matches_keras(tmp):
    """The layers inside a Functional graph (one branch normalized two ways, merged): config, summary, predictions."""
    import keras
    from keras import layers as L
    keras.utils.set_random_seed(4)
    inputs = keras.Input((3, 4), name="x")
    h = L.Dense(4, activation="selu")(inputs)
    a = L.RMSNormalization()(L.GroupNormalization(groups=4)(h))
    b = L.Identity()(L.UnitNormalization(axis=1)(h))
    merged = L.AlphaDropout(0.2)(L.Concatenate()([a, b]))
    model = keras.Model(inputs, L.Dense(1)(L.Flatten()(merged)))
    config = {"module": "keras", "class_name": "Functional", "config": keras_config(model), "registered_name": None}
    ours = bridge.get_engine("torch").model_from_config(config)
    ours.set_weights([np.asarray(w) for w in model.get_weights()])
    assert ours.config()["config"] == keras_config(model)
    assert ours.summary() == keras_summary(model)
    x, _ = _data(model)
    assert_close(ours.predict(x), model.predict(x, verbose=0), "predict")
    model.save(tmp("functional.keras"))
    assert_close(bridge.get_engine("torch").load_model(tmp("functional.keras")).predict(x), model.predict(x, verbose=0),
                 "Keras's .keras file")
