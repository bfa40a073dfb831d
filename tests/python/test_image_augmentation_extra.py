"""The further Keras image augmentation layers on the PyTorch engine, held against real Keras 3.15.1 (torch backend):
RandomHue, RandomSaturation, RandomColorJitter, RandomColorDegeneration, RandomSharpness, RandomPosterization,
AutoContrast, Equalization; RandomShear, RandomErasing, RandomGaussianBlur, RandomPerspective; MixUp, CutMix.

1. Inference: each layer built in Keras, saved as .keras, loaded on the PyTorch engine: predict is Keras's exactly
   (the identity for the random ones and for Equalization, which Keras applies only while training; AutoContrast
   applies always), configs and summaries are Keras's, both ways (the file the PyTorch engine saves loads back in
   Keras).
2. Training with the draw pinned (a factor range of one value, or Keras's transform_images given the draw): the
   output equals Keras's within 1e-4 relative.
3. Training with random draws: by property (the draw's range shows in the output).
4. Bad options are refused naming the layer and the option; hand-written configs come back as Keras writes them.
"""

import json

import numpy as np
import pytest
import torch

from kerasbridge import bridge
from kerasbridge.torch_engine.image_geometry import box_masks
from test_image_augmentation import images, keras_entry, keras_layers, ours_from, rel_error, run_ours  # noqa: F401
from test_image_augmentation import runs_like_keras
from test_image_augmentation import test_bad_options_are_refused as assert_refused


def _pixels(shape=(3, 5, 6, 3), seed=0):
    return images(shape, seed) * 255


# ----- 1. inference and files -----
def _inference_cases(L):
    return {
        "hue": [L.RandomHue(0.3)],
        "saturation": [L.RandomSaturation((0.2, 0.7), value_range=(1, 0), seed=2)],
        "jitter": [L.RandomColorJitter(brightness_factor=0.2, contrast_factor=(0.1, 0.3), saturation_factor=0.5,
                                       hue_factor=0.1, seed=1)],
        "degeneration": [L.RandomColorDegeneration(0.4)],
        "sharpness": [L.RandomSharpness((0.2, 0.6), data_format="channels_last")],
        "posterization": [L.RandomPosterization(5, value_range=(0, 1))],
        "auto_contrast": [L.AutoContrast()],
        "auto_contrast_unit": [L.AutoContrast(value_range=(1, 0))],
        "shear": [L.RandomShear((0.0, 0.2), (0.1, 0.3), fill_mode="constant", fill_value=3.0)],
        "erasing": [L.RandomErasing(0.5, scale=(0.1, 0.2), fill_value=[1, 2, 3], value_range=(0, 10))],
        "blur": [L.RandomGaussianBlur(0.7, kernel_size=5, sigma=(0.2, 0.8))],
        "perspective": [L.RandomPerspective(0.6, scale=0.4, interpolation="nearest", fill_value=1.0, seed=3)],
        "mix_up": [L.MixUp(0.4, seed=1)],
        "cut_mix": [L.CutMix((0.2, 0.9))],
        "stack": [L.RandomHue(0.1), L.RandomShear((0, 0.1)), L.RandomErasing(), L.RandomGaussianBlur(),
                  L.RandomPerspective(), L.RandomSharpness(0.2), L.MixUp(), L.CutMix(), L.AutoContrast()],
    }


INFERENCE_IDS = ["hue", "saturation", "jitter", "degeneration", "sharpness", "posterization", "auto_contrast",
                 "auto_contrast_unit", "shear", "erasing", "blur", "perspective", "mix_up",
                 "cut_mix", "stack"]


def test_the_inference_case_list_is_complete(keras_layers):
    assert list(_inference_cases(keras_layers)) == INFERENCE_IDS


@pytest.mark.parametrize("case", INFERENCE_IDS)
def test_inference_matches_keras_and_files_round_trip(keras_layers, tmp_path, monkeypatch, case):
    import keras
    model = keras.Sequential([keras.Input((5, 6, 3))] + _inference_cases(keras_layers)[case], name=case)
    x = _pixels()
    predicted, expected = runs_like_keras(model, x, tmp_path, monkeypatch)
    assert rel_error(predicted, expected) <= 1e-4
    if not case.startswith("auto_contrast") and case != "stack":
        np.testing.assert_array_equal(predicted, x)


def test_equalization_is_the_identity_at_inference_as_in_keras(keras_layers):
    """Keras's Equalization cannot sit in a Keras model (its compute_output_spec returns its input, which Keras's
    graph reads as a cycle), so this holds the layer itself: Keras's call at inference, its config both ways."""
    import keras
    layer = keras_layers.Equalization(bins=64, value_range=(1, 0))
    x = images()
    ours = ours_from(keras_entry(layer), x.shape)
    np.testing.assert_array_equal(run_ours(ours, x, training=False), np.asarray(layer(x, training=False)))
    assert ours.serialize()["config"] == keras_entry(layer)["config"]
    assert keras.layers.deserialize(ours.serialize()).get_config() == layer.get_config()


# ----- 2. training transforms with the draw pinned, against Keras's own -----
def _pinned_cases(L):
    channels_first = dict(data_format="channels_first")
    return {
        "saturation": (L.RandomSaturation((0.6, 0.6)), 1),
        "saturation_gray": (L.RandomSaturation((0.0, 0.0), **channels_first), 1),
        "degeneration": (L.RandomColorDegeneration((0.7, 0.7)), 255),
        "degeneration_negative_unit": (L.RandomColorDegeneration((-0.5, -0.5), value_range=(0, 1),
                                                                 **channels_first), 1),
        "sharpness": (L.RandomSharpness((0.1, 0.1)), 255),
        "sharpness_channels_first": (L.RandomSharpness((0.9, 0.9), value_range=(0, 1), **channels_first), 1),
        "posterization": (L.RandomPosterization((3, 3)), 255),
        "posterization_unit": (L.RandomPosterization((6, 6), value_range=(0, 1)), 1),
        "jitter": (L.RandomColorJitter(value_range=(0, 1), brightness_factor=(0.1, 0.1), contrast_factor=(-0.2, 0.2),
                                       saturation_factor=(0.7, 0.7), hue_factor=0.0), 1),
        "hue_zero": (L.RandomHue(0.0, value_range=(0, 1)), 1),
        "auto_contrast": (L.AutoContrast(), 255),
        "auto_contrast_unit": (L.AutoContrast(value_range=(0, 1)), 0.5),
        "equalization": (L.Equalization(), 255),
        "equalization_bins_unit": (L.Equalization(value_range=(0, 1), bins=16, **channels_first), 1),
    }


PINNED_IDS = ["saturation", "saturation_gray", "degeneration", "degeneration_negative_unit", "sharpness",
              "sharpness_channels_first", "posterization", "posterization_unit", "jitter", "hue_zero",
              "auto_contrast", "auto_contrast_unit", "equalization", "equalization_bins_unit"]


def test_the_pinned_case_list_is_complete(keras_layers):
    assert list(_pinned_cases(keras_layers)) == PINNED_IDS


def _channels(layer, x):
    return np.ascontiguousarray(x.transpose(0, 3, 1, 2)) if layer.data_format == "channels_first" else x


@pytest.mark.parametrize("case", PINNED_IDS)
def test_training_transform_matches_keras(keras_layers, case):
    layer, scale = _pinned_cases(keras_layers)[case]
    x = _channels(layer, images() * scale)
    entry = keras_entry(layer)
    expected = np.asarray(layer(x, training=True))
    ours = ours_from(entry, x.shape)
    assert ours.serialize()["config"] == entry["config"]
    actual = run_ours(ours, x)
    assert rel_error(actual, expected) <= 1e-4, case
    assert not np.allclose(actual, x, atol=1e-3) or case == "hue_zero", case


@pytest.mark.parametrize("shift", [0.15, -0.2, 0.45])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_hue_shift_for_a_draw_matches_keras(keras_layers, shift, data_format):
    layer = keras_layers.RandomHue(0.5, data_format=data_format)
    x = _channels(layer, _pixels((4, 3, 5, 3)))
    draws = torch.tensor([shift, -shift, shift / 2, 0.0])
    expected = np.asarray(layer.transform_images(x, {"factor": draws}, training=True))
    ours = ours_from(keras_entry(layer), x.shape)
    assert rel_error(ours.apply(torch.from_numpy(x), draws).numpy(), expected) <= 1e-4


def test_sharpness_and_saturation_for_a_draw_match_keras(keras_layers):
    x = _pixels((2, 4, 5, 3))
    layer = keras_layers.RandomSharpness(1.0)
    draws = torch.tensor([0.0, 0.8])
    expected = np.asarray(layer.transform_images(x, {"factor": draws}, training=True))
    assert rel_error(ours_from(keras_entry(layer), x.shape).apply(torch.from_numpy(x), draws).numpy(), expected) <= 1e-4
    layer = keras_layers.RandomSaturation(1.0, value_range=(0, 1))
    draws = torch.tensor([0.3, 1.7])
    expected = np.asarray(layer.transform_images(x / 255, {"factor": draws}, training=True))
    actual = ours_from(keras_entry(layer), x.shape).apply(torch.from_numpy(x / 255), draws).numpy()
    assert rel_error(actual, expected) <= 1e-4


def test_auto_contrast_of_a_flat_image_is_the_image(keras_layers):
    x = np.concatenate([np.full((1, 3, 3, 3), 7.0, np.float32), _pixels((1, 3, 3, 3))])
    layer = keras_layers.AutoContrast()
    ours = ours_from(keras_entry(layer), x.shape)
    np.testing.assert_array_equal(run_ours(ours, x, training=False)[0], x[0])
    assert rel_error(run_ours(ours, x, training=False), np.asarray(layer(x))) <= 1e-4


# ----- 3. random draws, by property -----
def _layer(class_name, shape=(None, 6, 7, 3), **options):
    return ours_from({"class_name": class_name, "config": options}, shape)


def test_hue_shifts_stay_in_their_range_both_ways():
    from kerasbridge.torch_engine.image_hsv import rgb_to_hsv
    torch.manual_seed(0)
    x = np.repeat(np.array([[[[0.9, 0.3, 0.1]]]], np.float32), 300, axis=0)
    out = run_ours(_layer("RandomHue", x.shape, factor=[0.2, 0.6], value_range=[0, 1]), x)
    hue_in, hue_out = (rgb_to_hsv(torch.from_numpy(a), 3)[..., 0].numpy().ravel() for a in (x, out))
    shift = np.remainder(hue_out - hue_in + 0.5, 1.0) - 0.5
    assert np.all((np.abs(shift) >= 0.1 - 1e-4) & (np.abs(shift) < 0.3 + 1e-4))
    assert 0.35 < (shift > 0).mean() < 0.65


def test_posterization_keeps_a_drawn_number_of_bits_per_image():
    torch.manual_seed(1)
    x = _pixels((200, 4, 4, 1)).round()
    out = run_ours(_layer("RandomPosterization", x.shape, factor=[2, 5]), x)
    kept = set()
    for image, original in zip(out, x):
        bits = next(b for b in range(2, 5) if np.array_equal(image, (original.astype(np.uint8) >> (8 - b)) << (8 - b)))
        kept.add(bits)
    assert kept == {2, 3, 4}  # randint[2, 5)


def test_saturation_and_degeneration_draw_per_image_factors():
    torch.manual_seed(2)
    x = images((100, 3, 3, 3))
    out = run_ours(_layer("RandomColorDegeneration", x.shape, factor=0.5), x)
    gray = (0.2989 * x[..., 0] + 0.587 * x[..., 1] + 0.114 * x[..., 2])[..., None]
    factor = ((out - x) / (gray - x))[:, 0, 0, 0]
    assert factor.min() >= -0.5 - 1e-3 and factor.max() < 0.5 + 1e-3 and factor.std() > 0.15
    out = run_ours(_layer("RandomSaturation", x.shape, factor=[0.5, 0.5], value_range=[0, 1]), x)
    np.testing.assert_allclose(out, x, atol=1e-5)  # f = 0.5: S * 0.5 / 0.5


# ----- 4. bad options and hand-written configs -----
@pytest.mark.parametrize("class_name, options, words", [
    ("RandomHue", {"factor": 1.5}, ["'factor'", "[0, 1]", "1.5"]),
    ("RandomSaturation", {"factor": 0.5, "value_range": 3}, ["'value_range'", "two numbers", "3"]),
    ("RandomPosterization", {"factor": 9}, ["'factor'", "[1, 8]", "9"]),
    ("RandomSharpness", {"factor": [0.2, 0.3, 0.4]}, ["'factor'", "list of two"]),
    ("Equalization", {"bins": 0}, ["'bins'", "positive int", "0"]),
    ("AutoContrast", {"value_range": [0, "x"]}, ["'value_range'", "two numbers"]),
    ("RandomColorJitter", {"contrast_factor": 1.5}, ["'contrast_factor'", "RandomContrast", "[0, 1]", "1.5"]),
])
def test_bad_options_are_refused(class_name, options, words):
    assert_refused(class_name, options, words)


def test_color_degeneration_refuses_images_without_three_channels():
    with pytest.raises(ValueError, match=r"RandomColorDegeneration\) expects images with 3 channels"):
        run_ours(_layer("RandomColorDegeneration", (None, 2, 2, 1), factor=0.5), images((1, 2, 2, 1)))


def test_hand_written_configs_come_back_as_keras_writes_them():
    def config(class_name, **options):
        return ours_from({"class_name": class_name, "config": dict(name="a", **options)}, (None, 4, 4, 3)).get_config()

    assert config("RandomHue", factor=0.3)["factor"] == [0, 0.3]
    assert config("RandomHue", factor=0.3, value_range=[1, 0])["value_range"] == [1, 0]
    assert config("RandomSaturation", factor=0.5, value_range=[1, 0])["value_range"] == [0, 1]
    assert config("RandomSaturation", factor=0.5)["factor"] == [-0.5, 0.5]
    assert config("RandomPosterization", factor=4)["factor"] == [1, 4]
    assert config("RandomSharpness", factor=0.3)["factor"] == [0, 0.3]
    jitter = config("RandomColorJitter", hue_factor=0.1, value_range=[1, 0])
    assert list(jitter)[3:] == ["data_format", "value_range", "brightness_factor", "contrast_factor",
                                "saturation_factor", "hue_factor", "seed"]
    assert (jitter["hue_factor"], jitter["value_range"], jitter["brightness_factor"]) == (0.1, [1, 0], None)
    assert list(config("Equalization"))[3:] == ["data_format", "bins", "value_range"]
    assert list(config("AutoContrast", value_range=[1, 0]).items())[3:] == [("data_format", "channels_last"),
                                                                           ("value_range", [0, 1])]


# ----- the geometric layers (image_geometry.py) for a given draw, against Keras's transform_images -----
@pytest.mark.parametrize("fill_mode, interpolation", [("reflect", "bilinear"), ("constant", "nearest"),
                                                      ("wrap", "bilinear"), ("nearest", "nearest")])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_shear_for_a_draw_matches_keras(keras_layers, fill_mode, interpolation, data_format):
    layer = keras_layers.RandomShear(0.5, 0.5, fill_mode=fill_mode, interpolation=interpolation, fill_value=2.0,
                                     data_format=data_format)
    x = _channels(layer, images())
    shear = torch.tensor([[0.3, 0.0], [-0.2, 0.4], [0.0, -0.45]])
    expected = np.asarray(layer.transform_images(x, {"shear_factor": shear}, training=True))
    ours = ours_from(keras_entry(layer), x.shape)
    assert ours.serialize()["config"] == keras_entry(layer)["config"]
    actual = ours.warp(torch.from_numpy(x), ours.shear_matrix(shear[:, 0], shear[:, 1])).numpy()
    assert rel_error(actual, expected) <= 1e-4


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_gaussian_blur_for_a_draw_matches_keras(keras_layers, data_format):
    layer = keras_layers.RandomGaussianBlur(1.0, kernel_size=5, sigma=1.0, value_range=(0, 1), data_format=data_format)
    x = _channels(layer, images())
    sigma, chosen = torch.tensor([0.7, 0.3]), torch.tensor([True, False, True])
    expected = np.asarray(layer.transform_images(x * 1.5, {"blur_factor": sigma, "should_apply_blur": chosen},
                                                 training=True))
    ours = ours_from(keras_entry(layer), x.shape)
    assert rel_error(ours.apply(torch.from_numpy(x * 1.5), chosen, sigma).numpy(), expected) <= 1e-4
    assert not np.allclose(expected[0], np.clip(x[0] * 1.5, 0, 1), atol=1e-3)


@pytest.mark.parametrize("interpolation", ["bilinear", "nearest"])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_perspective_for_a_draw_matches_keras(keras_layers, interpolation, data_format):
    layer = keras_layers.RandomPerspective(1.0, scale=0.5, interpolation=interpolation, fill_value=0.5,
                                           data_format=data_format)
    x = _channels(layer, images())
    ours = ours_from(keras_entry(layer), x.shape)
    start = ours.corners(3, 6, 7, "cpu")
    end = start + start * torch.from_numpy(np.random.default_rng(3).uniform(-0.25, 0.25, (3, 4, 2)).astype(np.float32))
    chosen = torch.tensor([True, True, False])
    expected = np.asarray(layer.transform_images(
        x, {"apply_perspective": chosen, "start_points": start, "end_points": end, "input_shape": x.shape},
        training=True))
    actual = ours.apply(torch.from_numpy(x), chosen, start, end).numpy()
    assert rel_error(actual, expected) <= 1e-4
    np.testing.assert_array_equal(actual[2], x[2])


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_erasing_boxes_and_fills_match_keras(keras_layers, data_format):
    layer = keras_layers.RandomErasing(fill_value=300, data_format=data_format)
    x = _channels(layer, _pixels((3, 6, 7, 3)))
    corners = (torch.tensor([0.0, 2.5, 1.0]), torch.tensor([3.0, 6.9, 1.5]), torch.tensor([1.0, 0.2, 0.0]),
               torch.tensor([4.0, 5.0, 6.0]))
    ours = ours_from(keras_entry(layer), x.shape)
    expected = np.asarray(layer._generate_batch_mask(x.shape, corners))
    np.testing.assert_array_equal(ours.masks(torch.from_numpy(x), *corners).numpy(), expected)
    np.testing.assert_array_equal(ours.fill(torch.from_numpy(x)).numpy(),
                                  np.asarray(layer._get_fill_value(x, x.shape, None)))


def test_erasing_with_the_draw_pinned_matches_keras(keras_layers):
    """scale (1, 1) and factor 1: every image's box is all of it, so the output is the clipped fill value."""
    layer = keras_layers.RandomErasing(factor=(1, 1), scale=(1, 1), fill_value=[5.0, -1.0, 300.0])
    x = _pixels()
    expected = np.asarray(layer(x, training=True))
    ours = ours_from(keras_entry(layer), x.shape)
    np.testing.assert_array_equal(run_ours(ours, x), expected)
    np.testing.assert_array_equal(expected[0, 0, 0], [5.0, 0.0, 255.0])


def test_perspective_of_scale_zero_and_shear_of_zero_keep_the_images(keras_layers):
    x = images()
    for layer in (keras_layers.RandomPerspective(scale=0.0), keras_layers.RandomShear(0.0, 0.0)):
        expected = np.asarray(layer(x, training=True))
        assert rel_error(run_ours(ours_from(keras_entry(layer), x.shape), x), expected) <= 1e-4
        assert rel_error(expected, x) <= 1e-4


def test_erasing_boxes_cover_their_drawn_share():
    torch.manual_seed(5)
    x = np.zeros((300, 10, 10, 1), np.float32)
    out = run_ours(_layer("RandomErasing", x.shape, factor=[1, 1], scale=[0.25, 0.25], fill_value=1.0), x)
    np.testing.assert_array_equal(out.sum(axis=(1, 2, 3)), 25.0)  # sides sqrt(0.25) * 10: [s, s + 5) holds 5 pixels
    corners = {(int(np.argmax(o.any(axis=(1, 2)))), int(np.argmax(o.any(axis=(0, 2))))) for o in out}
    assert corners <= {(t, l) for t in range(6) for l in range(6)} and len(corners) > 20
    out = run_ours(_layer("RandomErasing", x.shape, factor=0.5, scale=[0.25, 0.25], fill_value=1.0), x)
    assert 0.15 < (out.sum(axis=(1, 2, 3)) > 0).mean() < 0.35  # U[0, 1) < U[0, 0.5): a quarter


def test_blur_and_perspective_apply_with_their_probability():
    torch.manual_seed(6)
    x = images((300, 5, 5, 1))
    for class_name, options in (("RandomGaussianBlur", {"factor": 0.5}), ("RandomPerspective", {"factor": 0.5})):
        out = run_ours(_layer(class_name, x.shape, **options), x * 200)
        changed = ~np.all(np.isclose(out, x * 200), axis=(1, 2, 3))
        assert 0.15 < changed.mean() < 0.35, class_name


@pytest.mark.parametrize("class_name, options, words", [
    ("RandomShear", {"x_factor": -0.1}, ["'x_factor'", "[0, 1]", "-0.1"]),
    ("RandomShear", {"y_factor": [-1.5, 0.2]}, ["'y_factor'", "[-1, 1]"]),
    ("RandomShear", {"fill_mode": "mirror"}, ["'fill_mode'", "'mirror'"]),
    ("RandomErasing", {"fill_value": [1, 2]}, ["'fill_value'", "three numbers"]),
    ("RandomErasing", {"scale": 2}, ["'scale'", "[0, 1]"]),
    ("RandomGaussianBlur", {"kernel_size": 4}, ["'kernel_size'", "odd", "4"]),
    ("RandomPerspective", {"scale": 1.5}, ["'scale'", "[0, 1]", "1.5"]),
    ("MixUp", {"alpha": 0}, ["'alpha'", "positive number", "0"]),
    ("CutMix", {"factor": 2}, ["'factor'", "[0, 1]", "2"]),
])
def test_bad_geometric_options_are_refused(class_name, options, words):
    assert_refused(class_name, options, words)


def test_keras_shear_files_that_keras_cannot_reload_load_here(keras_layers, tmp_path):
    """Keras writes RandomShear(0.2)'s x_factor as [-0.2, 0.2], which its own constructor then refuses; the PyTorch
    engine loads the file (the identity at inference, the written range while training)."""
    import keras
    model = keras.Sequential([keras.Input((5, 6, 3)), keras_layers.RandomShear(0.2)])
    path = str(tmp_path / "shear.keras")
    model.save(path)
    ours = bridge.get_engine("torch").load_model(path)
    x = images((3, 5, 6, 3))
    np.testing.assert_array_equal(ours.predict(x), x)
    assert ours.config()["config"]["layers"] == json.loads(json.dumps(model.get_config()))["layers"]


# ----- MixUp and CutMix (image_mixing.py) -----
def test_mix_up_for_a_draw_matches_keras(keras_layers):
    layer = keras_layers.MixUp(0.3)
    x = images((4, 3, 5, 2))
    weight, order = torch.tensor([0.1, 0.9, 0.5, 1.0]), torch.tensor([2, 0, 3, 1])
    expected = np.asarray(layer.transform_images(x, {"mix_weight": weight, "permutation_order": order}, training=True))
    ours = ours_from(keras_entry(layer), x.shape)
    assert ours.serialize()["config"] == keras_entry(layer)["config"]
    assert rel_error(ours.apply(torch.from_numpy(x), weight, order).numpy(), expected) <= 1e-4


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_cut_mix_for_a_draw_matches_keras(keras_layers, data_format):
    layer = keras_layers.CutMix(0.5, data_format=data_format)
    x = _channels(layer, images((3, 6, 7, 2)))
    corners = (torch.tensor([0.0, 2.5, 1.0]), torch.tensor([3.0, 6.9, 1.5]), torch.tensor([1.0, 0.2, 0.0]),
               torch.tensor([4.0, 5.0, 6.0]))
    masks, _ = layer._generate_batch_mask(x.shape, corners)
    order = torch.tensor([1, 2, 0], dtype=torch.int32)
    expected = np.asarray(layer.transform_images(x, {"permutation_order": order, "batch_masks": masks}, training=True))
    ours = ours_from(keras_entry(layer), x.shape)
    np.testing.assert_array_equal(box_masks(ours, torch.from_numpy(x), *corners).numpy(), np.asarray(masks))
    np.testing.assert_array_equal(ours.apply(torch.from_numpy(x), torch.from_numpy(np.asarray(masks)),
                                             order.long()).numpy(), expected)


def test_mix_up_mixes_each_image_with_one_of_the_batch():
    torch.manual_seed(7)
    x = np.arange(64, dtype=np.float32).reshape(64, 1, 1, 1) * np.ones((1, 2, 2, 1), np.float32)
    out = run_ours(_layer("MixUp", x.shape, alpha=0.5), x)[:, 0, 0, 0]
    # w x_i + (1 - w) x_j: one permutation, w ~ Beta(0.5, 0.5) (mean 1/2, mostly near 0 or 1)
    assert np.all((out >= -1e-4) & (out <= 63 + 1e-4))
    assert not np.allclose(out, x[:, 0, 0, 0])


def test_cut_mix_pastes_boxes_from_other_images():
    torch.manual_seed(8)
    x = np.arange(16, dtype=np.float32).reshape(16, 1, 1, 1) * np.ones((1, 8, 8, 1), np.float32)
    out = run_ours(_layer("CutMix", x.shape), x)
    sources = [set(np.unique(o)) - {float(i)} for i, o in enumerate(out)]
    assert all(len(s) <= 1 for s in sources)  # at most one other image per output
    assert sum(len(s) for s in sources) > 8
