"""The 3D spatial layers (Conv3D, Conv3DTranspose, MaxPooling3D, AveragePooling3D, GlobalMaxPooling3D,
GlobalAveragePooling3D, Cropping3D, UpSampling3D, ZeroPadding3D) and the adaptive poolings
(AdaptiveMaxPooling1D/2D/3D, AdaptiveAveragePooling1D/2D/3D) on the PyTorch engine, held against real Keras 3.15.1.

1. Each layer with its main options (channels_first, 'same' padding, strides, dilation, groups) built with real
   Keras (seeded), saved as .keras and loaded on the PyTorch engine: the same predictions (within 1e-4 relative,
   floor 1e-2), config, output shape and parameter count; the file the PyTorch engine saves loads back in Keras.
2. Conv3D and Conv3DTranspose models trained 2 epochs on both engines: the same history and weights after fit.
3. File round trips: Keras's .keras and .h5 load on the PyTorch engine (printing Keras's summary); its .keras and
   .weights.h5 load in Keras (and back on the PyTorch engine) with the same predictions.
4. Keras's aliases (Convolution3D, MaxPool3D, ...) load; bad options and inputs that do not fit are refused
   naming the layer.
Parts 1-3 skip without Keras.
"""

import contextlib
import io

import numpy as np
import pytest

from kerasbridge.model_files import read_model_file
from kerasbridge.summary import summary_from_config
# The helpers (and the module-scoped torch_engine fixture) the 1D/2D spatial tests use.
from test_layer_fixtures_spatial import (  # noqa: F401 (torch_engine is a fixture)
    assert_keras_layers_run_the_same, assert_misfit_is_named, assert_refused_naming_the_layer, assert_trains_like_keras,
    needs_keras, rel_error, torch_engine)


# ----- 1. every layer and option, built with real Keras -----
CASE_IDS = [
    "conv3d", "conv3d_same_strides", "conv3d_dilated_groups", "conv3d_channels_first_same",
    "conv3d_groups_channels_first",
    "conv3d_transpose", "conv3d_transpose_same_strides", "conv3d_transpose_output_padding",
    "conv3d_transpose_dilated_channels_first",
    "max_pool3d", "max_pool3d_same_uneven", "max_pool3d_channels_first", "avg_pool3d_same_uneven",
    "avg_pool3d_same_even", "avg_pool3d_strides_channels_first", "global_max3d", "global_avg3d_keepdims_channels_first",
    "cropping3d_default", "cropping3d_channels_first", "upsampling3d", "upsampling3d_channels_first",
    "zero_padding3d", "zero_padding3d_channels_first", "zero_padding3d_symmetric",
    "adaptive_avg1d", "adaptive_max1d_channels_first", "adaptive_avg2d", "adaptive_max2d", "adaptive_avg2d_upsizing",
    "adaptive_avg3d_channels_first", "adaptive_max3d",
]


def _cases():
    """{id: (input shape, [layers])}, built when a test runs (keras is imported only then)."""
    import keras

    L = keras.layers
    uniform = keras.initializers.RandomUniform(-0.5, 0.5, seed=3)
    conv = dict(kernel_initializer=keras.initializers.GlorotUniform(seed=1), bias_initializer=uniform)
    cube = (6, 6, 6, 2)
    first = (2, 6, 6, 6)
    return {
        "conv3d": (cube, [L.Conv3D(3, 3, **conv)]),
        "conv3d_same_strides": (cube, [L.Conv3D(3, (3, 2, 3), strides=(2, 1, 3), padding="same", activation="relu",
                                                **conv)]),
        "conv3d_dilated_groups": ((6, 6, 6, 4), [L.Conv3D(4, 2, dilation_rate=(2, 1, 2), groups=2, padding="same",
                                                          **conv)]),
        "conv3d_channels_first_same": (first, [L.Conv3D(3, 3, strides=2, padding="same", data_format="channels_first",
                                                        **conv)]),
        "conv3d_groups_channels_first": ((4, 5, 5, 5), [L.Conv3D(6, (2, 3, 2), groups=2, data_format="channels_first",
                                                                 activation="tanh", **conv)]),
        "conv3d_transpose": ((3, 3, 3, 2), [L.Conv3DTranspose(2, 3, **conv)]),
        "conv3d_transpose_same_strides": ((3, 3, 3, 2), [L.Conv3DTranspose(3, 3, strides=(2, 1, 2), padding="same",
                                                                           **conv)]),
        "conv3d_transpose_output_padding": ((3, 3, 3, 2), [L.Conv3DTranspose(2, 3, strides=2, output_padding=(1, 0, 1),
                                                                             **conv)]),
        "conv3d_transpose_dilated_channels_first": ((2, 3, 3, 3), [L.Conv3DTranspose(
            2, 2, dilation_rate=2, data_format="channels_first", **conv)]),
        "max_pool3d": (cube, [L.MaxPooling3D()]),
        "max_pool3d_same_uneven": ((5, 6, 7, 2), [L.MaxPooling3D((2, 3, 3), strides=2, padding="same")]),
        "max_pool3d_channels_first": (first, [L.MaxPooling3D(3, strides=(1, 2, 3), data_format="channels_first")]),
        "avg_pool3d_same_uneven": ((5, 6, 7, 2), [L.AveragePooling3D(3, strides=2, padding="same")]),
        "avg_pool3d_same_even": (cube, [L.AveragePooling3D(3, strides=1, padding="same")]),
        "avg_pool3d_strides_channels_first": (first, [L.AveragePooling3D((2, 3, 2), strides=(1, 2, 2), padding="same",
                                                                         data_format="channels_first")]),
        "global_max3d": (cube, [L.GlobalMaxPooling3D()]),
        "global_avg3d_keepdims_channels_first": (first, [L.GlobalAveragePooling3D(data_format="channels_first",
                                                                                  keepdims=True)]),
        "cropping3d_default": (cube, [L.Cropping3D()]),
        "cropping3d_channels_first": (first, [L.Cropping3D(((1, 0), (0, 2), (2, 1)), data_format="channels_first")]),
        "upsampling3d": ((2, 3, 2, 2), [L.UpSampling3D((2, 1, 3))]),
        "upsampling3d_channels_first": ((2, 2, 3, 2), [L.UpSampling3D(2, data_format="channels_first")]),
        "zero_padding3d": ((2, 3, 2, 2), [L.ZeroPadding3D(((1, 0), (0, 2), (2, 1)))]),
        "zero_padding3d_channels_first": ((2, 2, 3, 2), [L.ZeroPadding3D(2, data_format="channels_first")]),
        "zero_padding3d_symmetric": ((2, 3, 2, 2), [L.ZeroPadding3D((1, 0, 2))]),
        "adaptive_avg1d": ((7, 3), [L.AdaptiveAveragePooling1D(3)]),
        "adaptive_max1d_channels_first": ((3, 7), [L.AdaptiveMaxPooling1D(4, data_format="channels_first")]),
        "adaptive_avg2d": ((7, 5, 2), [L.AdaptiveAveragePooling2D((3, 2))]),
        "adaptive_max2d": ((7, 5, 2), [L.AdaptiveMaxPooling2D(3)]),
        "adaptive_avg2d_upsizing": ((3, 2, 2), [L.AdaptiveAveragePooling2D((5, 4))]),
        "adaptive_avg3d_channels_first": (first, [L.AdaptiveAveragePooling3D((4, 3, 2), data_format="channels_first")]),
        "adaptive_max3d": ((5, 6, 7, 2), [L.AdaptiveMaxPooling3D((2, 4, 3))]),
    }


@needs_keras
def test_the_case_list_is_complete():
    assert list(_cases()) == CASE_IDS


@needs_keras
@pytest.mark.parametrize("case", CASE_IDS)
def test_keras_built_layer_predicts_the_same_on_the_torch_engine(torch_engine, tmp_path, case):
    shape, layers = _cases()[case]
    assert_keras_layers_run_the_same(torch_engine, tmp_path, case, shape, layers, rows=2, weightless_save_back=True)


# ----- 2. training -----
def _training_models():
    import keras

    L = keras.layers
    return {
        "conv3d": ((5, 5, 5, 2), [
            L.Conv3D(4, 3, padding="same", strides=2, activation="tanh"),
            L.Conv3D(4, 2, groups=2),
            L.MaxPooling3D(padding="same"),
            L.Flatten(),
            L.Dense(2),
        ]),
        "conv3d_transpose": ((2, 3, 2, 2), [
            L.Conv3DTranspose(3, 3, strides=2, padding="same", data_format="channels_first"),
            L.ZeroPadding3D(1, data_format="channels_first"),
            L.Conv3DTranspose(2, 2, output_padding=(0, 1, 1), strides=2),
            L.AveragePooling3D(2, padding="same"),
            L.AdaptiveAveragePooling3D(2),
            L.GlobalMaxPooling3D(),
            L.Dense(2),
        ]),
    }


@needs_keras
@pytest.mark.parametrize("name", ["conv3d", "conv3d_transpose"])
def test_small_models_train_like_keras(torch_engine, tmp_path, name):
    shape, layers = _training_models()[name]
    assert_trains_like_keras(torch_engine, tmp_path, name, shape, layers, samples=8)


# ----- 3. file round trips -----
@needs_keras
def test_files_round_trip_both_ways(torch_engine, tmp_path):
    import keras

    L = keras.layers
    keras.utils.set_random_seed(4)
    inputs = keras.Input((4, 4, 4, 2))
    a = L.Conv3D(2, 3, padding="same", bias_initializer="glorot_uniform")(inputs)
    b = L.UpSampling3D(2)(L.MaxPool3D()(inputs))
    x = L.Concatenate()([a, b])
    x = L.Conv3DTranspose(2, 2, strides=2, bias_initializer="glorot_uniform")(L.Cropping3D(1)(x))
    x = L.AdaptiveMaxPooling3D(2)(x)
    outputs = L.Dense(1)(L.GlobalAvgPool3D()(x))
    model = keras.Model(inputs, outputs, name="round_trip_3d")
    data = np.random.default_rng(2).normal(size=(3, 4, 4, 4, 2)).astype(np.float32)
    expected = model.predict(data, verbose=0)

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        model.summary()
    for form in ("keras", "h5"):
        path = str(tmp_path / f"keras_made.{form}")
        model.save(path)
        ours = torch_engine.load_model(path)
        assert rel_error(ours.predict(data), expected) <= 1e-4, form
        assert ours.summary() == printed.getvalue(), form
        assert summary_from_config(read_model_file(path).config) == printed.getvalue(), form  # model_files alone
    path = str(tmp_path / "torch_made.keras")  # the PyTorch engine saves the Keras 3 format only
    ours.save(path)
    np.testing.assert_array_equal(torch_engine.load_model(path).predict(data), ours.predict(data))
    assert rel_error(keras.saving.load_model(path).predict(data, verbose=0), expected) <= 1e-4
    weights = str(tmp_path / "torch_made.weights.h5")
    ours.save_weights(weights)
    fresh = keras.models.clone_model(model)
    fresh.load_weights(weights)
    assert rel_error(fresh.predict(data, verbose=0), expected) <= 1e-4
    other = torch_engine.model_from_config(ours.config())
    other.load_weights(weights)
    np.testing.assert_array_equal(other.predict(data), ours.predict(data))


# ----- 4. aliases, bad options and inputs that do not fit -----
@pytest.mark.parametrize("alias, class_name, config", [
    ("Convolution3D", "Conv3D", {"filters": 2, "kernel_size": 2}),
    ("Convolution3DTranspose", "Conv3DTranspose", {"filters": 2, "kernel_size": 2}),
    ("MaxPool3D", "MaxPooling3D", {}),
    ("AvgPool3D", "AveragePooling3D", {"pool_size": 2}),
    ("GlobalMaxPool3D", "GlobalMaxPooling3D", {}),
    ("GlobalAvgPool3D", "GlobalAveragePooling3D", {}),
])
def test_keras_aliases_name_the_3d_layers(alias, class_name, config):
    from kerasbridge.torch_engine.registry import layer_from_config

    layer = layer_from_config({"class_name": alias, "config": dict(config, name="aliased")})
    assert layer.class_name == class_name and layer.serialize()["class_name"] == class_name


@pytest.mark.parametrize("class_name, config, message", [
    ("Conv3D", {"filters": 2, "kernel_size": 3, "strides": 2, "dilation_rate": 2},
     "strides > 1 cannot be combined with dilation_rate > 1"),
    ("Conv3D", {"filters": 3, "kernel_size": 3, "groups": 2}, "'filters' (3) must be divisible by 'groups' (2)"),
    ("Conv3D", {"filters": 2, "kernel_size": [3, 3]}, "'kernel_size' must be an int or a list of 3 ints; got [3, 3]"),
    ("Conv3D", {"filters": 2, "kernel_size": 3, "padding": "causal"}, "'padding' must be one of 'valid', 'same'"),
    ("Conv3DTranspose", {"filters": 2, "kernel_size": 3, "strides": 2, "output_padding": [1, 2, 1]},
     "each 'output_padding' value must be less than the matching 'strides' value"),
    ("Conv3DTranspose", {"filters": 2, "kernel_size": 3, "groups": 2}, "option 'groups'=2 is not supported"),
    ("MaxPooling3D", {"pool_size": [2, 2]}, "'pool_size' must be an int or a list of 3 ints; got [2, 2]"),
    ("AveragePooling3D", {}, "'pool_size' is required"),
    ("GlobalAveragePooling3D", {"data_format": "channels_middle"}, "'data_format' must be channels_last or channels_first"),
    ("Cropping3D", {"cropping": [[1, 1], [1, 1]]}, "'cropping' must be an int or a list of 3 pairs of ints"),
    ("ZeroPadding3D", {"padding": -1}, "'padding' values must be >= 0"),
    ("UpSampling3D", {"size": 0}, "'size' values must be >= 1; got [0, 0, 0]"),
    ("UpSampling3D", {"interpolation": "bilinear"}, "option 'interpolation'='bilinear' is not supported"),
    ("AdaptiveAveragePooling2D", {"output_size": [2, 2, 2]}, "'output_size' must be an int or a list of 2 ints"),
    ("AdaptiveMaxPooling1D", {"output_size": 0}, "'output_size' values must be >= 1; got [0]"),
    ("AdaptiveMaxPooling3D", {}, "'output_size' is required"),
])
def test_bad_options_are_refused_with_clear_messages(class_name, config, message):
    assert_refused_naming_the_layer(class_name, config, message)


@pytest.mark.parametrize("layer, shape, message", [
    ({"class_name": "Conv3D", "config": {"filters": 1, "kernel_size": 4}}, [None, 3, 5, 5, 1],
     "is too small for kernel_size [4, 4, 4]"),
    ({"class_name": "Conv3D", "config": {"filters": 2, "kernel_size": 2}}, [None, 4, 4, 1],
     "expects 3D convolution input of rank 5"),
    ({"class_name": "Conv3D", "config": {"filters": 2, "kernel_size": 2, "groups": 2}}, [None, 4, 4, 4, 3],
     "input channels (3) must be divisible by 'groups' (2)"),
    ({"class_name": "MaxPooling3D", "config": {"pool_size": 3}}, [None, 2, 4, 4, 1], "is too small for pool_size [3, 3, 3]"),
    ({"class_name": "Cropping3D", "config": {"cropping": 2}}, [None, 4, 6, 6, 1], "removes the whole input"),
    ({"class_name": "AdaptiveMaxPooling2D", "config": {"output_size": 2}}, [None, 4, 4, 4, 1],
     "expects 2D pooling input of rank 4"),
])
def test_layers_that_do_not_fit_their_input_are_named(torch_engine, layer, shape, message):
    assert_misfit_is_named(torch_engine, layer, shape, message)
