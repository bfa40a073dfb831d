"""Keras's image augmentation layers on the PyTorch engine, held against real Keras 3.15.1 (torch backend).

1. Inference: each layer (and a stack of them) built in Keras, saved as .keras, loaded on the PyTorch engine:
   predict gives Keras's output exactly (the identity; RandomCrop's too, uncropped, as Keras does), the config
   is Keras's, the output shape and the summary are Keras's; the file the PyTorch engine saves loads back in Keras with the same
   config. Configs written by hand (factor 0.1) come back as Keras writes them ([-0.1, 0.1]).
2. Training, where the draw can be pinned (a factor range of one value, probability 1): the layer's training
   output equals Keras's own layer(x, training=True) within 1e-4 relative: rotations, zooms and translations in
   every fill mode and interpolation (Keras's warp is keras/src/backend/torch/image.py, with int64 indices on
   torch 1.x: kerasbridge/keras_torch_compat.py), contrast, brightness, invert, solarization, grayscale, the
   deterministic RandomCrop branch; RandomFlip's flip for a given draw against Keras's transform_images.
3. Training, by property where the draw is random: flips are either the image or its mirror, about half each;
   crops are windows of the image; contrast/brightness factors stay in their range; random rotations vary.
4. Bad options are refused naming the layer and the option.
5. A small CNN with augmentation in front fits on the PyTorch engine; fit applies the augmentation (its loss is
   the loss on the augmented images), evaluate and predict do not. Keras's transfer-learning pattern (augmentation
   Sequential, frozen base called with training=False) predicts as Keras and fits on both engines.
"""

import json

import numpy as np
import pytest
import torch

from conftest import keras_available, keras_numpy, keras_tensor
from kerasbridge import bridge
from kerasbridge.torch_engine.registry import layer_from_config

needs_keras = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed in this Python")


def rel_error(actual, expected):
    actual, expected = np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    assert actual.shape == expected.shape, (actual.shape, expected.shape)
    return float(np.max(np.abs(actual - expected) / np.maximum(np.abs(expected), 1e-2)))


def images(shape=(3, 6, 7, 3), seed=0):
    return np.random.default_rng(seed).random(shape).astype(np.float32)


def keras_entry(layer):
    import keras
    return json.loads(json.dumps(keras.saving.serialize_keras_object(layer)))


def ours_from(entry, shape):
    layer = layer_from_config(entry)
    layer.build((None,) + tuple(shape[1:]), "cpu")
    return layer


def run_ours(layer, x, training=True):
    return layer.call(torch.from_numpy(x), training).numpy()


@pytest.fixture(scope="module")
def keras_layers():
    """keras.layers, with Keras's torch map_coordinates runnable on torch 1.x (the Keras engine does the same)."""
    if not keras_available():
        pytest.skip("real Keras is not installed in this Python")
    from kerasbridge import keras_torch_compat
    keras_torch_compat.apply()
    import keras
    return keras.layers


# ----- 1. inference and configs -----
def _inference_cases(L):
    return {
        "flip": [L.RandomFlip("horizontal")],
        "rotation": [L.RandomRotation(0.1)],
        "rotation_options": [L.RandomRotation((-0.2, 0.3), fill_mode="constant", interpolation="nearest", seed=4,
                                              fill_value=1)],
        "zoom": [L.RandomZoom(0.2)],
        "zoom_both": [L.RandomZoom((-0.1, 0.3), (0.2, 0.1), fill_mode="wrap")],
        "translation": [L.RandomTranslation(0.1, (0.2, -0.1), fill_mode="nearest")],
        "contrast": [L.RandomContrast(0.2)],
        "brightness": [L.RandomBrightness((0.1, -0.2), value_range=(1, 0))],
        "crop": [L.RandomCrop(4, 5, seed=3)],
        "grayscale": [L.RandomGrayscale(0.3)],
        "invert": [L.RandomInvert(0.4, value_range=(0, 1))],
        "solarization": [L.Solarization(0.2, (0.1, 0.3), value_range=(0, 1))],
        "stack": [L.RandomFlip("horizontal"), L.RandomRotation(0.1), L.RandomZoom(0.1), L.RandomTranslation(0.1, 0.1),
                  L.RandomContrast(0.1), L.RandomBrightness(0.1), L.RandomCrop(5, 5)],
    }


INFERENCE_IDS = ["flip", "rotation", "rotation_options", "zoom", "zoom_both", "translation", "contrast", "brightness",
                 "crop", "grayscale", "invert", "solarization", "stack"]


@needs_keras
def test_the_inference_case_list_is_complete(keras_layers):
    assert list(_inference_cases(keras_layers)) == INFERENCE_IDS


@pytest.mark.parametrize("case", INFERENCE_IDS)
def test_inference_matches_keras_and_files_round_trip(keras_layers, tmp_path, monkeypatch, case):
    import keras
    model = keras.Sequential([keras.Input((6, 7, 3))] + _inference_cases(keras_layers)[case], name=case)
    x = images()
    np.testing.assert_array_equal(*runs_like_keras(model, x, tmp_path, monkeypatch))


def runs_like_keras(model, x, tmp_path, monkeypatch):
    """A Keras model saved, loaded on the PyTorch engine: Keras's config, output shape and summary; the PyTorch engine's
    file loads back in Keras with that config and on the PyTorch engine with the same predictions. Returns (ours,
    Keras's) predictions."""
    import contextlib
    import io

    import keras
    expected = np.asarray(model.predict(x, verbose=0))
    path = str(tmp_path / "theirs.keras")
    model.save(path)
    engine = bridge.get_engine("torch")
    ours = engine.load_model(path)
    predicted = ours.predict(x)
    config = json.loads(json.dumps(model.get_config()))
    assert ours.config()["config"]["layers"] == config["layers"]
    assert tuple(ours.output_shape) == tuple(model.output_shape)
    monkeypatch.setenv("COLUMNS", "80")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        model.summary()
    assert ours.summary() == printed.getvalue()
    saved = str(tmp_path / "ours.keras")
    ours.save(saved)
    assert json.loads(json.dumps(keras.saving.load_model(saved).get_config()))["layers"] == config["layers"]
    np.testing.assert_array_equal(engine.load_model(saved).predict(x), predicted)
    return predicted, expected


def test_random_crop_inference_returns_the_images_uncropped():
    """Keras's RandomCrop.transform_images returns the images as they are when not training."""
    layer = ours_from({"class_name": "RandomCrop", "config": {"height": 2, "width": 3, "seed": 1}}, (None, 5, 6, 1))
    x = images((2, 5, 6, 1))
    np.testing.assert_array_equal(run_ours(layer, x, training=False), x)
    assert layer.output_shape == (None, 2, 3, 1)


def test_hand_written_configs_come_back_as_keras_writes_them():
    def config(class_name, **options):
        return ours_from({"class_name": class_name, "config": dict(name="a", **options)}, (None, 4, 4, 3)).get_config()

    assert config("RandomRotation", factor=0.1)["factor"] == [-0.1, 0.1]
    assert config("RandomRotation", factor=[0.3, -0.2])["factor"] == [-0.2, 0.3]
    assert config("RandomContrast", factor=0.2)["factor"] == [0, 0.2]
    assert config("RandomBrightness", factor=0.2, value_range=[1, 0])["value_range"] == [0, 1]
    assert config("RandomInvert")["factor"] == [0, 1.0]
    assert config("Solarization", addition_factor=0.2)["addition_factor"] == [0, 0.2]
    assert config("RandomZoom", height_factor=0.2)["width_factor"] is None
    assert list(config("RandomFlip")) == ["name", "trainable", "dtype", "data_format", "seed", "mode"]
    assert list(config("RandomGrayscale", seed=3)) == ["name", "trainable", "dtype", "data_format", "factor"]
    seed = config("RandomCrop", height=2, width=2)["seed"]
    assert isinstance(seed, int) and 1 <= seed <= 10 ** 9  # Keras draws one too (make_default_seed)


# ----- 2. training transforms with the draw pinned, against Keras's own -----
def _pinned_cases(L):
    channels_first = dict(data_format="channels_first")
    return {
        "rotation_90_reflect": L.RandomRotation((0.25, 0.25)),
        "rotation_constant": L.RandomRotation((0.1, 0.1), fill_mode="constant", fill_value=0.5),
        "rotation_wrap_nearest": L.RandomRotation((-0.13, -0.13), fill_mode="wrap", interpolation="nearest"),
        "rotation_nearest_fill_channels_first": L.RandomRotation((0.07, 0.07), fill_mode="nearest", **channels_first),
        "zoom_out_reflect": L.RandomZoom((0.3, 0.3)),
        "zoom_in_out_constant": L.RandomZoom((-0.2, -0.2), (0.4, 0.4), fill_mode="constant", fill_value=-1.0),
        "zoom_nearest_wrap": L.RandomZoom((0.45, 0.45), fill_mode="wrap", interpolation="nearest"),
        "translation_wrap": L.RandomTranslation((0.25, 0.25), (-0.4, -0.4), fill_mode="wrap"),
        "translation_reflect": L.RandomTranslation((0.35, 0.35), (0.3, 0.3)),
        "translation_nearest_channels_first": L.RandomTranslation((-0.2, -0.2), (0.5, 0.5), fill_mode="nearest",
                                                                  **channels_first),
        "translation_constant_nearest": L.RandomTranslation((0.3, 0.3), (0.1, 0.1), fill_mode="constant",
                                                            interpolation="nearest", fill_value=2.0),
        "contrast": L.RandomContrast((-0.3, 0.3), value_range=(0, 1)),
        "contrast_clipped_channels_first": L.RandomContrast((-0.9, 0.9), value_range=(0.2, 0.8), **channels_first),
        "brightness": L.RandomBrightness((0.2, 0.2), value_range=(0, 1)),
        "brightness_down": L.RandomBrightness((-0.5, -0.5), value_range=(0, 255)),
        "invert": L.RandomInvert((1, 1), value_range=(0, 1)),
        "invert_never": L.RandomInvert(0.0),
        "solarization": L.Solarization(0, 0, value_range=(0, 1)),
        "solarization_255": L.Solarization(0, 0),
        "grayscale": L.RandomGrayscale(1.0),
        "grayscale_channels_first": L.RandomGrayscale(1.0, **channels_first),
        "grayscale_never": L.RandomGrayscale(0.0),
        "crop_center_of_taller": L.RandomCrop(3, 7),
        "crop_upscaled": L.RandomCrop(8, 9),
        "crop_same_size": L.RandomCrop(6, 7),
        "crop_channels_first": L.RandomCrop(4, 7, **channels_first),
        "zoom_zero": L.RandomZoom(0.0),
    }


PINNED_IDS = ["rotation_90_reflect", "rotation_constant", "rotation_wrap_nearest",
              "rotation_nearest_fill_channels_first", "zoom_out_reflect", "zoom_in_out_constant", "zoom_nearest_wrap",
              "translation_wrap", "translation_reflect", "translation_nearest_channels_first",
              "translation_constant_nearest", "contrast", "contrast_clipped_channels_first", "brightness",
              "brightness_down", "invert", "invert_never", "solarization", "solarization_255", "grayscale",
              "grayscale_channels_first", "grayscale_never", "crop_center_of_taller", "crop_upscaled",
              "crop_same_size", "crop_channels_first", "zoom_zero"]


@needs_keras
def test_the_pinned_case_list_is_complete(keras_layers):
    assert list(_pinned_cases(keras_layers)) == PINNED_IDS


@pytest.mark.parametrize("case", PINNED_IDS)
def test_training_transform_matches_keras(keras_layers, case):
    layer = _pinned_cases(keras_layers)[case]
    x = images()
    if layer.data_format == "channels_first":
        x = np.ascontiguousarray(x.transpose(0, 3, 1, 2))
    if case == "solarization_255" or case == "brightness_down":
        x = x * 255
    entry = keras_entry(layer)
    expected = keras_numpy(layer(x, training=True))
    ours = ours_from(entry, x.shape)
    assert ours.serialize()["config"] == entry["config"]
    actual = run_ours(ours, x)
    assert rel_error(actual, expected) <= 1e-4, case
    assert not np.array_equal(actual, x) or case.endswith(("_never", "same_size", "zoom_zero")), case


@pytest.mark.parametrize("mode", ["horizontal", "vertical", "horizontal_and_vertical"])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_flip_for_a_draw_matches_keras(keras_layers, mode, data_format):
    layer = keras_layers.RandomFlip(mode, data_format=data_format)
    x = images((4, 3, 5, 2))
    flips = np.array([True, False, True, False]).reshape(4, 1, 1, 1)
    expected = keras_numpy(layer.transform_images(x, {"flips": keras_tensor(flips)}, training=True))
    ours = ours_from(keras_entry(layer), x.shape)
    np.testing.assert_array_equal(ours.flip(torch.from_numpy(x), torch.from_numpy(flips)).numpy(), expected)


# ----- 3. random draws, by property -----
def _layer(class_name, shape=(None, 6, 7, 3), **options):
    return ours_from({"class_name": class_name, "config": options}, shape)


def test_flips_are_the_image_or_its_mirror_about_half_each():
    torch.manual_seed(0)
    x = images((400, 3, 4, 1))
    for mode, axes in (("horizontal", (2,)), ("vertical", (1,)), ("horizontal_and_vertical", (1, 2))):
        out = run_ours(_layer("RandomFlip", x.shape, mode=mode), x)
        same = np.all(out == x, axis=(1, 2, 3))
        mirrored = np.all(out == np.flip(x, axes), axis=(1, 2, 3))
        assert np.all(same ^ mirrored), mode
        assert 0.4 < mirrored.mean() < 0.6, (mode, mirrored.mean())


def test_random_crop_windows_come_from_the_image():
    torch.manual_seed(1)
    x = images((2, 6, 7, 1))
    layer = _layer("RandomCrop", x.shape, height=3, width=4)
    starts = set()
    for _ in range(40):
        out = run_ours(layer, x)
        assert out.shape == (2, 3, 4, 1)
        found = [(t, l) for t in range(4) for l in range(4) if np.array_equal(x[:, t:t + 3, l:l + 4], out)]
        assert len(found) == 1  # one window for the whole batch
        starts.add(found[0])
    assert len(starts) > 5


def test_contrast_and_brightness_factors_stay_in_their_range():
    torch.manual_seed(2)
    x = images((200, 4, 4, 1)) * 0.5 + 0.25
    out = run_ours(_layer("RandomContrast", x.shape, factor=0.4, value_range=[-10, 10]), x)
    mean = x.mean(axis=(1, 2), keepdims=True)
    factor = ((out - mean) / (x - mean))[:, 0, 0, 0]
    assert factor.min() >= 1.0 - 1e-4 and factor.max() < 1.4 + 1e-4 and factor.std() > 0.05
    out = run_ours(_layer("RandomBrightness", x.shape, factor=0.1, value_range=[-10, 10]), x)
    delta = (out - x)[:, 0, 0, 0] / 20
    assert delta.min() >= -0.1 - 1e-5 and delta.max() < 0.1 + 1e-5 and delta.std() > 0.03
    assert np.allclose(out - x, (out - x)[:, :1, :1, :1], atol=1e-5)  # one delta per image


def test_random_invert_and_grayscale_apply_with_their_probability():
    torch.manual_seed(3)
    x = images((400, 2, 2, 3))
    out = run_ours(_layer("RandomInvert", x.shape, factor=1.0, value_range=[0, 1]), x)
    inverted = np.all(np.isclose(out, 1 - x), axis=(1, 2, 3))
    assert np.all(inverted | np.all(out == x, axis=(1, 2, 3)))
    assert 0.4 < inverted.mean() < 0.6  # U[0, 1) < U[0, 1): one half
    out = run_ours(_layer("RandomGrayscale", x.shape, factor=0.25), x)
    gray = np.all(out == out[..., :1], axis=(1, 2, 3))
    assert 0.15 < gray.mean() < 0.35


def test_random_rotations_differ_per_image_and_keep_the_shape():
    torch.manual_seed(4)
    x = np.repeat(images((1, 6, 7, 3)), 8, axis=0)
    out = run_ours(_layer("RandomRotation", x.shape, factor=0.2), x)
    assert out.shape == x.shape and len({out[i].tobytes() for i in range(8)}) == 8


# ----- 4. bad options -----
@pytest.mark.parametrize("class_name, options, words", [
    ("RandomFlip", {"mode": "diagonal"}, ["'mode'", "horizontal", "'diagonal'"]),
    ("RandomRotation", {"factor": 1.5}, ["'factor'", "[-1, 1]", "1.5"]),
    ("RandomRotation", {"factor": [0.1, 0.2, 0.3]}, ["'factor'", "list of two"]),
    ("RandomRotation", {"factor": 0.1, "fill_mode": "mirror"}, ["'fill_mode'", "reflect", "'mirror'"]),
    ("RandomZoom", {"height_factor": 0.1, "interpolation": "bicubic"}, ["'interpolation'", "bilinear", "'bicubic'"]),
    ("RandomZoom", {"height_factor": -1.0}, ["'height_factor'", "(-1.0, 1.0]", "-1.0"]),
    ("RandomTranslation", {"height_factor": 0.1, "width_factor": "a lot"}, ["'width_factor'", "'a lot'"]),
    ("RandomTranslation", {"height_factor": 0.1, "width_factor": 0.1, "fill_value": "red"}, ["'fill_value'", "'red'"]),
    ("RandomContrast", {"factor": 1.5}, ["'factor'", "[0, 1]"]),
    ("RandomBrightness", {"factor": 0.1, "value_range": [0]}, ["'value_range'", "two numbers", "[0]"]),
    ("RandomCrop", {"height": 0, "width": 2}, ["'height'", "positive int", "0"]),
    ("RandomGrayscale", {"factor": 1.5}, ["'factor'", "[0, 1]", "1.5"]),
    ("RandomInvert", {"seed": "x"}, ["'seed'", "int or null", "'x'"]),
    ("Solarization", {"threshold_factor": 2}, ["'threshold_factor'", "[0, 1]", "2"]),
    ("RandomFlip", {"bounding_box_format": "xyxy"}, ["bounding_box_format", "not supported"]),
])
def test_bad_options_are_refused(class_name, options, words):
    with pytest.raises(ValueError) as error:
        layer_from_config({"class_name": class_name, "config": dict(name="aug", **options)})
    message = str(error.value)
    assert f"'aug' ({class_name})" in message
    for word in words:
        assert word in message, (word, message)


def test_images_of_another_rank_or_channel_count_are_refused():
    with pytest.raises(ValueError, match=r"RandomRotation\) expects a batch of images"):
        _layer("RandomRotation", (None, 6, 3), factor=0.1)
    layer = _layer("RandomGrayscale", (None, 2, 2, 4), factor=1.0)
    with pytest.raises(ValueError, match=r"3 \(RGB\) or 1 \(grayscale\) channels"):
        run_ours(layer, images((1, 2, 2, 4)))


# ----- 5. training a small CNN with augmentation in front -----
def _augmented_cnn():
    def layer(class_name, **config):
        return {"module": "keras.layers", "class_name": class_name, "config": config, "registered_name": None}

    layers = [
        layer("InputLayer", batch_shape=[None, 8, 8, 3], name="images"),
        layer("RandomFlip", mode="horizontal", name="flip"),
        layer("RandomRotation", factor=0.1, name="rotate"),
        layer("RandomZoom", height_factor=0.1, name="zoom"),
        layer("RandomTranslation", height_factor=0.1, width_factor=0.1, name="shift"),
        layer("RandomContrast", factor=0.1, value_range=[0, 1], name="contrast"),
        layer("Conv2D", filters=4, kernel_size=[3, 3], activation="relu", name="conv"),
        layer("GlobalAveragePooling2D", name="pool"),
        layer("Dense", units=1, activation="sigmoid", name="out"),
    ]
    return {"module": "keras", "class_name": "Sequential", "config": {"name": "cnn", "layers": layers},
            "registered_name": None}


def test_a_small_cnn_with_augmentation_in_front_trains():
    torch.manual_seed(5)
    model = bridge.get_engine("torch").model_from_config(_augmented_cnn())
    rng = np.random.default_rng(6)
    y = rng.integers(0, 2, size=(64, 1)).astype(np.float32)
    x = (rng.random((64, 8, 8, 3)) * 0.3 + y.reshape(-1, 1, 1, 1) * 0.6).astype(np.float32)  # bright = class 1
    model.compile(optimizer={"class_name": "Adam", "config": {"learning_rate": 0.05}}, loss="binary_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x, y, epochs=8, batch_size=16)["history"]
    assert history["loss"][-1] < history["loss"][0]
    assert model.evaluate(x, y, batch_size=64)["accuracy"] > 0.9
    first = model.predict(x)
    np.testing.assert_array_equal(model.predict(x), first)  # inference: no augmentation


def test_fit_augments_and_evaluate_does_not():
    """Brightness pinned to +0.5 * 10: fit's loss is the loss on x + 5, evaluate's on x (SGD at rate 0)."""
    config = {"module": "keras", "class_name": "Sequential", "registered_name": None, "config": {"name": "m", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, 2, 2, 1], "name": "in"}},
        {"class_name": "RandomBrightness", "config": {"factor": [0.5, 0.5], "value_range": [0, 10], "name": "b"}},
        {"class_name": "Flatten", "config": {"name": "f"}},
        {"class_name": "Dense", "config": {"units": 1, "name": "d"}}]}}
    model = bridge.get_engine("torch").model_from_config(config)
    model.set_weights([np.full((4, 1), 0.25, np.float32), np.zeros(1, np.float32)])
    model.compile(optimizer={"class_name": "SGD", "config": {"learning_rate": 0.0}}, loss="mse")
    x = images((8, 2, 2, 1))
    y = np.zeros((8, 1), np.float32)
    trained = model.fit(x, y, epochs=1, batch_size=8)["history"]["loss"][0]
    augmented = np.clip(x + 5.0, 0, 10).reshape(8, 4).sum(axis=1) * 0.25
    assert abs(trained - np.mean(augmented ** 2)) <= 1e-4 * np.mean(augmented ** 2)
    plain = x.reshape(8, 4).sum(axis=1) * 0.25
    assert abs(model.evaluate(x, y, batch_size=8)["loss"] - np.mean(plain ** 2)) <= 1e-4 * np.mean(plain ** 2) + 1e-6


def test_keras_transfer_learning_pattern_runs_on_both_engines(keras_layers, tmp_path):
    """Keras's transfer-learning guide: a Sequential of RandomFlip and RandomRotation in front of a frozen base called
    with training=False. Same predictions as Keras on the PyTorch engine; both engines fit it (on torch 1.x the Keras
    engine needs keras_torch_compat for RandomRotation's warp)."""
    import keras
    L = keras_layers
    keras.utils.set_random_seed(0)
    augmentation = keras.Sequential([L.RandomFlip("horizontal"), L.RandomRotation(0.1)], name="data_augmentation")
    base = keras.Sequential([keras.Input((8, 8, 3)), L.Conv2D(4, 3), L.GlobalAveragePooling2D()], name="base")
    base.trainable = False
    inputs = keras.Input((8, 8, 3))
    outputs = L.Dense(1)(base(augmentation(inputs), training=False))
    path = str(tmp_path / "transfer.keras")
    keras.Model(inputs, outputs).save(path)
    x, y = images((8, 8, 8, 3)), np.zeros((8, 1), np.float32)
    expected = np.asarray(keras.saving.load_model(path).predict(x, verbose=0))
    for name in ("torch", "keras"):
        model = bridge.get_engine(name).load_model(path)
        assert rel_error(model.predict(x), expected) <= 1e-4, name
        model.compile(optimizer="adam", loss="mse")
        losses = model.fit(x, y, epochs=2, batch_size=4)["history"]["loss"]
        assert len(losses) == 2 and np.all(np.isfinite(losses)), name
