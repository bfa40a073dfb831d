"""Keras masking on the PyTorch engine (torch_engine/masking.py) held against real Keras 3.15.1.

Text-like models: Embedding(mask_zero=True) or Masking, then recurrent layers (the LSTM/GRU fused paths step
aside for the masked loop, as Keras's torch backend does), Bidirectional, GlobalAveragePooling1D, Dense; Sequential
and Functional. Padded inputs of different lengths: left padded, right padded and with a hole in the middle.
Each case is built with real Keras (seeded), run on the PyTorch engine from Keras's config and weights and
compared: predictions, a three-epoch fit history (loss and a metric, masked when the output carries a mask),
the weights after fit, evaluate; then file round trips (.keras both ways, .weights.h5). Skips without Keras,
except the engine-only checks at the end.
"""

import json

import numpy as np
import pytest

from conftest import keras_available
from kerasbridge import bridge
from test_optimizers_keras import assert_close  # 1e-4 relative, 1e-6 absolute floor

needs_keras = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed")
STEPS, VOCAB, ROWS = 7, 12, 12


def padded_tokens(seed=0):
    """Token ids with 0 as padding: rows left padded, right padded, or with a masked step in the middle."""
    rng = np.random.default_rng(seed)
    x = np.zeros((ROWS, STEPS), np.int32)
    for i in range(ROWS):
        length = int(rng.integers(2, STEPS + 1))
        tokens = rng.integers(1, VOCAB, size=length)
        if i % 3 == 0:
            x[i, STEPS - length:] = tokens
        else:
            x[i, :length] = tokens
            if i % 3 == 2:
                x[i, length // 2] = 0
    return x


def padded_features(seed=0):
    """(rows, steps, 3) features whose padded steps are all zeros, for Masking(0.0)."""
    tokens = padded_tokens(seed)
    values = np.random.default_rng(seed + 1).normal(size=(ROWS, STEPS, 3)).astype(np.float32)
    return values * (tokens != 0)[..., None]


def _sequential(k, *layers, features=False):
    first = k.Input((STEPS, 3)) if features else k.Input((STEPS,), dtype="int32")
    return k.Sequential([first, *layers])


def _embedding(k):
    return k.layers.Embedding(VOCAB, 4, mask_zero=True)


def _functional(k):
    """Two masked branches merged: the Concatenate keeps the mask, Dense passes it, the LSTM reads it."""
    tokens = k.Input((STEPS,), dtype="int32")
    x = _embedding(k)(tokens)
    a = k.layers.Bidirectional(k.layers.GRU(3, return_sequences=True))(x)
    b = k.layers.Dense(2, activation="tanh")(x)
    h = k.layers.Concatenate()([a, b])
    h = k.layers.LSTM(3)(k.layers.Dropout(0.0)(h))
    return k.Model(tokens, k.layers.Dense(1)(h))


def _attention(k, dropout=0.0):
    """Self-attention on masked tokens (query and value masks), a residual Add, the masked average (GlobalAveragePooling1D
    gets the mask tensor Keras records in the config)."""
    tokens = k.Input((STEPS,), dtype="int32")
    x = _embedding(k)(tokens)
    h = k.layers.Add()([x, k.layers.MultiHeadAttention(2, 3, dropout=dropout)(x, x)])
    return k.Model(tokens, k.layers.Dense(1)(k.layers.GlobalAveragePooling1D()(h)))


def _dot_attention(k, layer, causal=False):
    """A masked self-attention layer of the newer families: Attention/AdditiveAttention on [query, value], the
    multi-head ones on (query, value); the output keeps the query's mask for the masked average."""
    tokens = k.Input((STEPS,), dtype="int32")
    x = _embedding(k)(tokens)
    if isinstance(layer, (k.layers.Attention, k.layers.AdditiveAttention)):
        h = layer([x, x], use_causal_mask=causal)
    else:
        h = layer(x, x, use_causal_mask=causal)
    return k.Model(tokens, k.layers.Dense(1)(k.layers.GlobalAveragePooling1D()(h)))


CASES = {
    "embedding_lstm": lambda k: _sequential(k, _embedding(k), k.layers.LSTM(5), k.layers.Dense(1)),
    "embedding_gru_sequences_average": lambda k: _sequential(
        k, _embedding(k), k.layers.GRU(4, return_sequences=True), k.layers.GlobalAveragePooling1D(), k.layers.Dense(1)),
    "embedding_bidirectional_lstm": lambda k: _sequential(
        k, _embedding(k), k.layers.Bidirectional(k.layers.LSTM(3)), k.layers.Dense(1)),
    "embedding_backwards_gru_reset_before": lambda k: _sequential(
        k, _embedding(k), k.layers.GRU(3, go_backwards=True, reset_after=False), k.layers.Dense(1)),
    "masking_simple_rnn": lambda k: _sequential(
        k, k.layers.Masking(0.0), k.layers.SimpleRNN(4), k.layers.Dense(1), features=True),
    "masking_lstm_max_pool": lambda k: _sequential(  # GlobalMaxPooling1D does not support masking: all steps
        k, k.layers.Masking(0.0), k.layers.LSTM(3, return_sequences=True), k.layers.GlobalMaxPooling1D(),
        k.layers.Dense(1), features=True),
    # Training moments over the kept steps only; TimeDistributed hands step i's mask to the wrapped layer.
    "embedding_batchnorm_time_distributed": lambda k: _sequential(
        k, _embedding(k), k.layers.BatchNormalization(), k.layers.Dense(3, activation="tanh"),
        k.layers.TimeDistributed(k.layers.BatchNormalization()), k.layers.LSTM(3), k.layers.Dense(1)),
    "functional_merge": _functional,
    "functional_attention": _attention,
    # The layers of the other families that take a mask: RNN over a stack of cells read backwards (the later cells
    # get the mask reversed), Attention and GroupQueryAttention (query and value masks), in Functional graphs.
    "embedding_rnn_stacked_cells_backwards": lambda k: _sequential(
        k, _embedding(k), k.layers.RNN([k.layers.LSTMCell(3), k.layers.GRUCell(2)], go_backwards=True,
                                       return_sequences=True), k.layers.GlobalAveragePooling1D(), k.layers.Dense(1)),
    # TimeDistributed passes the (batch, steps) mask on to a ConvLSTM, which skips the masked frames.
    "embedding_frames_conv_lstm": lambda k: _sequential(
        k, k.layers.Embedding(VOCAB, 4, mask_zero=True), k.layers.TimeDistributed(k.layers.Reshape((2, 2, 1))),
        k.layers.ConvLSTM2D(2, 2, padding="same", return_sequences=True), k.layers.TimeDistributed(k.layers.Flatten()),
        k.layers.GlobalAveragePooling1D(), k.layers.Dense(1)),
    "functional_dot_attention": lambda k: _dot_attention(k, k.layers.Attention(use_scale=True)),
    "functional_additive_attention_causal": lambda k: _dot_attention(k, k.layers.AdditiveAttention(), causal=True),
    "functional_group_query_attention": lambda k: _dot_attention(k, k.layers.GroupQueryAttention(2, 2, 1)),
    # return_sequences=True: the output keeps the mask, so the loss and the metric skip the padding.
    "sequence_output": lambda k: _sequential(
        k, _embedding(k), k.layers.LSTM(3, return_sequences=True), k.layers.Dense(1)),
}


def _inputs(case):
    return padded_features() if case.startswith("masking") else padded_tokens()


def _targets(case):
    shape = (ROWS, STEPS, 1) if case == "sequence_output" else (ROWS, 1)
    return np.random.default_rng(3).normal(size=shape).astype(np.float32)


def _keras_model(case):
    import keras

    keras.utils.set_random_seed(1)
    return CASES[case](keras)


def _config(model):
    return json.loads(json.dumps(keras_config(model)))


def keras_config(model):
    import keras

    return keras.saving.serialize_keras_object(model)


def _pair(case):
    model = _keras_model(case)
    ours = bridge.get_engine("torch").model_from_config(_config(model))
    ours.set_weights([np.asarray(w) for w in model.get_weights()])
    return model, ours


@needs_keras
@pytest.mark.parametrize("case", sorted(CASES))
def test_predict_fit_and_weights_match_keras(case):
    import keras

    model, ours = _pair(case)
    x, y = _inputs(case), _targets(case)
    assert_close(ours.predict(x.astype(np.float32)), model.predict(x, verbose=0), "predict")
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse", metrics=["mae"])
    ours.compile(optimizer={"class_name": "Adam", "config": {"learning_rate": 0.05}}, loss="mse", metrics=["mae"])
    expected = model.fit(x, y, epochs=3, batch_size=4, shuffle=False, verbose=0).history
    got = ours.fit(x.astype(np.float32), y, epochs=3, batch_size=4, shuffle=False)["history"]
    assert sorted(got) == sorted(expected)
    for key in expected:
        assert_close(got[key], expected[key], f"history {key}")
    for i, (a, e) in enumerate(zip(ours.get_weights(), model.get_weights())):
        assert_close(a, np.asarray(e), f"weight {i}")
    assert_close(ours.evaluate(x.astype(np.float32), y, batch_size=4)["loss"],
                 model.evaluate(x, y, batch_size=4, verbose=0)[0], "evaluate")


@needs_keras
def test_the_sequence_loss_skips_padded_steps():
    """The masked mean is not the plain mean over every step: the check above cannot pass by accident."""
    model, ours = _pair("sequence_output")
    x, y = _inputs("sequence_output"), _targets("sequence_output")
    ours.compile(optimizer="sgd", loss="mse")
    pred = ours.predict(x.astype(np.float32))
    keep = (x != 0)[..., None]
    masked = float(np.sum((pred - y) ** 2 * keep) / keep.sum())
    assert abs(ours.evaluate(x.astype(np.float32), y, batch_size=ROWS)["loss"] - masked) <= 1e-5 * masked
    assert abs(float(np.mean((pred - y) ** 2)) - masked) > 1e-3


@needs_keras
def test_attention_dropout_path_predicts_like_keras():
    """With dropout MultiHeadAttention takes its einsum path, whose masked Softmax differs from the additive mask."""
    import keras

    keras.utils.set_random_seed(1)
    model = _attention(keras, dropout=0.3)
    ours = bridge.get_engine("torch").model_from_config(_config(model))
    ours.set_weights([np.asarray(w) for w in model.get_weights()])
    x = padded_tokens()
    assert_close(ours.predict(x.astype(np.float32)), model.predict(x, verbose=0), "predict")


@needs_keras
@pytest.mark.parametrize("case", ["embedding_lstm", "masking_simple_rnn", "functional_merge", "functional_attention"])
def test_files_round_trip_both_ways(case, tmp):
    import contextlib
    import io

    import keras

    model, _ = _pair(case)
    x = _inputs(case)
    expected = model.predict(x, verbose=0)
    model.save(tmp("keras.keras"))
    ours = bridge.get_engine("torch").load_model(tmp("keras.keras"))
    assert_close(ours.predict(x.astype(np.float32)), expected, "loaded .keras")
    theirs = json.loads(json.dumps(keras_config(model)))
    assert ours.config()["config"]["layers"] == theirs["config"]["layers"]
    printed = io.StringIO()  # Functional: the mask ops (NotEqual, LogicalOr, Any, ...) have rows and connections
    with contextlib.redirect_stdout(printed):
        model.summary()
    assert ours.summary() == printed.getvalue()
    ours.save(tmp("torch.keras"))
    back = keras.saving.load_model(tmp("torch.keras"))
    assert_close(back.predict(x, verbose=0), expected, "Keras reading the engine's .keras")
    again = bridge.get_engine("torch").load_model(tmp("torch.keras"))
    assert np.array_equal(again.predict(x.astype(np.float32)), ours.predict(x.astype(np.float32)))
    model.save_weights(tmp("keras.weights.h5"))
    fresh = bridge.get_engine("torch").model_from_config(theirs)
    fresh.load_weights(tmp("keras.weights.h5"))
    assert_close(fresh.predict(x.astype(np.float32)), expected, ".weights.h5")


# ------------------------------------------------------------------ the engine alone

def _engine_model(layers, input_shape=(None, STEPS), dtype="int32"):
    entries = [{"class_name": "InputLayer", "config": {"batch_shape": list(input_shape), "dtype": dtype}}]
    entries += [{"class_name": name, "config": config} for name, config in layers]
    return bridge.get_engine("torch").model_from_config({"class_name": "Sequential", "config": {"layers": entries}})


def test_masked_steps_leave_the_last_output_unchanged():
    """Padding anywhere (left, right, middle) gives the output of the tokens alone."""
    model = _engine_model([("Embedding", {"input_dim": VOCAB, "output_dim": 4, "mask_zero": True}),
                           ("LSTM", {"units": 3})])
    tokens = np.array([[3, 5, 7]], np.float32)
    alone = _engine_model([("Embedding", {"input_dim": VOCAB, "output_dim": 4}), ("LSTM", {"units": 3})],
                          input_shape=(None, 3))
    alone.set_weights(model.get_weights())
    expected = alone.predict(tokens)
    for padded in ([0, 0, 0, 0, 3, 5, 7], [3, 5, 7, 0, 0, 0, 0], [3, 0, 5, 0, 0, 7, 0]):
        got = model.predict(np.array([padded], np.float32))
        np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-7)


def test_masking_layer_zeroes_masked_steps_and_is_written_back():
    model = _engine_model([("Masking", {"mask_value": -1.0})], input_shape=(None, 3, 2), dtype="float32")
    x = np.array([[[1.0, -1.0], [-1.0, -1.0], [0.0, 2.0]]], np.float32)
    np.testing.assert_array_equal(model.predict(x), [[[1.0, -1.0], [0.0, 0.0], [0.0, 2.0]]])
    entry = model.config()["config"]["layers"][1]
    assert entry["class_name"] == "Masking" and entry["config"]["mask_value"] == -1.0
    with pytest.raises(ValueError, match="mask_value"):
        _engine_model([("Masking", {"mask_value": "zero"})], input_shape=(None, 3, 2), dtype="float32")


def test_a_mask_softmax_cannot_broadcast_is_refused_by_name():
    """Keras's Softmax refuses a mask that does not broadcast to its inputs as they stand ((12, 7) against (12, 7, 4))."""
    model = _engine_model([("Embedding", {"input_dim": VOCAB, "output_dim": 4, "mask_zero": True}),
                           ("Softmax", {})])
    with pytest.raises(ValueError, match=r"'softmax.*' \(Softmax\): the mask must be broadcastable .* \(12, 7\)"):
        model.predict(padded_tokens().astype(np.float32))


def test_masked_softmax_zeroes_masked_positions():
    """The mask (batch, steps) broadcasts to (batch, steps): masked positions get 0, the rest sum to 1."""
    import torch

    from kerasbridge.torch_engine.activation_layers import Softmax

    x = torch.tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]])
    mask = torch.tensor([[True, False, True], [False, False, False]])
    y = Softmax({"name": "s"}).call(x, False, mask=mask)
    expected = torch.softmax(torch.tensor([1.0, 3.0]), -1)
    assert torch.allclose(y[0], torch.stack([expected[0], torch.tensor(0.0), expected[1]]))
    assert torch.equal(y[1], torch.zeros(3))


def test_models_without_masks_keep_the_plain_path():
    plain = _engine_model([("Embedding", {"input_dim": VOCAB, "output_dim": 4}), ("LSTM", {"units": 3})])
    assert not plain._masked
    masked = _engine_model([("Embedding", {"input_dim": VOCAB, "output_dim": 4, "mask_zero": True}),
                            ("LSTM", {"units": 3})])
    assert masked._masked


@needs_keras
def test_two_outputs_mask_only_the_sequence_output():
    """A per-step output (masked loss and metric) next to a pooled one (no mask): per-output losses, metrics and the
    total follow Keras's history."""
    import keras

    keras.utils.set_random_seed(1)
    tokens = keras.Input((STEPS,), dtype="int32", name="tokens")
    h = keras.layers.GRU(3, return_sequences=True)(_embedding(keras)(tokens))
    per_step = keras.layers.Dense(1, name="per_step")(h)
    pooled = keras.layers.Dense(2, activation="softmax", name="pooled")(keras.layers.GlobalAveragePooling1D()(h))
    model = keras.Model(tokens, [per_step, pooled])
    ours = bridge.get_engine("torch").model_from_config(_config(model))
    ours.set_weights([np.asarray(w) for w in model.get_weights()])
    x, rng = padded_tokens(), np.random.default_rng(4)
    y = [rng.normal(size=(ROWS, STEPS, 1)).astype(np.float32), rng.integers(0, 2, size=(ROWS,)).astype(np.int64)]
    losses, metrics = ["mse", "sparse_categorical_crossentropy"], [["mae"], ["accuracy"]]
    model.compile(keras.optimizers.Adam(0.05), losses, metrics=metrics)
    ours.compile({"class_name": "Adam", "config": {"learning_rate": 0.05}}, losses, metrics=metrics)
    expected = model.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0).history
    got = ours.fit(x.astype(np.float32), y, epochs=2, batch_size=4, shuffle=False)["history"]
    assert sorted(got) == sorted(expected)
    for key in expected:
        assert_close(got[key], expected[key], f"history {key}")


@needs_keras
def test_concatenating_a_masked_and_an_unmasked_input():
    """Concatenate's compute_mask gives the unmasked input ones (Keras records ExpandDims, ZerosLike, LogicalOr,
    OnesLike, Concatenate and Any ops for it): the LSTM skips the steps the tokens pad, whatever the features."""
    import contextlib
    import io

    import keras

    keras.utils.set_random_seed(1)
    tokens, features = keras.Input((STEPS,), dtype="int32"), keras.Input((STEPS, 2))
    h = keras.layers.Concatenate()([_embedding(keras)(tokens), features])
    model = keras.Model([tokens, features], keras.layers.Dense(1)(keras.layers.LSTM(3)(h)))
    ours = bridge.get_engine("torch").model_from_config(_config(model))
    ours.set_weights([np.asarray(w) for w in model.get_weights()])
    x = [padded_tokens(), np.random.default_rng(2).normal(size=(ROWS, STEPS, 2)).astype(np.float32)]
    assert_close(ours.predict([x[0].astype(np.float32), x[1]]), model.predict(x, verbose=0), "predict")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        model.summary()
    assert ours.summary() == printed.getvalue()
