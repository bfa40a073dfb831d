"""The last Keras image preprocessing layers on the PyTorch engine, held against real Keras 3.15.1 (torch backend):
RandomElasticTransform, MaxNumBoundingBoxes, ContrastLimitedAdaptiveHistogramEqualization, RandAugment, AugMix.

1. Inference: built in Keras, saved as .keras, loaded on the PyTorch engine: predict is Keras's exactly (the
   identity for the random ones; CLAHE applies at inference, as in Keras), configs and summaries are Keras's, both
   ways.
2. Training with the draw pinned (Keras's _transform_images given the draw and the same N(0, 1) noise): the output
   equals Keras's within 1e-4 relative.
3. Training with random draws: by property.
4. Bad options are refused naming the layer and the option; hand-written configs come back as Keras writes them.
"""

import numpy as np
import pytest
import torch

from test_image_augmentation import images, keras_entry, keras_layers, ours_from, rel_error, run_ours  # noqa: F401
from test_image_augmentation import runs_like_keras
from test_image_augmentation import test_bad_options_are_refused as assert_refused


def _pixels(shape=(3, 5, 6, 3), seed=0):
    return images(shape, seed) * 255


def _channels(layer, x):
    return np.ascontiguousarray(np.transpose(x, (0, 3, 1, 2))) if layer.data_format == "channels_first" else x


# ----- 1. inference and files -----
def _inference_cases(L):
    return {
        "elastic": [L.RandomElasticTransform()],
        "elastic_options": [L.RandomElasticTransform(0.5, scale=(0.2, 0.4), interpolation="nearest",
                                                     fill_mode="mirror", fill_value=2.0, value_range=[1, 0], seed=3)],
        "max_boxes": [L.MaxNumBoundingBoxes(3, fill_value=-2)],
        "clahe": [L.ContrastLimitedAdaptiveHistogramEqualization(tile_grid_size=(2, 3))],
        "rand_augment": [L.RandAugment()],
        "rand_augment_options": [L.RandAugment(value_range=[1, 0], num_ops=3, factor=(0.4, 0.2),
                                               interpolation="nearest", seed=2)],
        "aug_mix": [L.AugMix()],
        "aug_mix_options": [L.AugMix(value_range=[1, 0], num_chains=2, chain_depth=1, factor=(0.4, 0.2), alpha=0.5,
                                     all_ops=False, interpolation="nearest", seed=1)],
    }


INFERENCE_IDS = ["elastic", "elastic_options", "max_boxes", "clahe", "rand_augment", "rand_augment_options", "aug_mix",
                 "aug_mix_options"]


def test_the_inference_case_list_is_complete(keras_layers):
    assert list(_inference_cases(keras_layers)) == INFERENCE_IDS


@pytest.mark.parametrize("case", INFERENCE_IDS)
def test_inference_matches_keras_and_files_round_trip(keras_layers, tmp_path, monkeypatch, case):
    import keras
    model = keras.Sequential([keras.Input((5, 6, 3))] + _inference_cases(keras_layers)[case], name=case)
    x = _pixels()
    predicted, expected = runs_like_keras(model, x, tmp_path, monkeypatch)
    np.testing.assert_array_equal(predicted, expected)
    if case != "clahe":
        np.testing.assert_array_equal(predicted, x)


# ----- CLAHE: deterministic, the same at inference and in training -----
@pytest.mark.parametrize("shape, options", [
    ((2, 16, 24, 3), {"tile_grid_size": (2, 3)}),  # tiles of 8 x 8: a clip limit of int(4 * 64 / 256) = 1
    ((2, 17, 23, 3), {"tile_grid_size": (3, 2), "clip_limit": 20.5, "value_range": (0, 1)}),  # padded edges
    ((1, 9, 10, 1), {"tile_grid_size": (2, 2), "clip_limit": 0, "data_format": "channels_first"}),  # no clipping
    ((2, 5, 6, 3), {"value_range": [1, 0]}),  # more tiles than pixels; the range as given
])
def test_clahe_matches_keras_in_a_model_and_in_training(keras_layers, tmp_path, monkeypatch, shape, options):
    import keras
    layer = keras_layers.ContrastLimitedAdaptiveHistogramEqualization(**options)
    x = images(shape, seed=1) * (255 if "value_range" not in options else 1)
    if layer.data_format == "channels_first":
        x = np.ascontiguousarray(np.transpose(x, (0, 3, 1, 2)))
    model = keras.Sequential([keras.Input(x.shape[1:]), layer], name="clahe")
    predicted, expected = runs_like_keras(model, x, tmp_path, monkeypatch)
    assert rel_error(predicted, expected) <= 1e-4
    ours = ours_from(keras_entry(layer), x.shape)
    assert rel_error(run_ours(ours, x, training=True), np.asarray(layer(x, training=True))) <= 1e-4
    if "value_range" not in options:
        assert np.abs(predicted - x).max() > 2  # it did equalize


# ----- 2. RandomElasticTransform for a given draw, against Keras's _transform_images -----
@pytest.mark.parametrize("fill_mode, interpolation", [("reflect", "bilinear"), ("constant", "nearest"),
                                                      ("wrap", "bilinear"), ("mirror", "bilinear"),
                                                      ("nearest", "nearest")])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_elastic_transform_for_a_draw_matches_keras(keras_layers, fill_mode, interpolation, data_format):
    layer = keras_layers.RandomElasticTransform(1.0, scale=1.0, interpolation=interpolation, fill_mode=fill_mode,
                                                fill_value=0.5, value_range=(0, 1), data_format=data_format)
    x = _channels(layer, images((3, 8, 10, 3)) * 1.2)
    chosen, distortion = torch.tensor([True, False, True]), torch.tensor(0.9)
    torch.manual_seed(7)
    expected = np.asarray(layer._transform_images(
        torch.from_numpy(x), {"apply_transform": chosen, "distortion_factor": distortion, "seed": None},
        interpolation))
    torch.manual_seed(7)
    noise_x, noise_y = torch.normal(0.0, 1.0, size=(3, 8, 10)), torch.normal(0.0, 1.0, size=(3, 8, 10))
    ours = ours_from(keras_entry(layer), x.shape)
    assert ours.serialize()["config"] == keras_entry(layer)["config"]
    actual = ours.apply(torch.from_numpy(x), chosen, distortion, noise_x, noise_y).numpy()
    assert rel_error(actual, expected) <= 1e-4
    assert not np.allclose(expected[0], np.clip(x[0], 0, 1), atol=1e-3)  # the draw moved pixels
    np.testing.assert_array_equal(actual[1], np.clip(x[1], 0, 1))  # not chosen: clipped only


# ----- RandAugment for given picks, against Keras's transform_images (factor 0: every layer's draw is pinned) -----
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_rand_augment_for_given_picks_matches_keras(keras_layers, data_format):
    layer = keras_layers.RandAugment(value_range=(0, 1), num_ops=2, factor=0.0, data_format=data_format)
    x = _channels(layer, images((2, 6, 7, 3)))
    ours = ours_from(keras_entry(layer), x.shape)
    assert ours.serialize()["config"] == keras_entry(layer)["config"]
    transforms = layer.get_random_transformation(x, training=True)["transforms"]
    for picks in [[i, j] for i in range(11) for j in (i, (i + 4) % 11)]:
        expected = layer.transform_images(torch.from_numpy(x), {"transforms": transforms,
                                                                "layer_idxes": torch.tensor(picks)})
        assert rel_error(ours.apply(torch.from_numpy(x), picks).numpy(), np.asarray(expected)) <= 1e-4, picks


def test_rand_augment_applies_a_layer_picked_twice_with_one_draw():
    """Keras draws one transformation per layer: RandomBrightness picked twice adds its drawn shift twice."""
    x = _pixels((4, 5, 6, 3)) * 0.5 + 60
    layer = _layer("RandAugment", (None, 5, 6, 3), factor=0.3)
    torch.manual_seed(3)
    once = layer.apply(torch.from_numpy(x), [3]).numpy()
    torch.manual_seed(3)
    twice = layer.apply(torch.from_numpy(x), [3, 3]).numpy()
    assert np.abs(once - x).max() > 1
    np.testing.assert_allclose(twice - x, 2 * (once - x), rtol=1e-4, atol=1e-3)


def test_rand_augment_training_picks_its_layers_at_random():
    x = _pixels((2, 5, 6, 3))
    layer = _layer("RandAugment", (None, 5, 6, 3), factor=0.5, num_ops=2)
    torch.manual_seed(0)
    outputs = [run_ours(layer, x) for _ in range(6)]
    assert all(o.shape == x.shape and np.isfinite(o).all() for o in outputs)
    assert len({o.tobytes() for o in outputs}) > 1
    np.testing.assert_array_equal(run_ours(_layer("RandAugment", (None, 5, 6, 3), num_ops=0), x), x)


# ----- AugMix for given chains and weights, against Keras's transform_images (factor 0 pins every layer's draw) -----
@pytest.mark.parametrize("all_ops", [True, False])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_aug_mix_for_given_chains_matches_keras(keras_layers, all_ops, data_format):
    from kerasbridge.torch_engine.image_rand_augment import _AUG_MIX_LAYERS_ALL
    layer = keras_layers.AugMix(value_range=(0, 1), num_chains=2, factor=0.0, all_ops=all_ops, data_format=data_format)
    x = _channels(layer, images((2, 6, 7, 3)))
    ours = ours_from(keras_entry(layer), x.shape)
    assert ours.serialize()["config"] == keras_entry(layer)["config"]
    names = _AUG_MIX_LAYERS_ALL if all_ops else _AUG_MIX_LAYERS_ALL[:7]
    n, weights, mix = len(names), torch.tensor([0.3, 0.7]), torch.tensor(0.4)
    for chains in [[[i, (i + 3) % n], [(i + 5) % n]] for i in range(n)] + [[[], [0, 1, 2]]]:
        steps = [[{"layer_name": names[k], "transformation": getattr(layer, names[k]).get_random_transformation(
            x, training=True)} for k in chain] for chain in chains]
        expected = layer.transform_images(torch.from_numpy(x), {"chain_mixing_weights": weights,
                                                                "weight_sample": mix, "chain_transforms": steps})
        actual = ours.apply(torch.from_numpy(x), weights, mix, chains).numpy()
        assert rel_error(actual, np.asarray(expected)) <= 1e-4, chains


def test_aug_mix_training_mixes_within_the_value_range():
    x = _pixels((3, 5, 6, 3))
    layer = _layer("AugMix", (None, 5, 6, 3), value_range=[0, 200], factor=0.5)
    torch.manual_seed(0)
    outputs = [run_ours(layer, x) for _ in range(4)]
    assert all(o.min() >= 0 and o.max() <= 200 for o in outputs)
    assert len({o.tobytes() for o in outputs}) == 4
    # chains of depth 0 leave each chain the image: the mix is the image itself, clipped
    plain = run_ours(_layer("AugMix", (None, 5, 6, 3), chain_depth=0, value_range=[0, 200]), x)
    np.testing.assert_allclose(plain, np.clip(x, 0, 200), rtol=1e-5, atol=1e-4)


# ----- 3. training with random draws -----
def _layer(class_name, shape=(None, 6, 7, 3), **options):
    return ours_from({"class_name": class_name, "config": dict(name="aug", **options)}, shape)


def test_elastic_transform_applies_with_its_probability_and_clips():
    x = _pixels((40, 8, 8, 3))
    torch.manual_seed(0)
    out = run_ours(_layer("RandomElasticTransform", (None, 8, 8, 3), factor=(0.5, 0.5), value_range=(0, 200)), x)
    moved = [not np.allclose(o, np.clip(i, 0, 200)) for o, i in zip(out, x)]
    assert 8 <= sum(moved) <= 32
    assert out.max() <= 200 and out.min() >= 0
    np.testing.assert_array_equal(run_ours(_layer("RandomElasticTransform", factor=0.0), _pixels((2, 6, 7, 3)) * 2),
                                  _pixels((2, 6, 7, 3)) * 2)  # factor 0: no transformation, not even the clip


def test_max_num_bounding_boxes_keeps_images_while_training():
    x = _pixels()
    np.testing.assert_array_equal(run_ours(_layer("MaxNumBoundingBoxes", (None, 5, 6, 3), max_number=2), x), x)


# ----- 4. bad options and hand-written configs -----
@pytest.mark.parametrize("class_name, options, words", [
    ("RandomElasticTransform", {"factor": 1.5}, ["'factor'", "[0, 1]", "1.5"]),
    ("RandomElasticTransform", {"scale": [0.1, 0.2, 0.3]}, ["'scale'", "list of two"]),
    ("RandomElasticTransform", {"fill_mode": "edge"}, ["'fill_mode'", "mirror", "'edge'"]),
    ("RandomElasticTransform", {"interpolation": "bicubic"}, ["'interpolation'", "bilinear", "'bicubic'"]),
    ("RandomElasticTransform", {"value_range": 3}, ["'value_range'", "two numbers", "3"]),
    ("MaxNumBoundingBoxes", {"max_number": "x"}, ["'max_number'", "int", "'x'"]),
    ("ContrastLimitedAdaptiveHistogramEqualization", {"tile_grid_size": [2, 0]}, ["'tile_grid_size'", "positive", "0"]),
    ("ContrastLimitedAdaptiveHistogramEqualization", {"clip_limit": None}, ["'clip_limit'", "number", "None"]),
    ("RandAugment", {"num_ops": -1}, ["'num_ops'", "int >= 0", "-1"]),
    ("RandAugment", {"factor": 2}, ["'factor'", "[0, 1]", "2"]),
    ("RandAugment", {"interpolation": "cubic"}, ["'interpolation'", "'cubic'"]),
    ("AugMix", {"num_chains": 0}, ["'num_chains'", ">= 1", "0"]),
    ("AugMix", {"alpha": 0}, ["'alpha'", "positive", "0"]),
    ("AugMix", {"all_ops": "yes"}, ["'all_ops'", "true or false", "'yes'"]),
])
def test_bad_options_are_refused(class_name, options, words):
    assert_refused(class_name, options, words)


def test_hand_written_configs_come_back_as_keras_writes_them():
    def config(class_name, **options):
        return ours_from({"class_name": class_name, "config": dict(name="a", **options)}, (None, 4, 4, 3)).get_config()

    elastic = config("RandomElasticTransform", factor=0.5, scale=[0.4, 0.2], value_range=[1, 0])
    assert (elastic["factor"], elastic["scale"], elastic["value_range"]) == ([0, 0.5], [0.2, 0.4], [1, 0])
    assert list(config("MaxNumBoundingBoxes", max_number=4, fill_value=0).items())[3:] == [
        ("data_format", "channels_last"), ("max_number", 4)]
    clahe = config("ContrastLimitedAdaptiveHistogramEqualization", tile_grid_size=[3, 2], value_range=[1, 0])
    assert list(clahe.items())[3:] == [("data_format", "channels_last"), ("value_range", [1, 0]), ("clip_limit", 4.0),
                                       ("tile_grid_size", [3, 2])]
