"""kerasbridge.applications against Keras 3.15.1: the builders' configs equal Keras's own (the fixtures made by
Keras for five architectures, and real Keras for the others), weights files load by layer name and predict as
Keras does, preprocess_input equals Keras's, and a missing weights file gives a clear error."""
import glob
import gzip
import hashlib
import json
import os
import re

import numpy as np
import pytest

from conftest import FIXTURES, keras_available
from kerasbridge import applications, bridge
from kerasbridge.applications import api, preprocessing
from kerasbridge.applications import weights as weights_files
from kerasbridge.errors import InvalidArgumentError, WeightsUnavailableError

needs_keras = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed")
CONFIGS = sorted(glob.glob(os.path.join(FIXTURES, "application-configs", "*.json.gz")))
_AUTO = re.compile(r"^(input_layer|zero_padding2d|rescaling|normalization|global_average_pooling2d|"
                   r"global_max_pooling2d|max_pooling2d)(_\d+)?$")


def _normalized(model_config):
    """Automatic names (input_layer_7, zero_padding2d_3, ...) depend on what the session made before: number
    them per prefix in order of appearance, everywhere they occur."""
    text = json.dumps(model_config)
    counts, renames = {}, {}
    for layer in model_config["config"]["layers"]:
        found = _AUTO.match(layer["name"])
        if found:
            prefix = found.group(1)
            renames[layer["name"]] = f"{prefix}#{counts.get(prefix, 0)}"
            counts[prefix] = counts.get(prefix, 0) + 1
    for old, new in sorted(renames.items(), key=lambda item: -len(item[0])):
        text = text.replace(f'"{old}"', f'"{new}"')
    return json.loads(text)


def _fixture(path):
    with gzip.open(path, "rt") as f:
        return json.load(f)


def test_five_fixtures_are_present():
    assert len(CONFIGS) == 10


@pytest.mark.parametrize("path", CONFIGS, ids=[os.path.basename(p)[:-8] for p in CONFIGS])
def test_builder_equals_keras_fixture(path):
    fixture = _fixture(path)
    expected = {k: v for k, v in fixture["model"].items() if k != "compile_config"}  # an uncompiled model's {}
    built = applications.config(fixture["application"], **fixture["call"])
    assert _normalized(built) == _normalized(expected)
    # Layer by layer too, so that a failure names the first layer that differs.
    for mine, keras_layer in zip(_normalized(built)["config"]["layers"], _normalized(expected)["config"]["layers"]):
        assert mine == keras_layer, mine["name"]


@needs_keras
@pytest.mark.parametrize("path", CONFIGS, ids=[os.path.basename(p)[:-8] for p in CONFIGS])
def test_builder_parameter_counts_equal_keras(path):
    import keras

    fixture = _fixture(path)
    model = keras.Model.from_config(applications.config(fixture["application"], **fixture["call"])["config"])
    assert model.count_params() == fixture["total_params"]
    counts = {layer.name: layer.count_params() for layer in model.layers}
    expected = fixture["param_counts"]
    assert sorted(counts.values()) == sorted(expected.values())  # names of automatic layers differ by session
    assert {k: v for k, v in counts.items() if not _AUTO.match(k)} == \
        {k: v for k, v in expected.items() if not _AUTO.match(k)}


SMALL = dict(weights=None, input_shape=(32, 32, 3))
# One of each depth variant family; EfficientNetB4-B6 differ from B1-B3/B7 only by their coefficients.
OTHERS = [
    ("DenseNet169", dict(SMALL, include_top=False, pooling="max")),
    ("DenseNet201", dict(SMALL, classes=4, classifier_activation=None)),
    ("ResNet101", dict(SMALL, include_top=False)),
    ("ResNet50V2", dict(SMALL, classes=7)),
    ("ResNet101V2", dict(SMALL, include_top=False, pooling="avg")),
    ("ResNet152V2", dict(SMALL, include_top=False, pooling="max")),
    ("VGG19", dict(SMALL, include_top=False, pooling="max")),
    ("VGG16", dict(weights=None, include_top=False)),
    ("MobileNetV2", dict(SMALL, alpha=0.35, classes=5)),
    ("MobileNetV2", dict(weights=None, include_top=False, alpha=1.4, input_shape=(96, 96, 3))),
    ("MobileNetV2", dict(SMALL, alpha=0.75, include_top=False, pooling="max")),
    ("MobileNet", dict(SMALL, classes=7)),
    ("MobileNet", dict(weights=None, input_shape=(128, 128, 3), include_top=False, alpha=0.5, pooling="avg")),
    ("MobileNet", dict(SMALL, classes=4, classifier_activation=None, depth_multiplier=2)),
    ("Xception", dict(weights=None, input_shape=(71, 71, 3), classes=7)),
    ("Xception", dict(weights=None, input_shape=(80, 80, 3), include_top=False, pooling="max")),
    ("InceptionV3", dict(weights=None, input_shape=(75, 75, 3), classes=7)),
    ("InceptionV3", dict(weights=None, input_shape=(80, 80, 3), include_top=False, pooling="avg")),
    ("EfficientNetV2B0", dict(SMALL, classes=7)),
    ("EfficientNetV2B1", dict(SMALL, include_top=False, include_preprocessing=False)),
    ("EfficientNetV2B2", dict(weights=None, input_shape=(32, 32, 1), include_top=False)),
    ("EfficientNetV2B3", dict(SMALL, include_top=False, pooling="avg")),
    ("EfficientNetB1", dict(SMALL, classes=3)),
    ("EfficientNetB2", dict(SMALL, include_top=False, pooling="max")),
    ("EfficientNetB3", dict(SMALL, include_top=False)),
    ("EfficientNetB7", dict(SMALL, include_top=False, pooling="avg")),
]


@needs_keras
@pytest.mark.parametrize("function,kwargs", OTHERS, ids=[f"{f}-{i}" for i, (f, _) in enumerate(OTHERS)])
def test_builder_equals_real_keras(function, kwargs):
    import keras

    keras.backend.clear_session()  # Keras's automatic names start again, as the builder's
    model = getattr(keras.applications, function)(**kwargs)
    expected = json.loads(json.dumps(model.get_config()))
    built = applications.config(function, **kwargs)
    assert built["config"] == expected
    assert built["config"]["name"] == model.name
    rebuilt = keras.Model.from_config(built["config"])
    assert rebuilt.count_params() == model.count_params()


def test_every_application_has_a_weights_file_and_preprocessing():
    for name in applications.names():
        spec = applications.get(name)
        file_name, url, _ = spec.weights_file(include_top=True)
        assert url.endswith(file_name) and url.startswith("https://storage.googleapis.com/")
        assert spec.preprocess in preprocessing.MODES


def test_bad_arguments_name_the_argument():
    with pytest.raises(InvalidArgumentError, match="argument 'pooling'"):
        applications.config("DenseNet121", include_top=False, pooling="mean")
    with pytest.raises(InvalidArgumentError, match="argument 'classes' must be 1000"):
        applications.config("ResNet50", weights="imagenet", classes=10)
    with pytest.raises(InvalidArgumentError, match="at least 32x32"):
        applications.config("VGG16", include_top=False, input_shape=(16, 16, 3))
    with pytest.raises(InvalidArgumentError, match="argument 'input_shape' must be \\[224, 224, 3\\]"):
        applications.config("VGG16", weights="imagenet", input_shape=(32, 32, 3))
    with pytest.raises(ValueError, match="must be one of"):
        applications.get("NoSuchNet")


def _legacy_weights_file(model, path):
    """The legacy HDF5 weights layout Keras publishes its application weights in."""
    import h5py
    from keras.src.legacy.saving import legacy_h5_format

    with h5py.File(path, "w") as f:
        legacy_h5_format.save_weights_to_hdf5_group(f, model)


def _md5(path):
    with open(path, "rb") as f:
        return hashlib.md5(f.read()).hexdigest()


@needs_keras
def test_imagenet_weights_from_the_cache_load_by_name_on_the_torch_engine(tmp_path, monkeypatch):
    import keras

    kwargs = dict(include_top=False, input_shape=(32, 32, 3), pooling="avg")
    keras_model = keras.applications.VGG16(weights=None, **kwargs)
    spec = applications.get("VGG16")
    file_name, _, _ = spec.weights_file(include_top=False)
    home = tmp_path / "keras_home"
    (home / "models").mkdir(parents=True)
    cached = str(home / "models" / file_name)
    _legacy_weights_file(keras_model, cached)
    monkeypatch.setenv("KERAS_HOME", str(home))
    real = spec.weights
    # The real file's hash is Keras's; this file is ours: check it against its own hash.
    monkeypatch.setattr(spec, "weights", lambda **k: real(**k)[:2] + (_md5(cached),))
    model = api.create(bridge.get_engine("torch"), "VGG16", dict(kwargs, weights="imagenet"))
    x = np.random.default_rng(0).normal(size=(2, 32, 32, 3)).astype(np.float32)
    expected = np.asarray(keras_model.predict(x, verbose=0))
    got = model.predict(x)
    assert np.all(np.abs(got - expected) <= 1e-4 * np.maximum(np.abs(expected), 1e-2))

    # A cached file whose hash is wrong is downloaded again: offline, that fails naming the URL and the path.
    monkeypatch.setattr(spec, "weights", lambda **k: real(**k)[:2] + ("0" * 32,))
    with pytest.raises(WeightsUnavailableError) as e:
        api.create(bridge.get_engine("torch"), "VGG16", dict(kwargs, weights="imagenet"),
                   )
    assert e.value.cache_path == cached and e.value.url.endswith(file_name)
    assert os.path.exists(cached) and not os.path.exists(cached + ".part")


@needs_keras
@pytest.mark.parametrize("engine", ["torch", "keras"])
def test_weights_path_loads_on_both_engines(tmp_path, engine):
    import keras

    kwargs = dict(include_top=True, input_shape=(32, 32, 3), classes=3)
    keras_model = keras.applications.VGG16(weights=None, **kwargs)
    path = str(tmp_path / "vgg16_small.h5")
    _legacy_weights_file(keras_model, path)
    model = api.create(bridge.get_engine(engine), "VGG16", dict(kwargs, weights=path))
    x = np.random.default_rng(1).normal(size=(3, 32, 32, 3)).astype(np.float32)
    expected = np.asarray(keras_model.predict(x, verbose=0))
    got = np.asarray(model.predict(x))
    assert np.all(np.abs(got - expected) <= 1e-4 * np.maximum(np.abs(expected), 1e-2))


@pytest.mark.parametrize("engine", ["torch", "keras"])
def test_offline_imagenet_error_names_url_and_cache(tmp_path, monkeypatch, engine):
    if engine == "keras" and not keras_available():
        pytest.skip("real Keras is not installed")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    if engine == "keras":
        from keras.src.backend import config as keras_config
        monkeypatch.setattr(keras_config, "_KERAS_DIR", str(tmp_path))  # Keras reads KERAS_HOME at import
    failing = lambda url, path, progress: (_ for _ in ()).throw(OSError("network is unreachable"))  # noqa: E731
    monkeypatch.setattr(weights_files, "_download", failing)
    with pytest.raises(WeightsUnavailableError) as e:
        api.create(bridge.get_engine(engine), "DenseNet121", dict(include_top=False, weights="imagenet"))
    message = str(e.value)
    assert "densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5" in message
    assert "https://storage.googleapis.com/tensorflow/keras-applications/densenet/" in message
    assert str(tmp_path / "models" / "densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5") in message


@needs_keras
@pytest.mark.parametrize("family,mode", [("vgg16", "caffe"), ("resnet_v2", "tf"), ("densenet", "torch"),
                                         ("efficientnet", None)])
def test_preprocess_input_equals_keras(family, mode):
    import keras

    x = np.random.default_rng(2).uniform(0, 255, size=(2, 5, 4, 3)).astype(np.float32)
    expected = np.asarray(getattr(keras.applications, family).preprocess_input(x.copy()))
    got = preprocessing.preprocess_input(x, mode)
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, expected)
    assert np.all(x >= 0)  # the input is not changed


def test_decode_predictions_from_a_cached_class_index(tmp_path, monkeypatch):
    (tmp_path / "models").mkdir()
    index = {str(i): [f"n{i:08d}", f"class_{i}"] for i in range(1000)}
    path = tmp_path / "models" / preprocessing.CLASS_INDEX_FILE
    path.write_text(json.dumps(index))
    monkeypatch.setattr(preprocessing, "CLASS_INDEX_HASH", _md5(path))
    preds = np.zeros((2, 1000), dtype=np.float32)
    preds[0, [5, 7, 9]] = [0.2, 0.5, 0.3]
    preds[1, 999] = 1.0
    decoded = preprocessing.decode_predictions(preds, top=3, home=str(tmp_path))
    assert [r[1] for r in decoded[0]] == ["class_7", "class_9", "class_5"]
    assert decoded[1][0] == ("n00000999", "class_999", 1.0)
    with pytest.raises(InvalidArgumentError, match="argument 'preds'"):
        preprocessing.decode_predictions(np.zeros((2, 10)), home=str(tmp_path))


def test_decode_predictions_offline_names_the_class_index_url(tmp_path, monkeypatch):
    monkeypatch.setattr(weights_files, "_download",
                        lambda url, path, progress: (_ for _ in ()).throw(OSError("offline")))
    with pytest.raises(WeightsUnavailableError, match="imagenet_class_index.json"):
        preprocessing.decode_predictions(np.zeros((1, 1000)), home=str(tmp_path))


@needs_keras
def test_legacy_weights_with_other_automatic_names_load_by_position(tmp_path):
    """Xception's residual convolutions have automatic names (conv2d, conv2d_1, ...) that differ between sessions:
    the file's layers are matched by position among the layers with weights, as Keras's legacy loader does."""
    import keras

    kwargs = dict(include_top=False, input_shape=(71, 71, 3), pooling="avg")
    keras.backend.clear_session()
    keras.layers.Conv2D(1, 1)  # shifts Keras's automatic names: conv2d_1, ... in the saved file
    keras_model = keras.applications.Xception(weights=None, **kwargs)
    assert any(layer.name == "conv2d_1" for layer in keras_model.layers)
    path = str(tmp_path / "xception_small.h5")
    _legacy_weights_file(keras_model, path)
    spec = applications.get("Xception")
    config = spec.config(**kwargs)
    names = [e["name"] for e in config["config"]["layers"] if e["class_name"] in ("Conv2D", "SeparableConv2D",
                                                                                 "BatchNormalization")]
    assert "conv2d" in names and "conv2d_1" in names  # the builder's own names: not the file's

    class Recorder:
        def __init__(self):
            self.assigned = {}

        def set_layer_weights(self, name, arrays):
            self.assigned[name] = arrays

    recorder = Recorder()
    weights_files.load_by_name(recorder, path, names)
    expected = {layer.name: layer.get_weights() for layer in keras_model.layers if layer.weights}
    keras_names = [layer.name for layer in keras_model.layers if layer.weights]
    for mine, theirs in zip(names, keras_names):
        for got, want in zip(recorder.assigned[mine], expected[theirs]):
            np.testing.assert_array_equal(got, want)


TORCH_CASES = [
    ("VGG16", dict(include_top=True, input_shape=(32, 32, 3), classes=5)),
    ("DenseNet121", dict(include_top=False, input_shape=(32, 32, 3), pooling="max")),
    ("ResNet50", dict(include_top=False, input_shape=(32, 32, 3), pooling="avg")),
    ("MobileNetV2", dict(include_top=True, input_shape=(32, 32, 3), alpha=0.35, classes=5)),
    ("EfficientNetB0", dict(include_top=False, input_shape=(32, 32, 3), pooling="avg")),
    ("Xception", dict(include_top=False, input_shape=(71, 71, 3), pooling="avg")),
]


@needs_keras
@pytest.mark.parametrize("function,kwargs", TORCH_CASES, ids=[f for f, _ in TORCH_CASES])
def test_torch_engine_application_predicts_as_keras_with_keras_weights(tmp_path, function, kwargs):
    """Keras's weights for an architecture (saved as Keras publishes them) give the PyTorch engine's build of it the
    same outputs as Keras. Skips, naming them, while the engine lacks some of the layers."""
    import keras

    missing = api.missing_layers(bridge.get_engine("torch"), function, kwargs)
    if missing:
        pytest.skip(f"the PyTorch engine does not support these layers yet: {', '.join(missing)}")
    keras_model = getattr(keras.applications, function)(weights=None, **kwargs)
    rng = np.random.default_rng(7)
    # Non-trivial BatchNormalization statistics, so that inference mode is checked too.
    for layer in keras_model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            gamma, beta, mean, variance = layer.get_weights()
            layer.set_weights([gamma * rng.uniform(0.5, 1.5, gamma.shape).astype(np.float32), beta + 0.1,
                               mean + rng.normal(0, 0.1, mean.shape).astype(np.float32),
                               variance * rng.uniform(0.5, 1.5, variance.shape).astype(np.float32)])
    path = str(tmp_path / f"{function}.h5")
    _legacy_weights_file(keras_model, path)
    model = api.create(bridge.get_engine("torch"), function, dict(kwargs, weights=path))
    x = rng.uniform(0, 255, size=(2,) + kwargs["input_shape"]).astype(np.float32)
    expected = np.asarray(keras_model.predict(x, verbose=0))
    got = np.asarray(model.predict(x))
    assert got.shape == expected.shape
    assert np.all(np.abs(got - expected) <= 1e-4 * np.maximum(np.abs(expected), 1e-2)), \
        float(np.max(np.abs(got - expected) / np.maximum(np.abs(expected), 1e-2)))
