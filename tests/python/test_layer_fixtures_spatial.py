"""Activation, convolution, pooling, reshaping, noise layers and TimeDistributed on both engines.

1. The Keras 3.15.1 fixtures in fixtures/keras-3.15.1/layers (activation_layers, conv1d_pooling1d,
   depthwise_separable, reshape_permute, transpose_upsampling) load from .keras and .h5 on the PyTorch
   and the Keras engine, predict as Keras did, give Keras's config back and print Keras's summary byte
   for byte; a file the PyTorch engine saves loads back (and in Keras) with the same predictions, and
   model_files rewrites each .keras byte for byte. A tf.keras 2 .h5 with these layers loads too.
2. Cases built here with real Keras (seeded): each layer with its main options, saved as .keras, loaded
   on the PyTorch engine: same predictions (within 1e-4 relative), same config; bad options and inputs
   that do not fit are refused naming the layer.
3. Small models (SeparableConv2D, PReLU, Conv1D; Conv2DTranspose, bilinear UpSampling2D, DepthwiseConv2D,
   AveragePooling2D; TimeDistributed, ReLU options, causal Conv1D) trained 2 epochs on both: same history
   and weights.
Tolerance: |a - e| <= 1e-4 * max(|e|, 1e-2), the project's cross-engine policy.
"""

import json
import os
import re
import zipfile

import numpy as np
import pytest

from conftest import FIXTURES, keras_available
from kerasbridge import bridge
from kerasbridge.model_files import read_model_file
from kerasbridge.summary import summary_from_config

LAYERS = os.path.join(FIXTURES, "layers")
NAMES = ["activation_layers", "conv1d_pooling1d", "depthwise_separable", "reshape_permute", "transpose_upsampling"]
needs_keras = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed in this Python")


def rel_error(actual, expected):
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    assert actual.shape == expected.shape, (actual.shape, expected.shape)
    return float(np.max(np.abs(actual - expected) / np.maximum(np.abs(expected), 1e-2))) if actual.size else 0.0


def fixture(name, ext):
    return os.path.join(LAYERS, name + ext)


def reference(name, model):
    x = np.loadtxt(fixture(name, ".inputs.csv"), delimiter=",", dtype=np.float32, ndmin=2)
    x = x.reshape((-1,) + tuple(model.input_shape[1:]))
    return x, np.loadtxt(fixture(name, ".predictions.csv"), delimiter=",", ndmin=2)


def strip_ids(config):
    """Keras writes shared_object_id for a dtype policy object shared by several layers: not a setting."""
    return json.loads(re.sub(r', "shared_object_id": \d+', "", json.dumps(config)))


def config_json(path):
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("config.json"))


@pytest.fixture(scope="module")
def torch_engine():
    return bridge.get_engine("torch")


@pytest.fixture(scope="module")
def keras_engine():
    if not keras_available():
        pytest.skip("real Keras is not installed in this Python")
    return bridge.get_engine("keras")


# ----- 1. the fixtures -----
@pytest.mark.parametrize("form", [".keras", ".h5"])
@pytest.mark.parametrize("name", NAMES)
def test_fixture_on_the_torch_engine(torch_engine, name, form):
    model = torch_engine.load_model(fixture(name, form))
    x, expected = reference(name, model)
    assert rel_error(np.asarray(model.predict(x)).reshape(expected.shape), expected) <= 1e-4

    facts = json.load(open(fixture(name, ".json")))
    trainable, non_trainable = model.count_params()
    assert (trainable + non_trainable, trainable) == (facts["total_params"], facts["trainable_params"])
    theirs = config_json(fixture(name, ".keras"))
    ours = model.config()
    assert strip_ids(ours["config"]) == strip_ids(theirs["config"])
    assert ours["build_config"] == theirs["build_config"]

    with open(fixture(name, ".summary.txt"), "rb") as f:
        summary = f.read().decode("utf-8")
    assert model.summary() == summary
    assert summary_from_config(read_model_file(fixture(name, form)).config) == summary


@pytest.mark.parametrize("form", [".keras", ".h5"])
@pytest.mark.parametrize("name", NAMES)
def test_fixture_on_the_keras_engine(keras_engine, name, form):
    model = keras_engine.load_model(fixture(name, form))
    x, expected = reference(name, model)
    assert rel_error(np.asarray(model.predict(x)).reshape(expected.shape), expected) <= 1e-4


@pytest.mark.parametrize("name", NAMES)
def test_files_the_torch_engine_saves_load_back(torch_engine, tmp_path, name):
    model = torch_engine.load_model(fixture(name, ".keras"))
    x, expected = reference(name, model)
    path = str(tmp_path / "saved.keras")
    model.save(path)
    np.testing.assert_array_equal(torch_engine.load_model(path).predict(x), model.predict(x))
    weights = str(tmp_path / "saved.weights.h5")
    model.save_weights(weights)
    fresh = torch_engine.model_from_config(model.config())
    fresh.load_weights(weights)
    np.testing.assert_array_equal(fresh.predict(x), model.predict(x))
    if keras_available():
        keras_model = bridge.get_engine("keras").load_model(path)
        assert rel_error(np.asarray(keras_model.predict(x)).reshape(expected.shape), expected) <= 1e-4
        keras_model.load_weights(weights)
        assert rel_error(np.asarray(keras_model.predict(x)).reshape(expected.shape), expected) <= 1e-4


@pytest.mark.parametrize("name", NAMES)
def test_model_files_writes_the_fixture_byte_for_byte(tmp_path, name):
    from kerasbridge.model_files import write_keras_file

    loaded = read_model_file(fixture(name, ".keras"))
    out = str(tmp_path / "written.keras")
    write_keras_file(out, loaded.config, loaded.layer_weights, loaded.optimizer_variables)
    with zipfile.ZipFile(fixture(name, ".keras")) as theirs, zipfile.ZipFile(out) as ours:
        assert ours.read("config.json") == theirs.read("config.json")
        # Same groups (TimeDistributed's layer/vars included), attributes, datasets and order.
        assert ours.read("model.weights.h5") == theirs.read("model.weights.h5")


# ----- 2. every layer and option, built with real Keras -----
def _cases():
    """(id, input shape, [layers]) built lazily: keras is imported only when the test runs."""
    import keras
    L = keras.layers
    uniform = keras.initializers.RandomUniform(-0.5, 0.5, seed=3)
    conv = dict(kernel_initializer=keras.initializers.GlorotUniform(seed=1), bias_initializer=uniform)
    return [
        ("relu6", (5,), [L.ReLU(max_value=6.0)]),
        ("relu_all_options", (5,), [L.ReLU(max_value=1.5, negative_slope=0.1, threshold=0.3)]),
        ("relu_slope", (5,), [L.ReLU(negative_slope=0.2)]),
        ("relu_threshold", (5,), [L.ReLU(threshold=0.4)]),
        ("relu_slope_max", (5,), [L.ReLU(negative_slope=0.3, max_value=6.0)]),
        ("leaky_relu", (5,), [L.LeakyReLU(negative_slope=0.1)]),
        ("elu", (5,), [L.ELU(alpha=0.5)]),
        ("prelu_shared", (4, 4, 3), [L.PReLU(alpha_initializer=uniform, shared_axes=[1, 2])]),
        ("prelu", (4, 3), [L.PReLU(alpha_initializer=uniform)]),
        ("softmax_axis1", (3, 4), [L.Softmax(axis=1)]),
        ("softmax_axes", (3, 4), [L.Softmax(axis=[1, 2])]),
        ("reshape_minus_one", (12,), [L.Reshape((-1, 3)), L.Permute((2, 1))]),
        ("permute3", (2, 3, 4), [L.Permute((3, 1, 2))]),
        ("repeat_vector", (4,), [L.RepeatVector(3)]),
        ("upsampling1d", (4, 2), [L.UpSampling1D(3)]),
        ("upsampling2d_nearest", (3, 3, 2), [L.UpSampling2D((2, 3))]),
        ("upsampling2d_bilinear", (3, 4, 2), [L.UpSampling2D((2, 2), interpolation="bilinear")]),
        ("upsampling2d_bicubic", (3, 4, 2), [L.UpSampling2D((3, 2), interpolation="bicubic")]),
        ("upsampling2d_channels_first", (2, 3, 3), [L.UpSampling2D(2, data_format="channels_first",
                                                                   interpolation="bilinear")]),
        ("zero_padding1d", (4, 2), [L.ZeroPadding1D((1, 2))]),
        ("zero_padding2d", (3, 3, 2), [L.ZeroPadding2D(((1, 0), (2, 1)))]),
        ("cropping1d", (6, 2), [L.Cropping1D((1, 2))]),
        ("cropping2d", (5, 5, 2), [L.Cropping2D(((1, 0), (0, 2)))]),
        ("conv1d_same_strides", (9, 3), [L.Conv1D(4, 3, strides=2, padding="same", **conv)]),
        ("conv1d_causal_dilated", (9, 3), [L.Conv1D(4, 3, padding="causal", dilation_rate=2, **conv)]),
        ("conv1d_groups", (8, 4), [L.Conv1D(6, 3, groups=2, activation="relu", **conv)]),
        ("conv2d_dilated_same", (7, 7, 2), [L.Conv2D(3, 3, dilation_rate=2, padding="same", **conv)]),
        ("conv2d_groups_strides", (8, 8, 4), [L.Conv2D(4, 3, strides=2, padding="same", groups=2, **conv)]),
        ("conv2d_channels_first", (2, 6, 6), [L.Conv2D(3, (3, 2), data_format="channels_first", **conv)]),
        ("conv2d_transpose_same", (3, 3, 2), [L.Conv2DTranspose(3, 3, strides=2, padding="same", **conv)]),
        ("conv2d_transpose_valid", (3, 3, 2), [L.Conv2DTranspose(3, 3, strides=2, **conv)]),
        ("conv2d_transpose_output_padding", (3, 3, 2), [L.Conv2DTranspose(2, 3, strides=2, output_padding=1,
                                                                          padding="same", **conv)]),
        ("conv2d_transpose_dilated", (4, 4, 2), [L.Conv2DTranspose(2, 2, dilation_rate=2, **conv)]),
        ("conv1d_transpose", (4, 3), [L.Conv1DTranspose(2, 4, strides=3, padding="same", **conv)]),
        ("depthwise2d_strides", (7, 7, 3), [L.DepthwiseConv2D(3, strides=2, padding="same", depth_multiplier=2,
                                                              bias_initializer=uniform)]),
        ("depthwise2d_dilated", (7, 7, 2), [L.DepthwiseConv2D(3, dilation_rate=2, bias_initializer=uniform)]),
        ("depthwise1d", (8, 3), [L.DepthwiseConv1D(3, padding="same", bias_initializer=uniform)]),
        ("separable2d_strides", (7, 7, 3), [L.SeparableConv2D(4, 3, strides=2, padding="same", depth_multiplier=2,
                                                              bias_initializer=uniform)]),
        ("separable1d", (8, 3), [L.SeparableConv1D(2, 3, dilation_rate=2, bias_initializer=uniform)]),
        ("max_pool1d_same", (8, 3), [L.MaxPooling1D(3, strides=2, padding="same")]),
        ("avg_pool1d_same_uneven", (8, 3), [L.AveragePooling1D(3, strides=2, padding="same")]),
        ("avg_pool1d_valid", (9, 2), [L.AveragePooling1D(2)]),
        ("avg_pool2d_same_even", (5, 5, 2), [L.AveragePooling2D(3, strides=1, padding="same")]),
        ("avg_pool2d_same_uneven", (7, 7, 2), [L.AveragePooling2D((2, 3), strides=2, padding="same")]),
        ("max_pool2d_same", (5, 6, 2), [L.MaxPooling2D(2, padding="same")]),
        ("avg_pool1d_channels_first", (3, 7), [L.AveragePooling1D(2, padding="same", data_format="channels_first")]),
        ("conv1d_channels_first", (3, 7), [L.Conv1D(2, 3, padding="same", data_format="channels_first", **conv)]),
        ("max_pool2d_channels_first", (2, 6, 6), [L.MaxPooling2D(2, data_format="channels_first")]),
        ("global_max1d_keepdims", (5, 3), [L.GlobalMaxPooling1D(keepdims=True)]),
        ("global_avg1d", (5, 3), [L.GlobalAveragePooling1D()]),
        ("global_max2d", (4, 4, 3), [L.GlobalMaxPooling2D()]),
        ("global_avg2d_keepdims", (4, 4, 3), [L.GlobalAveragePooling2D(keepdims=True)]),
        ("time_distributed_dense", (3, 4), [L.TimeDistributed(L.Dense(2, bias_initializer=uniform))]),
        ("time_distributed_conv2d", (2, 5, 5, 2), [L.TimeDistributed(L.Conv2D(3, 3, padding="same", **conv))]),
        ("time_distributed_nested", (2, 3, 4), [L.TimeDistributed(L.TimeDistributed(L.Dense(2, bias_initializer=uniform))),
                                                L.TimeDistributed(L.Flatten())]),
        ("noise_layers", (4, 4, 2), [L.SpatialDropout2D(0.5), L.GaussianNoise(0.3), L.GaussianDropout(0.2),
                                     L.Reshape((16, 2)), L.SpatialDropout1D(0.5)]),
    ]


def _case_ids():
    # The ids, without importing keras at collection time.
    return ["relu6", "relu_all_options", "relu_slope", "relu_threshold", "relu_slope_max", "leaky_relu", "elu",
            "prelu_shared", "prelu", "softmax_axis1", "softmax_axes", "reshape_minus_one", "permute3",
            "repeat_vector", "upsampling1d", "upsampling2d_nearest", "upsampling2d_bilinear",
            "upsampling2d_bicubic", "upsampling2d_channels_first", "zero_padding1d", "zero_padding2d", "cropping1d", "cropping2d",
            "conv1d_same_strides", "conv1d_causal_dilated", "conv1d_groups", "conv2d_dilated_same",
            "conv2d_groups_strides", "conv2d_channels_first", "conv2d_transpose_same", "conv2d_transpose_valid",
            "conv2d_transpose_output_padding", "conv2d_transpose_dilated", "conv1d_transpose",
            "depthwise2d_strides", "depthwise2d_dilated", "depthwise1d", "separable2d_strides", "separable1d",
            "max_pool1d_same", "avg_pool1d_same_uneven", "avg_pool1d_valid", "avg_pool2d_same_even",
            "avg_pool2d_same_uneven", "max_pool2d_same", "avg_pool1d_channels_first", "conv1d_channels_first",
            "max_pool2d_channels_first", "global_max1d_keepdims",
            "global_avg1d", "global_max2d", "global_avg2d_keepdims", "time_distributed_dense",
            "time_distributed_conv2d", "time_distributed_nested", "noise_layers"]


@needs_keras
def test_the_case_list_is_complete():
    assert [case[0] for case in _cases()] == _case_ids()


@needs_keras
@pytest.mark.parametrize("case", _case_ids())
def test_keras_built_layer_predicts_the_same_on_the_torch_engine(torch_engine, tmp_path, case):
    _, shape, layers = next(c for c in _cases() if c[0] == case)
    assert_keras_layers_run_the_same(torch_engine, tmp_path, case, shape, layers, rows=3)


def assert_keras_layers_run_the_same(torch_engine, tmp_path, name, shape, layers, rows, weightless_save_back=False):
    """Keras's Sequential of `layers` (seeded), saved as .keras and loaded on the PyTorch engine: the same predictions,
    config, output shape and parameter count. The file the PyTorch engine saves loads back in Keras with the same
    predictions (checked for a model without weights only if weightless_save_back). Shared with test_layers_spatial3d.py."""
    import keras

    keras.utils.set_random_seed(7)
    model = keras.Sequential([keras.Input(shape)] + layers, name=name)
    x = np.random.default_rng(5).normal(size=(rows,) + shape).astype(np.float32)
    expected = np.asarray(model.predict(x, verbose=0))
    path = str(tmp_path / "model.keras")
    model.save(path)

    ours = torch_engine.load_model(path)
    assert rel_error(ours.predict(x), expected) <= 1e-4, name
    assert strip_ids(ours.config()["config"]) == strip_ids(config_json(path)["config"]), name
    assert tuple(ours.output_shape) == tuple(model.output_shape)
    assert sum(ours.count_params()) == model.count_params()
    if model.weights or weightless_save_back:  # the file the PyTorch engine writes holds them where Keras looks
        saved = str(tmp_path / "saved.keras")
        ours.save(saved)
        assert rel_error(keras.saving.load_model(saved).predict(x, verbose=0), expected) <= 1e-4, name


# ----- noise layers while training -----
def test_noise_layers_act_only_while_training(torch_engine):
    import torch

    from kerasbridge.torch_engine.registry import layer_from_config

    x = torch.ones((64, 5, 6, 8))
    spatial = layer_from_config({"class_name": "SpatialDropout2D", "config": {"rate": 0.5, "name": "sd"}})
    y = spatial.call(x, training=True)
    per_map = y.permute(0, 3, 1, 2).reshape(64 * 8, -1)
    # Whole feature maps are dropped or kept (scaled by 1 / (1 - rate)).
    assert set(per_map.min(dim=1).values.tolist()) <= {0.0, 2.0}
    assert bool((per_map.min(dim=1).values == per_map.max(dim=1).values).all())
    assert 0.3 < float((per_map[:, 0] == 0).float().mean()) < 0.7
    assert torch.equal(spatial.call(x, training=False), x)

    noise = layer_from_config({"class_name": "GaussianNoise", "config": {"stddev": 0.5, "name": "gn"}})
    z = noise.call(torch.zeros(20000), training=True)
    assert abs(float(z.std()) - 0.5) < 0.02 and abs(float(z.mean())) < 0.02
    assert torch.equal(noise.call(x, training=False), x)

    dropout = layer_from_config({"class_name": "GaussianDropout", "config": {"rate": 0.2, "name": "gd"}})
    w = dropout.call(torch.ones(20000), training=True)
    assert abs(float(w.std()) - (0.2 / 0.8) ** 0.5) < 0.02 and abs(float(w.mean()) - 1.0) < 0.02
    assert torch.equal(dropout.call(x, training=False), x)


# ----- 3. training -----
def _training_models():
    import keras

    L = keras.layers
    return {
        "cnn1d_separable_prelu": ((6, 6, 2), [
            L.SeparableConv2D(4, 3, padding="same", strides=2),
            L.PReLU(alpha_initializer=keras.initializers.Constant(0.25)),
            L.Reshape((-1, 4)),
            L.Conv1D(3, 2, activation="tanh"),
            L.GlobalAveragePooling1D(),
            L.Dense(2),
        ]),
        "decoder": ((4, 4, 2), [
            L.Conv2DTranspose(3, 3, strides=2, padding="same"),
            L.UpSampling2D(interpolation="bilinear"),
            L.DepthwiseConv2D(3, padding="same"),
            L.AveragePooling2D(3, strides=2, padding="same"),
            L.ELU(),
            L.GlobalMaxPooling2D(),
            L.Dense(2),
        ]),
        "sequence": ((5, 3), [
            L.TimeDistributed(L.Dense(4)),
            L.ReLU(max_value=2.0, negative_slope=0.1),
            L.Conv1D(4, 2, padding="causal", dilation_rate=2),
            L.MaxPooling1D(2, padding="same"),
            L.Permute((2, 1)),
            L.Flatten(),
            L.Dense(2),
        ]),
    }


@needs_keras
@pytest.mark.parametrize("name", ["cnn1d_separable_prelu", "decoder", "sequence"])
def test_small_models_train_like_keras(torch_engine, tmp_path, name):
    shape, layers = _training_models()[name]
    assert_trains_like_keras(torch_engine, tmp_path, name, shape, layers, samples=16)


def assert_trains_like_keras(torch_engine, tmp_path, name, shape, layers, samples):
    """Keras's Sequential of `layers` and the PyTorch engine's copy of its initial file, both trained 2 epochs with Adam
    (no shuffling): the same losses and weights after fit. Shared with test_layers_spatial3d.py."""
    import keras

    keras.utils.set_random_seed(11)
    model = keras.Sequential([keras.Input(shape)] + layers, name=name)
    path = str(tmp_path / "initial.keras")
    model.save(path)  # the initial weights, before compile (an unbuilt optimizer would be saved too)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
    rng = np.random.default_rng(3)
    x = rng.normal(size=(samples,) + shape).astype(np.float32)
    y = rng.normal(size=(samples, 2)).astype(np.float32)
    history = model.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0).history

    ours = torch_engine.load_model(path)
    ours.compile(optimizer=keras.optimizers.serialize(keras.optimizers.Adam(learning_rate=0.01)), loss="mse")
    result = ours.fit(x, y, epochs=2, batch_size=4, shuffle=False)
    assert history["loss"][1] < history["loss"][0]  # it did learn something
    assert rel_error(result["history"]["loss"], history["loss"]) <= 1e-4
    errors = [rel_error(w, e) for w, e in zip(ours.get_weights(), model.get_weights())]
    assert len(errors) == len(model.get_weights()) and max(errors) <= 1e-4, errors


@needs_keras
def test_a_functional_model_with_these_layers(torch_engine, tmp_path):
    import keras

    L = keras.layers
    keras.utils.set_random_seed(2)
    inputs = keras.Input((6, 4))
    a = L.Conv1D(3, 2, padding="same")(inputs)
    b = L.TimeDistributed(L.Dense(3))(inputs)
    x = L.LeakyReLU()(L.Add()([a, b]))
    x = L.GlobalMaxPooling1D()(L.ZeroPadding1D(1)(x))
    model = keras.Model(inputs, L.Softmax()(L.Dense(2)(x)), name="functional_spatial")
    path = str(tmp_path / "functional.keras")
    model.save(path)
    data = np.random.default_rng(1).normal(size=(4, 6, 4)).astype(np.float32)
    ours = torch_engine.load_model(path)
    assert rel_error(ours.predict(data), model.predict(data, verbose=0)) <= 1e-4
    assert strip_ids(ours.config()["config"]) == strip_ids(config_json(path)["config"])


# ----- a tf.keras 2 (.h5) file with these layers -----
def _write_keras2_h5(path, rng):
    """A tf.keras 2.13-style .h5: InputLayer with batch_input_shape, LeakyReLU's old 'alpha', plain dtype
    strings, initializers without modules, weights under model_weights/<layer>/<layer>/<name>:0."""
    import h5py

    def base(name, **kw):
        return dict({"name": name, "trainable": True, "dtype": "float32"}, **kw)

    def dense(name, units):
        return base(name, units=units, activation="linear", use_bias=True,
                    kernel_initializer={"class_name": "GlorotUniform", "config": {"seed": None}},
                    bias_initializer={"class_name": "Zeros", "config": {}}, kernel_regularizer=None,
                    bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None)

    conv = dict(dense("conv1d", 0), filters=4, kernel_size=[3], strides=[1], padding="causal",
                data_format="channels_last", dilation_rate=[2], groups=1, activation="relu")
    del conv["units"]
    layers = [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 10, 3], "dtype": "float32",
                                                "sparse": False, "ragged": False, "name": "conv1d_input"}},
        {"class_name": "Conv1D", "config": conv},
        {"class_name": "LeakyReLU", "config": base("leaky_re_lu", alpha=0.3)},
        {"class_name": "MaxPooling1D", "config": base("max_pooling1d", strides=[2], pool_size=[2], padding="valid",
                                                      data_format="channels_last")},
        {"class_name": "TimeDistributed", "config": base("time_distributed", layer={
            "module": "keras.layers", "class_name": "Dense", "config": dense("dense", 2), "registered_name": None})},
        {"class_name": "Flatten", "config": base("flatten", data_format="channels_last")},
        {"class_name": "Dense", "config": dense("dense_1", 1)},
    ]
    weights = {"conv1d": [("kernel", (3, 3, 4)), ("bias", (4,))], "leaky_re_lu": [], "max_pooling1d": [],
               "time_distributed": [("kernel", (4, 2)), ("bias", (2,))], "flatten": [],
               "dense_1": [("kernel", (10, 1)), ("bias", (1,))]}
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = "2.13.1"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps({"class_name": "Sequential", "config": {"name": "k2", "layers": layers}})
        group = f.create_group("model_weights")
        group.attrs["layer_names"] = np.array([name.encode() for name in weights])
        group.attrs["backend"] = b"tensorflow"
        group.attrs["keras_version"] = b"2.13.1"
        for name, variables in weights.items():
            layer_group = group.create_group(name)
            names = [f"{name}/{v}:0" for v, _ in variables]
            layer_group.attrs["weight_names"] = np.array([n.encode() for n in names])
            for n, (_, shape) in zip(names, variables):
                layer_group.create_dataset(n, data=rng.normal(size=shape).astype(np.float32))


def test_a_keras2_h5_with_these_layers_loads(torch_engine, tmp_path):
    rng = np.random.default_rng(0)
    path = str(tmp_path / "keras2.h5")
    _write_keras2_h5(path, rng)
    model = torch_engine.load_model(path)
    x = rng.normal(size=(3, 10, 3)).astype(np.float32)
    predictions = np.asarray(model.predict(x))
    assert predictions.shape == (3, 1) and np.all(np.isfinite(predictions))
    assert model.count_params() == (61, 0)
    layers = {e["config"]["name"]: e["config"] for e in model.config()["config"]["layers"]}
    assert layers["leaky_re_lu"]["negative_slope"] == 0.3 and "alpha" not in layers["leaky_re_lu"]
    if keras_available():
        import keras

        with pytest.warns(UserWarning, match="alpha"):  # Keras's own note on LeakyReLU's Keras 2 argument
            reference = keras.saving.load_model(path).predict(x, verbose=0)
        assert rel_error(predictions, reference) <= 1e-4


# ----- bad options and shapes -----
@pytest.mark.parametrize("class_name, config, message", [
    ("Conv2D", {"filters": 2, "kernel_size": 3, "strides": 2, "dilation_rate": 2},
     "strides > 1 cannot be combined with dilation_rate > 1"),
    ("Conv1D", {"filters": 0, "kernel_size": 3}, "'filters' must be a positive int; got 0"),
    ("Conv2D", {"filters": 2, "kernel_size": 3, "padding": "causal"}, "'padding' must be one of 'valid', 'same'"),
    ("SeparableConv2D", {"filters": 2, "kernel_size": [3, 0]}, "'kernel_size' values must be >= 1; got [3, 0]"),
    ("Conv2DTranspose", {"filters": 2, "kernel_size": 3, "strides": 2, "output_padding": 2},
     "each 'output_padding' value must be less than the matching 'strides' value"),
    ("MaxPooling1D", {"pool_size": "two"}, "'pool_size' must be an int or a list of 1 ints; got 'two'"),
    ("AveragePooling2D", {}, "'pool_size' is required"),
    ("Reshape", {"target_shape": [-1, -1]}, "at most one -1"),
    ("Permute", {"dims": [1, 3]}, "'dims' must be a permutation of 1..n"),
    ("ReLU", {"max_value": -1}, "'max_value' must be a number >= 0 or null; got -1"),
    ("Softmax", {"axis": "last"}, "'axis' must be an int or a list of ints"),
    ("UpSampling2D", {"interpolation": "lanczos3"}, "'interpolation' must be one of 'nearest', 'bilinear', 'bicubic'"),
    ("Cropping2D", {"cropping": [[1], [1]]}, "'cropping' must be an int or a list of 2 ints"),
    ("TimeDistributed", {"layer": "Dense"}, "'layer' must be a serialized Keras layer"),
    ("GaussianDropout", {"rate": 1.5}, "'rate' must be a number in [0, 1]; got 1.5"),
])
def test_bad_options_are_refused_with_clear_messages(class_name, config, message):
    assert_refused_naming_the_layer(class_name, config, message)


def assert_refused_naming_the_layer(class_name, config, message):
    """The layer made from `config` is refused with `message` and the layer's name and class. Shared with
    test_layers_spatial3d.py."""
    from kerasbridge.torch_engine.registry import layer_from_config

    with pytest.raises(ValueError) as info:
        layer_from_config({"class_name": class_name, "config": dict(config, name="bad")})
    assert f"Layer 'bad' ({class_name})" in str(info.value) and message in str(info.value), str(info.value)


@pytest.mark.parametrize("layer, shape, message", [
    ({"class_name": "Reshape", "config": {"target_shape": [2, 2]}}, [None, 5], "cannot reshape an input of shape [None, 5] to [2, 2]"),
    ({"class_name": "Conv2D", "config": {"filters": 1, "kernel_size": 4}}, [None, 3, 3, 1], "is too small for kernel_size [4, 4]"),
    ({"class_name": "Cropping1D", "config": {"cropping": [2, 2]}}, [None, 4, 1], "removes the whole input"),
    ({"class_name": "TimeDistributed", "config": {"layer": {"class_name": "Dense", "config": {"units": 2}}}},
     [None, 4], "needs an input of rank 3 or more"),
    ({"class_name": "Conv1D", "config": {"filters": 2, "kernel_size": 2}}, [None, 4, 4, 1], "expects 1D convolution input of rank 3"),
])
def test_layers_that_do_not_fit_their_input_are_named(torch_engine, layer, shape, message):
    assert_misfit_is_named(torch_engine, layer, shape, message)


def assert_misfit_is_named(torch_engine, layer, shape, message):
    """A Sequential of `layer` on an input of `shape` it does not fit is refused with `message`, naming the layer.
    Shared with test_layers_spatial3d.py."""
    entry = dict(layer, config=dict(layer["config"], name="misfit"))
    config = {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": shape, "name": "in"}}, entry]}}
    with pytest.raises(ValueError) as info:
        torch_engine.model_from_config(config)
    assert "misfit" in str(info.value) and message in str(info.value), str(info.value)
