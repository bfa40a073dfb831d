"""Attention, AdditiveAttention, GroupQueryAttention and EinsumDense on the PyTorch engine, held against real
Keras 3.15.1 (torch backend; skipped without Keras), plus use_causal_mask / return_attention_scores call
arguments (kept in the graph nodes) on these and on MultiHeadAttention.

Each case is a tiny Functional model built with real Keras (seeded): the PyTorch engine rebuilds it from
Keras's config with Keras's weights, writes Keras's config back and predicts Keras's outputs; some cases
train three epochs (SGD, no shuffling) and must match Keras's history and final weights; files go both ways
(.keras, legacy .h5, .weights.h5). Tolerance: 1e-4 relative with an absolute floor of 1e-6.
"""

import json

import numpy as np
import pytest

from conftest import keras_available
from kerasbridge import bridge
from test_optimizers_keras import assert_close  # 1e-4 relative, 1e-6 absolute floor

needs_keras = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed")


def _cross(layer_fn, *, key=False, list_call=True, **call):
    """query (3, 4), value (5, 4) [key (5, 4)] -> layer -> outputs; Attention takes a list, the others positions."""
    import keras
    q, v = keras.Input((3, 4)), keras.Input((5, 4))
    inputs = [q, v] + ([keras.Input((5, 4))] if key else [])
    tensors = inputs
    out = layer_fn()(tensors, **call) if list_call else layer_fn()(*tensors, **call)
    return keras.Model(inputs, list(out) if isinstance(out, tuple) else out)


def _einsum(shape, **kw):
    import keras
    x = keras.Input(shape)
    return keras.Model(x, keras.layers.EinsumDense(**kw)(x))


def _cases():
    from keras import layers as L
    return {
        "attention_dot": lambda: _cross(lambda: L.Attention()),
        "attention_scale_key": lambda: _cross(lambda: L.Attention(use_scale=True), key=True),
        "attention_concat_causal": lambda: _cross(lambda: L.Attention(use_scale=True, score_mode="concat"),
                                                  use_causal_mask=True),
        "attention_scores_dropout": lambda: _cross(lambda: L.Attention(dropout=0.3, seed=1),
                                                   return_attention_scores=True),
        "additive": lambda: _cross(lambda: L.AdditiveAttention()),
        "additive_no_scale_key": lambda: _cross(lambda: L.AdditiveAttention(use_scale=False), key=True),
        "additive_causal_scores": lambda: _cross(lambda: L.AdditiveAttention(), use_causal_mask=True,
                                                 return_attention_scores=True),
        "gqa": lambda: _cross(lambda: L.GroupQueryAttention(2, 4, 2), list_call=False),
        "gqa_gate_causal_key": lambda: _cross(lambda: L.GroupQueryAttention(3, 2, 1, use_gate=True), key=True,
                                              list_call=False, use_causal_mask=True),
        "gqa_no_bias_scores_dropout": lambda: _cross(lambda: L.GroupQueryAttention(2, 2, 2, use_bias=False,
                                                                                   dropout=0.2),
                                                     list_call=False, return_attention_scores=True),
        "mha_causal_scores": lambda: _cross(lambda: L.MultiHeadAttention(2, 3), list_call=False,
                                            use_causal_mask=True, return_attention_scores=True),
        "einsum_dense_bias": lambda: _einsum((3, 4), equation="abc,cd->abd", output_shape=(None, 6), bias_axes="d",
                                             activation="tanh"),
        "einsum_heads": lambda: _einsum((4,), equation="ab,bcd->acd", output_shape=(2, 3), bias_axes="cd"),
        "einsum_left_ellipsis": lambda: _einsum((2, 3, 4), equation="...b,bc->...c", output_shape=5, bias_axes="c"),
        "einsum_right_ellipsis": lambda: _einsum((4, 3), equation="ab...,bc->ac...", output_shape=2, bias_axes="c",
                                                 kernel_initializer="he_normal"),
        "einsum_bias_inner_axis": lambda: _einsum((3, 4), equation="abc,cde->abde", output_shape=(None, 2, 3),
                                                  bias_axes="d"),
    }


TRAINED = ["attention_scale_key", "attention_concat_causal", "additive_causal_scores", "gqa_gate_causal_key",
           "einsum_dense_bias", "einsum_right_ellipsis"]


def _config(model):
    return json.loads(json.dumps(model.get_config()))


def _pair(case):
    import keras
    keras.utils.set_random_seed(4)
    model = _cases()[case]()
    ours = bridge.get_engine("torch").model_from_config(
        {"module": "keras", "class_name": "Functional", "config": _config(model), "registered_name": None})
    ours.set_weights([np.asarray(w) for w in model.get_weights()])
    return model, ours


def _inputs(model, count=12, seed=0):
    rng = np.random.default_rng(seed)
    xs = [rng.normal(size=(count,) + tuple(t.shape[1:])).astype(np.float32) for t in model.inputs]
    return xs if len(xs) > 1 else xs[0]


def _list(value):
    return value if isinstance(value, list) else [value]


@needs_keras
@pytest.mark.parametrize("case", list(_cases()))
def test_predictions_and_config_match_keras(case):
    model, ours = _pair(case)
    assert ours.config()["config"]["layers"] == _config(model)["layers"]
    x = _inputs(model)
    got, expected = _list(ours.predict(x)), _list(model.predict(x, verbose=0))
    assert len(got) == len(expected)
    for i, (a, e) in enumerate(zip(got, expected)):
        assert a.shape == e.shape, f"output {i}"
        assert_close(a, e, f"output {i}")
    assert [tuple(s) for s in _list(ours.output_shape)] == [tuple(t.shape) for t in model.outputs]


@needs_keras
@pytest.mark.parametrize("case", TRAINED)
def test_fit_matches_keras(case):
    import keras
    model, ours = _pair(case)
    x = _inputs(model)
    rng = np.random.default_rng(1)
    shapes = [o.shape for o in _list(model.predict(x, verbose=0))]
    y = rng.normal(size=shapes[0]).astype(np.float32)
    losses = ["mse"] + [None] * (len(model.outputs) - 1)  # only the first output is trained on
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss=losses if len(losses) > 1 else "mse")
    ours.compile(optimizer={"class_name": "SGD", "config": {"learning_rate": 0.1}},
                 loss=losses if len(losses) > 1 else "mse")
    ys = [y] + [np.zeros(shape, np.float32) for shape in shapes[1:]]
    ys = ys if len(ys) > 1 else y
    expected = model.fit(x, ys, epochs=3, batch_size=4, shuffle=False, verbose=0).history
    got = ours.fit(x, ys, epochs=3, batch_size=4, shuffle=False)["history"]
    assert_close(got["loss"], expected["loss"], "history loss")
    assert expected["loss"][-1] < expected["loss"][0]  # the run trained: the weights below moved
    for i, (a, e) in enumerate(zip(ours.get_weights(), model.get_weights())):
        assert_close(a, e, f"weight {i}")


@needs_keras
@pytest.mark.parametrize("case", ["attention_scale_key", "additive_causal_scores", "gqa_gate_causal_key",
                                  "einsum_heads"])
def test_files_round_trip_both_ways(case, tmp):
    import keras
    model, ours = _pair(case)
    x = _inputs(model)
    expected = _list(model.predict(x, verbose=0))
    # Keras's files on the PyTorch engine: .keras and legacy .h5; Keras's .weights.h5 into our model.
    model.save(tmp("theirs.keras"))
    model.save(tmp("theirs.h5"))
    model.save_weights(tmp("theirs.weights.h5"))
    engine = bridge.get_engine("torch")
    for name in ("theirs.keras", "theirs.h5"):
        loaded = engine.load_model(tmp(name))
        assert loaded.config()["config"]["layers"] == _config(model)["layers"], name
        for a, e in zip(_list(loaded.predict(x)), expected):
            assert_close(a, e, name)
    fresh = engine.model_from_config(
        {"module": "keras", "class_name": "Functional", "config": _config(model), "registered_name": None})
    fresh.load_weights(tmp("theirs.weights.h5"))
    assert all(np.array_equal(a, np.asarray(e)) for a, e in zip(fresh.get_weights(), model.get_weights()))
    # Our files on Keras: .keras and .weights.h5 give Keras's predictions; our own load is exact.
    ours.save(tmp("ours.keras"))
    ours.save_weights(tmp("ours.weights.h5"))
    theirs = keras.saving.load_model(tmp("ours.keras"))
    assert _config(theirs)["layers"] == _config(model)["layers"]
    for a, e in zip(_list(theirs.predict(x, verbose=0)), expected):
        assert_close(a, e, "ours.keras in Keras")
    keras.utils.set_random_seed(9)
    other = _cases()[case]()
    other.load_weights(tmp("ours.weights.h5"))
    for a, e in zip(_list(other.predict(x, verbose=0)), expected):
        assert_close(a, e, "ours.weights.h5 in Keras")
    again = engine.load_model(tmp("ours.keras"))
    assert again.config() == ours.config()
    assert all(np.array_equal(a, b) for a, b in zip(again.get_weights(), ours.get_weights()))


@needs_keras
@pytest.mark.parametrize("case", ["attention_concat_causal", "gqa_gate_causal_key", "einsum_heads"])
def test_keras_file_weights_read_in_keras_order(case, tmp):
    """model_files reads the variables of Keras's .keras files in Keras's order, from Keras's weight-file groups
    (the shape rules come from the engine's layer classes)."""
    from kerasbridge.model_files import read_model_file
    model, _ = _pair(case)
    model.save(tmp("m.keras"))
    loaded = read_model_file(tmp("m.keras")).flat_weights()
    assert len(loaded) == len(model.weights)
    assert all(np.array_equal(a, np.asarray(w)) for a, w in zip(loaded, model.get_weights()))


def _layer(class_name, **config):
    from kerasbridge.torch_engine import registry
    return registry.layer_from_config({"class_name": class_name, "config": dict(config, name="l")})


def test_attention_dropout_drops_weights_only_while_training():
    """Keras's Attention returns the weights after dropout: each is 0 or softmax / (1 - rate); rows of the
    inference weights sum to 1."""
    import torch
    layer = _layer("Attention", dropout=0.5)
    layer.build([(None, 3, 4), (None, 6, 4)], torch.device("cpu"))
    torch.manual_seed(0)
    q, v = torch.randn(64, 3, 4), torch.randn(64, 6, 4)
    out, clean = layer.call([q, v], False, return_attention_scores=True)
    assert torch.allclose(clean.sum(-1), torch.ones(64, 3))
    out_t, dropped = layer.call([q, v], True, return_attention_scores=True)
    kept = dropped != 0
    assert torch.allclose(dropped[kept], 2.0 * clean[kept])
    assert 0.4 < kept.float().mean().item() < 0.6
    assert torch.allclose(out_t, torch.matmul(dropped, v), atol=1e-6)


def test_gqa_dropout_keeps_scores_and_drops_while_training():
    import torch
    layer = _layer("GroupQueryAttention", head_dim=2, num_query_heads=2, num_key_value_heads=1, dropout=0.9)
    layer.build([(None, 3, 4), (None, 5, 4)], torch.device("cpu"))
    q, v = torch.randn(8, 3, 4), torch.randn(8, 5, 4)
    a, s1 = layer.call([q, v], False, return_attention_scores=True)
    b, s2 = layer.call([q, v], True, return_attention_scores=True)
    assert torch.equal(s1, s2)  # the scores are returned before dropout, as Keras does
    assert not torch.allclose(a, b)


@pytest.mark.parametrize("class_name, config, message", [
    ("Attention", {"score_mode": "bilinear"}, "Expected one of {'dot', 'concat'}; got score_mode='bilinear'"),
    ("Attention", {"dropout": 1.5}, "'dropout' must be a number in [0, 1]; got 1.5"),
    ("Attention", {"use_scale": "yes"}, "'use_scale' must be true or false; got 'yes'"),
    ("GroupQueryAttention", {"head_dim": 2, "num_query_heads": 3, "num_key_value_heads": 2},
     "'num_query_heads' (3) must be divisible by 'num_key_value_heads' (2)"),
    ("GroupedQueryAttention", {"head_dim": 0, "num_query_heads": 2, "num_key_value_heads": 1},
     "'head_dim' must be a positive int; got 0"),
    ("GroupQueryAttention", {"head_dim": 2, "num_query_heads": 2, "num_key_value_heads": 1, "sliding_window": 2},
     "'sliding_window' is not supported by the PyTorch engine"),
    ("EinsumDense", {"equation": "ab->b", "output_shape": 3}, "invalid einsum equation 'ab->b'"),
    ("EinsumDense", {"equation": "ab,bc->ac", "output_shape": [0]}, "'output_shape' must be a positive int"),
    ("EinsumDense", {"equation": "ab,bc->ac", "output_shape": 3, "lora_rank": 2}, "option 'lora_rank'"),
])
def test_bad_options_are_refused(class_name, config, message):
    with pytest.raises(ValueError) as e:
        _layer(class_name, **config)
    assert message in str(e.value)


@pytest.mark.parametrize("class_name, config, shapes, message", [
    ("Attention", {}, [(None, 3, 4)], "accepts an inputs list of length 2 or 3"),
    ("Attention", {}, [(None, 3, 4), (None, 5, 6)], "query and key must have the same feature size"),
    ("EinsumDense", {"equation": "ab,bc->ac", "output_shape": 3, "bias_axes": "x"},
     [(None, 4)], "bias dimension 'x' was requested, but is not part of the output spec 'ac'"),
    ("EinsumDense", {"equation": "abc,cd->abd", "output_shape": (None, 3)}, [(None, 4)],
     "expects inputs of rank 3"),
    ("GroupQueryAttention", {"head_dim": 2, "num_query_heads": 2, "num_key_value_heads": 1},
     [(None, 3, 4), (None, 5, 6)], "the last dimension of the query and the value must be equal"),
])
def test_bad_shapes_are_refused(class_name, config, shapes, message):
    import torch
    layer = _layer(class_name, **config)
    with pytest.raises(ValueError) as e:
        layer.build(shapes if len(shapes) > 1 or class_name == "Attention" else shapes[0], torch.device("cpu"))
    assert message in str(e.value)


def test_graph_refuses_masks_and_non_boolean_flags():
    from kerasbridge.model_files.graph import GraphError, parse_functional

    def graph(kwargs):
        tensor = {"class_name": "__keras_tensor__", "config": {"keras_history": ["q", 0, 0]}}
        return {"name": "m", "input_layers": [["q", 0, 0]], "output_layers": [["a", 0, 0]], "layers": [
            {"class_name": "InputLayer", "name": "q", "config": {"batch_shape": [None, 3, 4]}, "inbound_nodes": []},
            {"class_name": "Attention", "name": "a", "config": {},
             "inbound_nodes": [{"args": [[tensor, tensor]], "kwargs": kwargs}]}]}

    assert parse_functional(graph({"mask": [None, None], "use_causal_mask": True})).nodes[("a", 0)].kwargs == {
        "use_causal_mask": True}
    assert parse_functional(graph({"query_mask": None, "value_mask": None})).nodes[("a", 0)].kwargs == {}
    with pytest.raises(GraphError, match="call argument use_causal_mask must be true or false"):
        parse_functional(graph({"use_causal_mask": 1}))
    with pytest.raises(GraphError, match="call argument mask="):
        parse_functional(graph({"mask": [{"class_name": "__keras_tensor__",
                                          "config": {"keras_history": ["q", 0, 0]}}, None]}))


@needs_keras
def test_summary_matches_keras():
    """Keras's summary: the several outputs of return_attention_scores, MultiHeadAttention's (batch, heads, Tq, Tq)
    scores shape, GroupQueryAttention shown under its Python class (GroupedQueryAttention)."""
    import contextlib
    import io

    import keras
    from kerasbridge.summary import summary_from_config
    keras.utils.set_random_seed(5)
    q, v = keras.Input((3, 4), name="q"), keras.Input((5, 4), name="v")
    a = keras.layers.Attention(use_scale=True)([q, v], use_causal_mask=True)
    b, s = keras.layers.AdditiveAttention()([q, v, v], return_attention_scores=True)
    g = keras.layers.GroupQueryAttention(2, 4, 2)(q, v)
    e = keras.layers.EinsumDense("abc,cd->abd", output_shape=(None, 6), bias_axes="d")(g)
    h, hs = keras.layers.MultiHeadAttention(2, 3)(q, v, return_attention_scores=True)
    model = keras.Model([q, v], [a, b, s, e, h, hs])
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        model.summary()
    config = {"module": "keras", "class_name": "Functional", "config": _config(model), "registered_name": None}
    ours = bridge.get_engine("torch").model_from_config(config)
    assert ours.summary().rstrip("\n") == buffer.getvalue().rstrip("\n")
    assert summary_from_config(config).rstrip("\n") == buffer.getvalue().rstrip("\n")


def test_symbolic_shapes_take_the_call_flags():
    """The C# Functional API asks output_shapes with the call flags: return_attention_scores adds the scores."""
    from kerasbridge.symbolic import output_shapes
    entry = json.dumps({"module": "keras.layers", "class_name": "Attention", "config": {"name": "att"}})
    plain = json.loads(output_shapes(entry, json.dumps({"shapes": [[None, 3, 4], [None, 5, 4]], "as_list": True})))
    assert plain["outputs"] == [[None, 3, 4]]
    flagged = json.loads(output_shapes(entry, json.dumps({"shapes": [[None, 3, 4], [None, 5, 4]], "as_list": True,
                                                          "call_flags": {"return_attention_scores": True}})))
    assert flagged["outputs"] == [[None, 3, 4], [None, 3, 5]]
    gqa = json.dumps({"class_name": "GroupQueryAttention",
                      "config": {"name": "g", "head_dim": 2, "num_query_heads": 4, "num_key_value_heads": 2}})
    answer = json.loads(output_shapes(gqa, json.dumps({"shapes": [[None, 3, 4], [None, 5, 4]], "as_list": False,
                                                       "call_flags": {"return_attention_scores": True,
                                                                      "use_causal_mask": True}})))
    assert answer["outputs"] == [[None, 3, 4], [None, 4, 3, 5]]
    assert [v[0] for v in answer["variables"]] == ["kernel", "bias"] * 4
