"""MobileNetV3Small/Large and ConvNeXt against Keras 3.15.1, and the Keras ops (keras.src.ops.numpy Add, Multiply,
...) they put in their graphs (`x + 3.0`, `inputs + x`) on the PyTorch engine: the builders' configs equal Keras's
own layer by layer, Keras's weights give the same predictions, the summary is Keras's text, and save -> load is
exact. Tiny models only (32x32 inputs)."""
import contextlib
import glob
import gzip
import io
import json
import os

import numpy as np
import pytest

from conftest import FIXTURES, keras_available
from kerasbridge import applications, bridge
from kerasbridge.applications import api
from kerasbridge.errors import InvalidArgumentError
from kerasbridge.model_files import operations

needs_keras = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed")
SMALL = dict(weights=None, input_shape=(32, 32, 3))

CONFIG_CASES = [
    ("MobileNetV3Small", dict(SMALL, classes=5, alpha=0.75)),
    ("MobileNetV3Small", dict(SMALL, include_top=False, minimalistic=True, pooling="avg")),
    ("MobileNetV3Large", dict(SMALL, include_top=False, include_preprocessing=False, pooling="max")),
    ("MobileNetV3Large", dict(weights=None, classes=3, dropout_rate=0.0, alpha=1.25)),
    ("ConvNeXtTiny", dict(SMALL, classes=3)),
    ("ConvNeXtSmall", dict(SMALL, include_top=False, pooling="avg", include_preprocessing=False)),
    ("ConvNeXtBase", dict(SMALL, include_top=False)),
    ("ConvNeXtLarge", dict(SMALL, include_top=False, pooling="max")),
    ("ConvNeXtXLarge", dict(weights=None, input_shape=(32, 32, 1), include_top=False, pooling="max", name="cx")),
]


def _close(got, expected):
    return np.all(np.abs(got - expected) <= 1e-4 * np.maximum(np.abs(expected), 1e-2))


def _keras_summary(model):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model.summary()
    return out.getvalue()


@needs_keras
@pytest.mark.parametrize("function,kwargs", CONFIG_CASES, ids=[f"{f}-{i}" for i, (f, _) in enumerate(CONFIG_CASES)])
def test_builder_equals_real_keras(function, kwargs):
    import keras

    keras.backend.clear_session()  # Keras's automatic names start again, as the builder's
    expected = json.loads(json.dumps(getattr(keras.applications, function)(**kwargs).get_config()))
    built = applications.config(function, **kwargs)["config"]
    # Layer by layer first, so that a failure names the first layer that differs.
    for mine, theirs in zip(built["layers"], expected["layers"]):
        assert mine == theirs, mine["name"]
    assert built == expected


OP_CONFIGS = sorted(glob.glob(os.path.join(FIXTURES, "application-op-configs", "*.json.gz")))


def test_op_config_fixtures_are_present():
    assert len(OP_CONFIGS) == 3


@pytest.mark.parametrize("path", OP_CONFIGS, ids=[os.path.basename(p)[:-8] for p in OP_CONFIGS])
def test_builder_equals_keras_fixture(path):
    """Keras's configs saved by tools/make_application_op_fixtures.py: the check runs without Keras too."""
    with gzip.open(path, "rt") as f:
        fixture = json.load(f)
    built = applications.config(fixture["application"], **fixture["call"])["config"]
    for mine, theirs in zip(built["layers"], fixture["model"]["layers"]):
        assert mine == theirs, mine["name"]
    assert built == fixture["model"]
    model = bridge.get_engine("torch").model_from_config(applications.config(fixture["application"], **fixture["call"]))
    assert sum(model.count_params()) == fixture["total_params"]  # (trainable, non-trainable)


def test_builders_put_ops_in_the_graph():
    config = applications.config("MobileNetV3Small", **dict(SMALL, include_top=False))["config"]
    ops = [e for e in config["layers"] if operations.is_operation(e)]
    assert [e["class_name"] for e in ops[:2]] == ["Add", "Multiply"]
    assert ops[0]["inbound_nodes"][0]["args"][1] == 3.0 and ops[1]["inbound_nodes"][0]["args"][1] == 1.0 / 6.0
    config = applications.config("ConvNeXtTiny", **dict(SMALL, include_top=False))["config"]
    residual = next(e for e in config["layers"] if operations.is_operation(e))
    assert [a["config"]["keras_history"][0] for a in residual["inbound_nodes"][0]["args"]] == \
        ["convnext_tiny_stem", "convnext_tiny_stage_0_block_0_identity"]


def test_bad_arguments_name_the_argument():
    with pytest.raises(InvalidArgumentError, match="at least 32x32"):
        applications.config("MobileNetV3Small", weights=None, input_shape=(16, 16, 3))
    with pytest.raises(InvalidArgumentError, match="argument 'alpha'"):
        applications.config("MobileNetV3Large", weights="imagenet", alpha=0.5)
    with pytest.raises(InvalidArgumentError, match="argument 'name'"):
        applications.config("ConvNeXtTiny", weights="imagenet", name="mine")
    assert applications.get("MobileNetV3Small").weights_file(include_top=False, minimalistic=True)[0] == \
        "weights_mobilenet_v3_small_minimalistic_224_1.0_float_no_top_v2.h5"
    assert applications.get("ConvNeXtBase").weights_file(include_top=True)[0] == "convnext_base.h5"


TORCH_CASES = [
    ("MobileNetV3Small", dict(include_top=True, input_shape=(32, 32, 3), alpha=0.75, classes=5)),
    ("MobileNetV3Large", dict(include_top=False, input_shape=(32, 32, 3), minimalistic=True, pooling="avg")),
    ("ConvNeXtTiny", dict(include_top=True, input_shape=(32, 32, 3), classes=3)),
]


def _randomized(keras_model, rng):
    """Non-trivial BatchNormalization statistics and LayerScale factors (ConvNeXt's start at 1e-6, which would hide
    the blocks), so that the whole graph shows in the outputs."""
    import keras

    for layer in keras_model.layers:
        sublayers = layer.layers if isinstance(layer, keras.Sequential) else [layer]
        for sub in sublayers:
            if isinstance(sub, keras.layers.BatchNormalization):
                gamma, beta, mean, variance = sub.get_weights()
                sub.set_weights([gamma * rng.uniform(0.5, 1.5, gamma.shape), beta + 0.1,
                                 mean + rng.normal(0, 0.1, mean.shape), variance * rng.uniform(0.5, 1.5, variance.shape)])
            elif type(sub).__name__ == "LayerScale":
                sub.set_weights([rng.uniform(0.2, 1.0, sub.weights[0].shape)])
    return keras_model


@needs_keras
@pytest.mark.parametrize("function,kwargs", TORCH_CASES, ids=[f for f, _ in TORCH_CASES])
def test_torch_engine_predicts_summarizes_and_saves_as_keras(tmp_path, function, kwargs):
    import h5py
    import keras
    from keras.src.legacy.saving import legacy_h5_format

    keras.backend.clear_session()
    rng = np.random.default_rng(7)
    keras_model = _randomized(getattr(keras.applications, function)(weights=None, **kwargs), rng)
    path = str(tmp_path / f"{function}.h5")
    with h5py.File(path, "w") as f:  # the legacy layout Keras publishes its weights in, loaded by layer name
        legacy_h5_format.save_weights_to_hdf5_group(f, keras_model)
    keras.backend.clear_session()
    engine = bridge.get_engine("torch")
    model = api.create(engine, function, dict(kwargs, weights=path))
    x = rng.uniform(0, 255, size=(2,) + kwargs["input_shape"]).astype(np.float32)
    expected = np.asarray(keras_model.predict(x, verbose=0))
    got = np.asarray(model.predict(x))
    assert got.shape == expected.shape
    assert _close(got, expected), float(np.max(np.abs(got - expected) / np.maximum(np.abs(expected), 1e-2)))
    # model.layers leaves the ops out, as Keras's does.
    assert model.layer_names() == [layer.name for layer in keras_model.layers]
    assert model.summary() == _keras_summary(keras_model)

    saved = str(tmp_path / f"{function}.keras")
    model.save(saved)
    np.testing.assert_array_equal(engine.load_model(saved).predict(x), got)
    assert _close(np.asarray(keras.saving.load_model(saved).predict(x, verbose=0)), expected)
    keras_file = str(tmp_path / f"{function}_keras.keras")
    keras_model.save(keras_file)  # Keras's own file (LayerScale under its module) loads on the engine
    assert _close(np.asarray(engine.load_model(keras_file).predict(x)), expected)
    weights = str(tmp_path / f"{function}.weights.h5")
    keras_weights = str(tmp_path / f"{function}_keras.weights.h5")
    model.save_weights(weights)
    keras_model.save_weights(keras_weights)
    with h5py.File(weights) as mine, h5py.File(keras_weights) as theirs:  # no groups for ops, as in Keras
        assert list(mine["layers"].keys()) == list(theirs["layers"].keys())


def _ops_model(keras):
    """A user's model of raw ops on Keras tensors: numbers on either side, two tensors broadcast, unary ops."""
    from keras import ops

    a = keras.Input(shape=(3, 4), name="a")
    b = keras.Input(shape=(3, 1), name="b")
    h = keras.layers.Dense(4, name="dense")(a)
    x = 1.0 - h * 2.0 + b  # Multiply, Subtract (number first), Add broadcast (None, 3, 4) with (None, 3, 1)
    x = ops.maximum(x / 4.0, -0.25) ** 2  # TrueDivide, Maximum, Power
    y = ops.sqrt(ops.abs(-h)) + ops.exp(ops.minimum(h, 0.0)) - ops.square(b)
    z = ops.log(ops.abs(h) + 1.0) // 0.5 + ops.mod(h, 0.75) + ops.divide(h, b + 3.0)
    out = keras.layers.Concatenate(name="concat")([x, y, z])
    return keras.Model([a, b], out, name="ops_model")


@needs_keras
def test_user_ops_run_save_and_load_as_in_keras(tmp_path):
    import keras

    keras.backend.clear_session()
    keras_model = _ops_model(keras)
    config = json.loads(keras_model.to_json())
    classes = {e["class_name"] for e in config["config"]["layers"] if operations.is_operation(e)}
    assert classes == {"Add", "Subtract", "Multiply", "TrueDivide", "Maximum", "Power", "Sqrt", "Absolute",
                       "Negative", "Exp", "Minimum", "Square", "Log", "FloorDivide", "Mod", "Divide"}
    engine = bridge.get_engine("torch")
    model = engine.model_from_config(config)
    model.set_layer_weights("dense", keras_model.get_layer("dense").get_weights())
    rng = np.random.default_rng(3)
    x = [rng.normal(size=(5, 3, 4)).astype(np.float32), rng.normal(size=(5, 3, 1)).astype(np.float32)]
    expected = np.asarray(keras_model.predict(x, verbose=0))
    got = model.predict(x)
    assert got.shape == expected.shape == (5, 3, 12)
    assert _close(got, expected)
    assert model.layer_names() == [layer.name for layer in keras_model.layers] == ["a", "dense", "b", "concat"]
    assert model.summary() == _keras_summary(keras_model)
    assert model.config()["config"]["layers"] == config["config"]["layers"]
    saved = str(tmp_path / "ops.keras")
    model.save(saved)
    np.testing.assert_array_equal(engine.load_model(saved).predict(x), got)
    assert _close(np.asarray(keras.saving.load_model(saved).predict(x, verbose=0)), expected)


def test_op_shapes_broadcast_as_keras_and_refuse_what_it_refuses():
    assert operations.broadcast_shapes((None, 3, 4), (None, 3, 1), "op") == (None, 3, 4)
    assert operations.broadcast_shapes((None, 1, 4), (5, 4), "op") == (None, 5, 4)
    assert operations.broadcast_shapes((None, 4), (), "op") == (None, 4)
    with pytest.raises(ValueError, match="cannot broadcast shapes \\(None, 3\\) and \\(None, 4\\)"):
        operations.broadcast_shapes((None, 3), (None, 4), "layer 'add' (Add)")
    entry = {"module": "keras.src.ops.nn", "class_name": "Moments", "config": {"name": "moments"}}
    with pytest.raises(ValueError, match="Moments is not supported; supported operations"):
        operations.check(entry, "layer 'moments' (Moments)")


def test_unsupported_op_is_refused_when_the_model_is_built():
    config = applications.config("ConvNeXtTiny", **dict(SMALL, include_top=False))
    for entry in config["config"]["layers"]:
        if operations.is_operation(entry):
            entry["class_name"] = entry["registered_name"] = "Moments"
    with pytest.raises(ValueError, match="Moments is not supported"):
        bridge.get_engine("torch").model_from_config(config)
    assert "Moments" in api.missing_layers_of_config(bridge.get_engine("torch"), config)


def test_symbolic_shapes_of_ops_for_the_csharp_functional_api():
    from kerasbridge import symbolic

    entry = json.dumps(operations.entry("Multiply", "multiply"))
    answer = json.loads(symbolic.output_shapes(entry, json.dumps({"shapes": [[None, 3, 4], []], "as_list": False})))
    assert answer == {"outputs": [[None, 3, 4]], "variables": [], "kwargs": {}}
    answer = json.loads(symbolic.output_shapes(entry, json.dumps({"shapes": [[None, 3, 1], [None, 1, 4]]})))
    assert answer["outputs"] == [[None, 3, 4]]
    with pytest.raises(InvalidArgumentError, match="cannot broadcast shapes \\(None, 3\\) and \\(None, 4\\)"):
        symbolic.output_shapes(entry, json.dumps({"shapes": [[None, 3], [None, 4]]}))


def test_op_argument_that_is_neither_tensor_nor_number_is_refused_naming_the_op():
    config = applications.config("MobileNetV3Small", **dict(SMALL, include_top=False))
    entry = next(e for e in config["config"]["layers"] if operations.is_operation(e))
    entry["inbound_nodes"][0]["args"][1] = [3.0, 3.0]
    with pytest.raises(ValueError, match=f"layer '{entry['name']}' inbound node 0: an operation's arguments must be "
                                         "Keras tensors or numbers; got \\[3.0, 3.0\\]"):
        bridge.get_engine("torch").model_from_config(config)
