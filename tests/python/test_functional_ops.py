"""Keras 3 ops on symbolic tensors (x[:, 0], ops.reshape, ops.concatenate, ops.mean, ops.matmul, ops.softmax, ...)
as nodes of Functional models on the PyTorch engine, against real Keras 3.15.1: each model is built with Keras,
its config loaded on the engine with Keras's weights; predictions, summary text, save -> load, Keras loading the
engine's file and training agree. Tiny models only."""
import contextlib
import io
import json

import numpy as np
import pytest

from conftest import keras_available
from kerasbridge import bridge
from kerasbridge.errors import InvalidArgumentError
from kerasbridge.model_files import operations

needs_keras = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed")


def _close(got, expected):
    got, expected = np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    return got.shape == expected.shape and np.all(np.abs(got - expected) <= 1e-4 * np.maximum(np.abs(expected), 1e-2))


def _keras_summary(model):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model.summary()
    return out.getvalue()


# Each case: the ops a user writes on a (None, 3, 4) input `x` and a (None, 4) input `y` (after a Dense each, so the
# weights matter), and the op classes the config must hold.
def _cases():
    import keras
    from keras import ops

    return {
        "slicing": (lambda x, y: [x[:, 0], x[:, 1:3, ::2], x[..., None], x[:, None, :, -1], x[:, :, 1:2][..., 0],
                                  y[:, 2], y[:, -3:]],
                    {"GetItem"}),
        "shape": (lambda x, y: [ops.reshape(x, (-1, 2, 6)), ops.transpose(x, (0, 2, 1)),
                                ops.squeeze(ops.expand_dims(x, 1), axis=1), ops.expand_dims(y, (1, -1)),
                                ops.squeeze(ops.expand_dims(y, -1))],
                  {"Reshape", "Transpose", "ExpandDims", "Squeeze"}),
        "join": (lambda x, y: [ops.concatenate([x, x * 2.0], axis=-1), ops.stack([y, y + 1.0], axis=1),
                               ops.concatenate([x[:, 0], y], axis=1), ops.cast(x, "float64")],
                 {"Concatenate", "Stack", "Cast"}),
        "reduce": (lambda x, y: [ops.mean(x, axis=1, keepdims=True), ops.sum(x, axis=(1, 2)), ops.max(x, axis=-1),
                                 ops.min(x, axis=1, initial=0.0), ops.prod(x, axis=[1]), ops.argmax(x, axis=-1),
                                 ops.argmin(x, axis=1, keepdims=True), ops.sum(y, axis=-1, keepdims=True)],
                   {"Mean", "Sum", "Max", "Min", "Prod", "Argmax", "Argmin"}),
        "linear": (lambda x, y: [ops.matmul(x, ops.transpose(x, (0, 2, 1))), ops.matmul(x, y[0]), ops.dot(x, y[0]),
                                 ops.clip(x, -0.5, 0.5), ops.where(ops.greater(x, 0.0), x, 0.0),
                                 ops.where(ops.less_equal(y, 0.1), y * 2.0, -y)],
                   {"Matmul", "Dot", "Clip", "Where", "Greater", "LessEqual", "Transpose", "GetItem"}),
        "activations": (lambda x, y: [ops.relu(x), ops.sigmoid(x), ops.tanh(x), ops.softmax(x, axis=1),
                                      ops.gelu(x, approximate=False), ops.gelu(y), ops.silu(x), ops.log_softmax(y)],
                        {"Relu", "Sigmoid", "Tanh", "Softmax", "Gelu", "Silu", "LogSoftmax"}),
        "math": (lambda x, y: [ops.erf(x), ops.sin(x), ops.cos(y), ops.log1p(ops.abs(x)),
                               ops.rsqrt(ops.abs(y) + 1.0), ops.reciprocal(y + 3.0)],
                 {"Erf", "Sin", "Cos", "Log1p", "Rsqrt", "Reciprocal"}),
        "more_activations": (lambda x, y: [ops.leaky_relu(x), ops.elu(x, alpha=0.5), ops.relu6(x * 4.0),
                                           ops.softplus(x), ops.hard_sigmoid(x), ops.selu(x), ops.log_sigmoid(x),
                                           ops.hard_silu(x),
                                           keras.activations.relu(x, negative_slope=0.1, max_value=0.5),
                                           keras.activations.relu(y, threshold=0.2)],
                             {"LeakyRelu", "Elu", "Relu6", "Softplus", "HardSigmoid", "Selu", "LogSigmoid", "HardSilu",
                              "ReLU"}),
        "more_numpy": (lambda x, y: [ops.floor(x * 3.0), ops.ceil(x * 3.0), ops.sign(x), ops.var(x, axis=1),
                                     ops.std(x, axis=(1, 2), keepdims=True), ops.logsumexp(x, axis=-1),
                                     ops.flip(x, axis=1), ops.flip(y), ops.swapaxes(x, 1, 2), ops.moveaxis(x, 1, -1),
                                     ops.tile(y, (1, 2)), ops.tile(x, 2)],
                       {"Floor", "Ceil", "Sign", "Var", "Std", "Logsumexp", "Flip", "Swapaxes", "Moveaxis", "Tile"}),
        "more_elementwise": (lambda x, y: [ops.expm1(x), ops.round(x * 10.0), ops.round(x, decimals=1),
                                           ops.logical_and(ops.greater(x, 0.0), ops.less(x, 0.5)),
                                           ops.logical_or(ops.greater(y, 0.5), ops.logical_not(ops.less(y, 0.0))),
                                           ops.ones_like(x), ops.zeros_like(y, dtype="int32"), ops.cumsum(x, axis=1),
                                           ops.cumsum(y), ops.normalize(x), ops.normalize(y, axis=1, order=1),
                                           ops.normalize(x, axis=(1, 2), epsilon=1e-3) + ops.cumsum(x, axis=2)],
                             {"Expm1", "Round", "LogicalAnd", "LogicalOr", "LogicalNot", "OnesLike", "ZerosLike",
                              "Cumsum", "Normalize"}),
        "norm": (lambda x, y: [ops.norm(x, axis=-1), ops.norm(y, ord=1, axis=1, keepdims=True),
                               ops.norm(x, axis=(1, 2)),
                               ops.norm(x, ord="nuc", axis=(1, 2)), ops.norm(x, ord=2, axis=[-2, -1]),
                               x / ops.norm(x, axis=-1, keepdims=True)],
                 {"Norm"}),
        "one_hot": (lambda x, y: [ops.one_hot(ops.argmax(x, axis=-1), 4),
                                  ops.one_hot(ops.argmin(y, axis=-1), 4, axis=0),
                                  ops.one_hot(ops.argmax(x, axis=1) - 1, 3, axis=1, dtype="int32")],
                    {"OneHot"}),
        "split": (lambda x, y: [*ops.split(x, 2, axis=-1), ops.split(y, [1, 3], axis=1)[2],
                                ops.split(x, [1], axis=1)[1] * 2.0],
                  {"Split"}),
        "take": (lambda x, y: [ops.take(x, [0, -1], axis=1), ops.take(y, [[1], [3]], axis=-1), ops.take(x, 2, axis=2),
                               ops.take(x, ops.argmax(y[:, :3], axis=-1), axis=1)],
                 {"Take"}),
        "repeat": (lambda x, y: [ops.repeat(x, 2, axis=1), ops.repeat(y, 2), ops.repeat(x, 3, axis=-1)],
                   {"Repeat"}),
        "pad": (lambda x, y: [ops.pad(x, [[0, 0], [1, 2], [0, 0]]), ops.pad(y, [[0, 0], [2, 1]], constant_values=0.5),
                              ops.pad(x, [[0, 0], [1, 1], [2, 2]], mode="reflect"),
                              ops.pad(x, [[0, 0], [0, 0], [1, 1]], mode="symmetric"),
                              ops.pad(y, [[0, 0], [1, 2]], mode="circular")],
                {"Pad"}),
        "einsum": (lambda x, y: [ops.einsum("bij,bkj->bik", x, x), ops.einsum("bij,bj->bi", x, y),
                                 ops.einsum("...j,j->...", x, y[0]), ops.einsum("bij->bji", x),
                                 ops.einsum("bi,bi->b", y, y)[:, None], ops.einsum("bij,jk", x, ops.transpose(x[0]))],
                   {"Einsum"}),
    }


CASES = ["slicing", "shape", "join", "reduce", "linear", "activations", "math", "more_activations", "more_numpy",
         "more_elementwise", "norm", "one_hot", "split", "take", "repeat", "pad", "einsum"]


def _keras_model(keras, case):
    keras.backend.clear_session()
    keras.utils.set_random_seed(5)  # the same Dense weights on every run
    a = keras.Input(shape=(3, 4), name="a")
    b = keras.Input(shape=(4,), name="b")
    x = keras.layers.Dense(4, name="dense_x")(a)
    y = keras.layers.Dense(4, name="dense_y")(b)
    return keras.Model([a, b], _cases()[case][0](x, y), name=case)


def _inputs(seed=0, count=5):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(count, 3, 4)).astype(np.float32), rng.normal(size=(count, 4)).astype(np.float32)]


@needs_keras
@pytest.mark.parametrize("case", CASES)
def test_ops_predict_summarize_save_and_load_as_in_keras(case, tmp_path):
    import keras

    keras_model = _keras_model(keras, case)
    config = json.loads(keras_model.to_json())
    classes = {e["class_name"] for e in config["config"]["layers"] if operations.is_operation(e)}
    assert _cases()[case][1] <= classes
    engine = bridge.get_engine("torch")
    model = engine.model_from_config(config)
    for name in ("dense_x", "dense_y"):
        model.set_layer_weights(name, keras_model.get_layer(name).get_weights())
    x = _inputs()
    expected = [np.asarray(e) for e in keras_model.predict(x, verbose=0)]
    got = model.predict(x)
    assert len(got) == len(expected)
    for i, (g, e) in enumerate(zip(got, expected)):
        assert g.dtype == e.dtype, (i, g.dtype, e.dtype)
        assert _close(g, e), i
    assert model.summary() == _keras_summary(keras_model)
    assert model.config()["config"]["layers"] == config["config"]["layers"]
    assert model.layer_names() == [layer.name for layer in keras_model.layers]  # the ops are not layers

    saved = str(tmp_path / f"{case}.keras")
    model.save(saved)
    for g, again in zip(got, engine.load_model(saved).predict(x)):
        np.testing.assert_array_equal(again, g)
    for g, theirs in zip(got, keras.saving.load_model(saved).predict(x, verbose=0)):
        assert _close(g, np.asarray(theirs))


def _trainable_keras_model(keras):
    from keras import ops

    keras.backend.clear_session()
    keras.utils.set_random_seed(7)
    inputs = keras.Input(shape=(3, 4), name="x")
    h = keras.layers.Dense(5, activation="tanh", name="dense")(inputs)
    pooled = ops.mean(h, axis=1)
    peak = ops.max(h, axis=1)
    joined = ops.concatenate([pooled, ops.relu(peak), h[:, 0]], axis=-1)
    scaled = ops.softmax(ops.reshape(joined, (-1, 3, 5)), axis=1)
    out = keras.layers.Dense(2, name="head")(ops.reshape(scaled, (-1, 15)))
    return keras.Model(inputs, out, name="ops_in_the_middle")


@needs_keras
def test_fit_through_ops_matches_real_keras():
    """Mean, Max, Relu, GetItem, Concatenate, Reshape, Softmax between trainable layers: two epochs of SGD give
    Keras's loss history and weights (the ops pass the gradients as Keras's torch backend does)."""
    import keras

    keras_model = _trainable_keras_model(keras)
    config = json.loads(keras_model.to_json())
    engine = bridge.get_engine("torch")
    model = engine.model_from_config(config)
    for name in ("dense", "head"):
        model.set_layer_weights(name, keras_model.get_layer(name).get_weights())
    x = _inputs(seed=1, count=12)[0]
    y = np.linspace(-1, 1, 24, dtype=np.float32).reshape(12, 2)
    keras_model.compile(optimizer=keras.optimizers.SGD(0.2), loss="mse")
    theirs = keras_model.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0).history["loss"]
    model.compile(optimizer={"class_name": "SGD", "config": {"learning_rate": 0.2}}, loss="mse")
    ours = model.fit(x, y, epochs=2, batch_size=4, shuffle=False)["history"]["loss"]
    assert _close(ours, theirs), (ours, theirs)
    for mine, keras_value in zip(model.get_weights(), keras_model.get_weights()):
        assert _close(mine, np.asarray(keras_value))


def _entry(cls, **config):
    spec = operations.SPECS[cls]
    return {"module": spec.module, "class_name": cls, "config": {"name": "op", **config}, "registered_name": cls}


def test_op_shapes_follow_keras_compute_output_spec():
    def shape(cls, *args, **config):
        return operations.output_shape(_entry(cls, **config), list(args), "op")

    from kerasbridge.model_files.graph import Constant

    x = (None, 3, 4)
    assert shape("GetItem", x, Constant([slice(None), 0])) == (None, 4)
    assert shape("GetItem", x, Constant([Ellipsis, None])) == (None, 3, 4, 1)
    assert shape("GetItem", x, Constant(0)) == (3, 4)
    assert shape("GetItem", x, Constant([slice(None), slice(1, None, 2), -1])) == (None, 1)
    assert shape("Reshape", (2, 3, 4), newshape=[-1, 6]) == (4, 6)
    assert shape("Reshape", x, newshape=[-1, 12]) == (None, 12)
    assert shape("Transpose", x) == (4, 3, None)
    assert shape("ExpandDims", x, axis=[1, -1]) == (None, 1, 3, 4, 1)
    assert shape("Squeeze", (None, 1, 4, 1)) == (None, 4)
    assert shape("Concatenate", [x, (None, 3, 2)], axis=-1) == (None, 3, 6)
    assert shape("Stack", [x, x], axis=-1) == (None, 3, 4, 2)
    assert shape("Mean", x, axis=[0, 2], keepdims=True) == (1, 3, 1)
    assert shape("Sum", x) == ()
    assert shape("Matmul", x, (4,)) == (None, 3)
    assert shape("Matmul", (None, 1, 3, 4), (5, 4, 2)) == (None, 5, 3, 2)
    assert shape("Dot", x, (2, 4, 5)) == (None, 3, 2, 5)
    assert shape("Where", x, (None, 3, 1), ()) == x
    assert shape("Cast", x, dtype="int32") == x
    assert shape("Take", x, Constant([[0, 1]]), axis=1) == (None, 1, 2, 4)
    assert shape("Take", x, (None,), axis=-1) == (None, 3, None)
    assert shape("Take", x, Constant(1)) == ()
    assert shape("Repeat", x, repeats=[1, 0, 2, 1], axis=2) == (None, 3, 4)
    assert shape("Repeat", (2, 3), repeats=2) == (12,)
    assert shape("Split", x, indices_or_sections=2, axis=-1) == [(None, 3, 2), (None, 3, 2)]
    assert shape("Split", x, indices_or_sections=[1, 3], axis=1) == [(None, 1, 4), (None, 2, 4), (None, 0, 4)]
    assert shape("Einsum", x, (None, 5, 4), subscripts="bij,bkj->bik") == (None, 3, 5)
    assert shape("Einsum", (None, 3, 4), (4,), subscripts="...j,j->...") == (None, 3)
    assert shape("Einsum", (None, 3, 4), (4, 2), subscripts="bij,jk") == (None, 3, 2)


@pytest.mark.parametrize("cls,args,config,message", [
    ("Concatenate", [[(None, 3), (None, 4, 1)]], {"axis": 1}, "every tensor must have the shape of the first"),
    ("Squeeze", [(None, 3)], {"axis": 1}, "cannot squeeze axis 1 of \\(None, 3\\)"),
    ("Reshape", [(2, 3)], {"newshape": [4, 2]}, "the total size must be unchanged"),
    ("Transpose", [(None, 3)], {"axes": [0, 0]}, "must be a permutation"),
    ("Mean", [(None, 3)], {"axis": 2}, "axis 2 is out of bounds for a tensor of rank 2"),
    ("Matmul", [(None, 3), (4, 2)], {}, "inner dimensions must be equal"),
    ("Mean", [(None, 3)], {"axis": "1"}, "argument 'axis' of Mean: expected an int, a list of ints or None; got '1'"),
    ("Cast", [(None, 3)], {"dtype": "float8"}, "argument 'dtype' of Cast: expected one of float16, .*; got 'float8'"),
    ("Cast", [(None, 3)], {}, "Cast needs argument 'dtype'"),
    ("Gelu", [(None, 3)], {"approximate": 1}, "argument 'approximate' of Gelu: expected true or false; got 1"),
    ("Softmax", [(None, 3)], {"axis": 1, "beta": 2},
     "unexpected operation argument\\(s\\) \\['beta'\\]; Softmax takes axis"),
    ("Relu", [(None, 3), (None, 3)], {}, "Relu takes 1 argument\\(s\\); got 2"),
    ("Einsum", [(None, 3), (None, 3)], {"subscripts": "bi->b"}, "name 1 operand\\(s\\); got 2"),
    ("Einsum", [(None, 3)], {"subscripts": "bij->b"}, "do not fit an operand of shape \\(None, 3\\)"),
    ("Einsum", [(None, 3)], {"subscripts": "bi->bk"}, "output subscript 'k' is not among"),
    ("Split", [(None, 3)], {"indices_or_sections": 2, "axis": 1}, "axis 1 of size 3 cannot be split into 2 equal"),
    ("Norm", [(None, 3)], {"ord": "fro", "axis": 1}, "ord 'fro' is a matrix norm"),
    ("Norm", [(None, 3, 4)], {"ord": 3, "axis": [1, 2]}, "a matrix norm \\(two axes\\) takes ord"),
    ("Normalize", [(None, 3, 4)], {"axis": [1, 2], "order": 1}, "is a matrix norm, which is not supported"),
    ("Normalize", [(None, 3)], {"order": 0}, "argument 'order' of Normalize: expected an int >= 1; got 0"),
])
def test_bad_op_configs_and_arguments_are_refused_naming_op_and_argument(cls, args, config, message):
    with pytest.raises(ValueError, match=message):
        operations.output_shape(_entry(cls, **config), args, f"layer 'op' ({cls})")


def test_get_item_refuses_negative_steps_and_tensor_keys():
    from kerasbridge.model_files.graph import Constant

    with pytest.raises(ValueError, match="slice steps must be positive"):
        operations.output_shape(_entry("GetItem"), [(None, 3), Constant([slice(None), slice(None, None, -1)])], "op")
    with pytest.raises(ValueError, match="GetItem takes a Keras tensor and a key"):
        operations.output_shape(_entry("GetItem"), [(None, 3), (None,)], "op")
    # As Keras's GetItem.compute_output_spec: a key is an int, a tuple or a list (x[(None,)], not x[None]).
    for key in (None, slice(1, 3), Ellipsis):
        with pytest.raises(ValueError, match="unsupported key type for array slice"):
            operations.output_shape(_entry("GetItem"), [(None, 3), Constant(key)], "op")
    assert operations.output_shape(_entry("GetItem"), [(None, 3), Constant([None])], "op") == (1, None, 3)


def test_unsupported_op_is_refused_by_name_with_the_supported_list():
    engine = bridge.get_engine("torch")
    config = {"class_name": "Functional", "config": {
        "name": "m", "trainable": True,
        "layers": [
            {"module": "keras.layers", "class_name": "InputLayer", "name": "x",
             "config": {"batch_shape": [None, 4], "dtype": "float32", "sparse": False, "name": "x"},
             "inbound_nodes": []},
            {"module": "keras.src.ops.nn", "class_name": "Moments", "name": "multi_hot",
             "config": {"name": "multi_hot", "axes": [1], "keepdims": False, "synchronized": False},
             "registered_name": "Moments",
             "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {
                 "shape": [None, 4], "dtype": "float32", "keras_history": ["x", 0, 0]}}], "kwargs": {}}]}],
        "input_layers": [["x", 0, 0]], "output_layers": [["multi_hot", 0, 0]]}}
    with pytest.raises(ValueError, match="keras.src.ops.nn.Moments is not supported; supported operations "
                                         "\\(keras.src.ops.numpy: Add, .*GetItem.*keras.src.ops.nn: Relu"):
        engine.model_from_config(config)


def test_symbolic_shapes_of_list_and_key_arguments_for_csharp():
    from kerasbridge import symbolic

    concat = json.dumps(operations.entry("Concatenate", "concatenate", axis=-1))
    answer = json.loads(symbolic.output_shapes(concat, json.dumps({"shapes": [[None, 3], [None, 2]], "as_list": True})))
    assert answer["outputs"] == [[None, 5]]
    get_item = json.dumps(operations.entry("GetItem", "get_item"))
    key = [{"class_name": "__slice__", "config": {"start": None, "stop": None, "step": None}}, 1]
    request = {"shapes": [[None, 3, 4], []], "arguments": [None, key]}
    assert json.loads(symbolic.output_shapes(get_item, json.dumps(request)))["outputs"] == [[None, 4]]
    mean = json.dumps(operations.entry("Mean", "mean", axis=1))
    with pytest.raises(InvalidArgumentError, match="axis 1 is out of bounds for a tensor of rank 1"):
        symbolic.output_shapes(mean, json.dumps({"shapes": [[None]]}))


def _walk_tensors(value):
    if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
        yield value["config"]
    elif isinstance(value, dict):
        for v in value.values():
            yield from _walk_tensors(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk_tensors(v)


def _argument_dtype(value):
    if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
        return value["config"]["dtype"]
    if isinstance(value, list) and value and all(isinstance(v, dict) and v.get("class_name") == "__keras_tensor__"
                                                 for v in value):
        return [v["config"]["dtype"] for v in value]
    return "int" if isinstance(value, int) else "float"


@needs_keras
@pytest.mark.parametrize("case", CASES)
def test_op_dtypes_are_the_ones_keras_records(case):
    """The dtypes the C# Functional API writes into a config (symbolic.py) are Keras's: bool after a comparison,
    int32 after argmax, float64 after a cast, float32 for a float division of ints..."""
    import keras

    keras_model = _keras_model(keras, case)
    config = json.loads(keras_model.to_json())
    recorded = {tuple(t["keras_history"][:1]): t["dtype"] for t in _walk_tensors(config)}
    recorded.update({(t._keras_history.operation.name,): t.dtype for t in keras_model.outputs})
    checked = 0
    for entry in config["config"]["layers"]:
        if operations.is_operation(entry):
            args = entry["inbound_nodes"][0]["args"]
            got = operations.output_dtype(entry, [_argument_dtype(a) for a in args], entry["name"])
            assert got == recorded[(entry["name"],)], entry["name"]
            checked += 1
    assert checked >= len(_cases()[case][1])


def test_op_dtypes_promote_as_keras_result_type():
    from kerasbridge.model_files.operation_dtypes import output_dtype, result_type

    assert result_type("int32", "float") == "float32"
    assert result_type("float16", "float") == "float16"
    assert result_type("bfloat16", "float16") == "float32"
    assert result_type("uint8", "int8") == "int16"
    assert result_type("bool", "int") == "int32"
    assert output_dtype("TrueDivide", ["int32", "int"], {}) == "float32"
    assert output_dtype("Concatenate", [["float16", "float32"]], {"axis": 0}) == "float32"
    for cls, spec in operations.SPECS.items():  # every op has a dtype rule
        config = {name: default for name, default, _ in spec.params}
        config.update({"dtype": "int8"} if "dtype" in config else {})
        args = [["float32"]] if cls in ("Concatenate", "Stack") else ["float32"] * 3
        assert output_dtype(cls, args, config)


@needs_keras
def test_repeat_with_a_count_per_entry_is_numpy_repeat():
    """ops.repeat(x, [1, 0, 2, 1], axis=1): Keras 3.15.1's own torch backend fails on it at predict ('Invalid dtype:
    object'), so the engine is held against numpy.repeat, which the op follows."""
    import keras
    from keras import ops

    keras.backend.clear_session()
    inputs = keras.Input(shape=(4,), name="y")
    config = json.loads(keras.Model(inputs, ops.repeat(inputs, 2, axis=1)).to_json())
    op = next(e for e in config["config"]["layers"] if operations.is_operation(e))
    op["config"]["repeats"] = [1, 0, 2, 1]
    model = bridge.get_engine("torch").model_from_config(config)
    y = _inputs()[1]
    np.testing.assert_array_equal(model.predict(y), np.repeat(y, [1, 0, 2, 1], axis=1))
