"""TextVectorization pads each batch to its own longest row on the PyTorch engine (string_inputs.cut_batch), as Keras's
call does (keras/src/layers/preprocessing/text_vectorization.py: in "int" mode with a split and no
output_sequence_length, the ragged lookup result of the call's batch is densified with to_tensor; Keras's trainers call
the model, so the layer, once per fit/evaluate/predict batch). Without a mask, Embedding -> GlobalAveragePooling1D
then averages over that batch's padding only. Real Keras runs this layer only with TensorFlow, which this machine
lacks: the expected values are the explicit formula and the engine run batch by batch (each call a single batch)."""

import numpy as np
import pytest
import torch

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.engine import TorchEngine

VOCAB = ["a", "b", "c"]  # indices 2, 3, 4 (0: padding "", 1: OOV)
# Batches of 2: longest rows 5, 2 and 3 tokens.
TEXTS = np.array([["a b c d a"], ["a"], ["b c"], ["c b"], ["a a a"], [""]])
Y = np.array([[1.0], [0.0], [1.0], [0.0], [1.0], [0.0]], np.float32)
INDICES = [[2, 3, 4, 1, 2], [2], [3, 4], [4, 3], [2, 2, 2], []]


def _text_input(name="text"):
    return {"class_name": "InputLayer", "name": name, "inbound_nodes": [],
            "config": {"batch_shape": [None, 1], "dtype": "string", "name": name}}


def _sequential(vectorize, head):
    return {"class_name": "Sequential", "config": {"name": "texts", "layers": [
        _text_input(), {"class_name": "TextVectorization", "config": dict(vectorize, name="text_vectorization")},
    ] + head}}


EMBEDDING = {"class_name": "Embedding", "config": {"name": "embedding", "input_dim": 5, "output_dim": 2}}
POOLED = [EMBEDDING, {"class_name": "GlobalAveragePooling1D", "config": {"name": "pool"}},
          {"class_name": "Dense", "config": {"name": "dense", "units": 1}}]


def _pooled_model(seed=3, **vectorize):
    engine = TorchEngine()
    engine.set_random_seed(seed)
    return engine.model_from_config(_sequential(dict({"vocabulary": VOCAB}, **vectorize), POOLED))


def _pooled(model, rows, batch_size):
    """Each row's embeddings padded with index 0 to the longest row of its batch, averaged."""
    (embeddings,) = model.get_layer_weights("embedding")
    out = []
    for start in range(0, len(rows), batch_size):
        batch = rows[start:start + batch_size]
        width = max(len(r) for r in batch)
        out += [embeddings[r + [0] * (width - len(r))].mean(0) for r in batch]
    return np.array(out)


def _by_formula(model, rows, batch_size):
    kernel, bias = model.get_layer_weights("dense")
    return _pooled(model, rows, batch_size) @ kernel + bias


def test_predict_pads_each_batch_to_its_longest_row():
    model = _pooled_model()
    assert model.layers[0].pads_per_batch
    got = model.predict(TEXTS, batch_size=2)
    np.testing.assert_allclose(got, _by_formula(model, INDICES, 2), rtol=1e-5, atol=1e-7)
    # The engine on each batch alone (one batch per call) gives the same numbers.
    np.testing.assert_array_equal(got, np.concatenate([model.predict(TEXTS[i:i + 2]) for i in range(0, 6, 2)]))
    np.testing.assert_array_equal(model.predict(TEXTS, batch_size=2, verbose=2), got)  # the progress bar's loop
    # One batch of all six rows pads them all to 5, which changes the short rows' averages.
    whole = model.predict(TEXTS, batch_size=6)
    np.testing.assert_allclose(whole, _by_formula(model, INDICES, 6), rtol=1e-5, atol=1e-7)
    assert np.abs(whole[2:] - got[2:]).max() > 1e-3
    # Batches of 4 then 2 (the last batch is shorter): widths 5 and 3.
    np.testing.assert_allclose(model.predict(TEXTS, batch_size=4), _by_formula(model, INDICES, 4), rtol=1e-5,
                               atol=1e-7)


def test_fit_and_evaluate_take_each_batch_padded_to_its_own_longest_row():
    whole, by_batch = _pooled_model(), _pooled_model()
    for model in (whole, by_batch):
        model.compile(optimizer="sgd", loss="mse")
    history = whole.fit(TEXTS, Y, epochs=1, batch_size=2, shuffle=False)["history"]
    # One fit call per batch: the layer sees each batch alone; the epoch loss is the mean of the batch losses.
    losses = [by_batch.fit(TEXTS[i:i + 2], Y[i:i + 2], epochs=1, batch_size=2, shuffle=False)["history"]["loss"][0]
              for i in range(0, 6, 2)]
    np.testing.assert_allclose(history["loss"][0], np.mean(losses), rtol=1e-5)
    for a, b in zip(whole.get_weights(), by_batch.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7)
    evaluated = whole.evaluate(TEXTS, Y, batch_size=2)["loss"]
    expected = np.mean((_by_formula(whole, INDICES, 2) - Y) ** 2)
    np.testing.assert_allclose(evaluated, expected, rtol=1e-5)
    # validation_split takes the last rows after vectorizing all of them: their batches are cut to their own rows.
    val = whole.fit(TEXTS, Y, epochs=1, batch_size=2, shuffle=False, validation_split=1 / 3)["history"]
    np.testing.assert_allclose(val["val_loss"][0], whole.evaluate(TEXTS[4:], Y[4:], batch_size=2)["loss"], rtol=1e-5)


def test_shuffled_fit_cuts_each_shuffled_batch():
    # A batch of the shuffled order gets the width of its own rows: same weights as fitting those batches one by one.
    model, by_batch = _pooled_model(), _pooled_model()
    for m in (model, by_batch):
        m.compile(optimizer="sgd", loss="mse")
    torch.manual_seed(11)
    order = torch.randperm(6).numpy()
    torch.manual_seed(11)
    model.fit(TEXTS, Y, epochs=1, batch_size=2, shuffle=True)
    for i in range(0, 6, 2):
        by_batch.fit(TEXTS[order[i:i + 2]], Y[order[i:i + 2]], epochs=1, batch_size=2, shuffle=False)
    for a, b in zip(model.get_weights(), by_batch.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7)


def test_output_sequence_length_keeps_every_batch_at_that_length():
    model = _pooled_model(output_sequence_length=4)
    assert not model.layers[0].pads_per_batch
    fixed = [(r + [0] * 4)[:4] for r in INDICES]
    for batch_size in (2, 6):
        np.testing.assert_allclose(model.predict(TEXTS, batch_size=batch_size), _by_formula(model, fixed, 6),
                                   rtol=1e-5, atol=1e-7)


def test_a_batch_of_empty_rows_is_zero_wide():
    # RaggedTensor.to_tensor of a batch of empty rows is (batch, 0): the sequence output has no steps, and an average
    # over no steps is nan, as Keras's ops.mean of an empty axis on torch.
    engine = TorchEngine()
    sequences = engine.model_from_config(_sequential({"vocabulary": VOCAB}, [EMBEDDING]))
    empty = np.array([[""], ["  "]])
    assert sequences.predict(empty).shape == (2, 0, 2)
    pooled = _pooled_model().predict(np.concatenate([TEXTS[:2], empty]), batch_size=2)
    assert np.isfinite(pooled[:2]).all() and np.isnan(pooled[2:]).all()
    # A layer that cannot take 0 steps (torch's LSTM, as Keras's on torch) is named as refusing the empty texts.
    lstm = engine.model_from_config(_sequential({"vocabulary": VOCAB}, [
        EMBEDDING, {"class_name": "LSTM", "config": {"name": "lstm", "units": 1}}]))
    lstm.compile(optimizer="sgd", loss="mse")
    texts = np.concatenate([TEXTS[:2], empty])
    assert np.isfinite(lstm.predict(texts, batch_size=4)).all()
    for run in (lambda: lstm.predict(texts, batch_size=2), lambda: lstm.fit(texts, Y[:4], batch_size=2, shuffle=False),
                lambda: lstm.evaluate(texts, Y[:4], batch_size=2)):
        with pytest.raises(InvalidArgumentError, match="argument 'x': every text of a batch is empty.*0 steps"):
            run()


def test_sequence_outputs_of_different_lengths_are_refused_by_predict():
    engine = TorchEngine()
    model = engine.model_from_config(_sequential({"vocabulary": VOCAB}, [EMBEDDING]))
    # Keras's predict fails to concatenate batches 5 and 2 steps long; the engine names the cause.
    message = "'batch_size' splits .* differ along axis 1 .5 in batch 0, 2 in batch 1.*output_sequence_length"
    with pytest.raises(InvalidArgumentError, match=message):
        model.predict(TEXTS, batch_size=2)
    (embeddings,) = model.get_layer_weights("embedding")
    whole = model.predict(TEXTS, batch_size=6)
    assert whole.shape == (6, 5, 2)
    np.testing.assert_array_equal(whole[3], embeddings[[4, 3, 0, 0, 0]])
    np.testing.assert_array_equal(model.predict(TEXTS[2:4], batch_size=2), embeddings[[[3, 4], [4, 3]]])


def _node(*sources):
    tensors = [{"class_name": "__keras_tensor__", "config": {"shape": None, "dtype": "float32",
                                                             "keras_history": [s, 0, 0]}} for s in sources]
    return [{"args": [tensors] if len(tensors) > 1 else tensors, "kwargs": {}}]


def test_functional_model_pads_its_string_input_per_batch():
    engine = TorchEngine()
    engine.set_random_seed(5)
    layers = [
        _text_input(), {"class_name": "InputLayer", "name": "number", "inbound_nodes": [],
                        "config": {"batch_shape": [None, 1], "dtype": "float32", "name": "number"}},
        {"class_name": "TextVectorization", "name": "text_vectorization", "inbound_nodes": _node("text"),
         "config": {"name": "text_vectorization", "vocabulary": VOCAB}},
        dict(EMBEDDING, name="embedding", inbound_nodes=_node("text_vectorization")),
        {"class_name": "GlobalAveragePooling1D", "name": "pool", "config": {"name": "pool"},
         "inbound_nodes": _node("embedding")},
        {"class_name": "Concatenate", "name": "join", "config": {"name": "join"},
         "inbound_nodes": _node("number", "pool")},
        {"class_name": "Dense", "name": "dense", "config": {"name": "dense", "units": 1},
         "inbound_nodes": _node("join")},
    ]
    model = engine.model_from_config({"class_name": "Functional", "config": {
        "name": "f", "input_layers": [["text", 0, 0], ["number", 0, 0]], "output_layers": [["dense", 0, 0]],
        "layers": layers}})
    numbers = np.arange(6, dtype=np.float32)[:, None]
    got = model.predict([TEXTS, numbers], batch_size=2)
    kernel, bias = model.get_layer_weights("dense")
    expected = np.concatenate([numbers, _pooled(model, INDICES, 2)], 1) @ kernel + bias
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)
    model.compile(optimizer="sgd", loss="mse")
    evaluated = model.evaluate([TEXTS, numbers], Y, batch_size=2)["loss"]
    np.testing.assert_allclose(evaluated, np.mean((got - Y) ** 2), rtol=1e-5)
