"""RNN(cell) (SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells) and ConvLSTM1D/2D/3D on the PyTorch engine held
against real Keras 3.15.1 (torch_engine/rnn_cells.py, conv_lstm.py).

1. Models built with real Keras in the test (seeded, tiny): the PyTorch engine loads the .keras file and predicts
   within 1e-4 relative (floor 1e-2), prints Keras's summary, writes Keras's config back (the cell as a serialized
   object with its step-shaped build_config, StackedRNNCells' cells list); Keras opens the engine's .keras; the
   .weights.h5 files go both ways (layers/rnn/cell/vars, layers/rnn/cell/cells/lstm_cell_1/vars, ...), and Keras's
   legacy .h5 loads too.
2. Two epochs of fit from the same initial weights: every history value and every weight after fit within 1e-4.
3. Dropout by its defining properties; refused options name the layer and the option.
Parts 1 and 2 skip without Keras.
"""

import json

import numpy as np
import pytest
import torch

from conftest import keras_available
from kerasbridge import bridge
from test_layer_fixtures_recurrent import TOLERANCE, _as_list as as_list, assert_runs_like_keras, rel_error

needs_keras = pytest.mark.skipif(not keras_available(), reason="real Keras is not installed")


def assert_close(got, expected):
    got, expected = as_list(got), as_list(expected)
    assert len(got) == len(expected)
    for a, e in zip(got, expected):
        assert rel_error(a, e) <= TOLERANCE


def _sequential(k, shape, layer):
    return k.Sequential([k.Input(shape), layer])


def _functional(k, shape, layer):
    x = k.Input(shape)
    return k.Model(x, list(k.tree.flatten(layer(x))))


CASES = {
    "lstm_cell": lambda k, L: _sequential(k, (5, 3), L.RNN(L.LSTMCell(4))),
    "gru_cell_reset_before_backwards": lambda k, L: _sequential(k, (5, 3), L.RNN(
        L.GRUCell(3, reset_after=False), return_sequences=True, go_backwards=True)),
    "simple_rnn_cell_unrolled": lambda k, L: _sequential(k, (5, 3), L.RNN(
        L.SimpleRNNCell(4, activation="relu", use_bias=False), unroll=True)),
    "lstm_cell_return_state": lambda k, L: _functional(k, (5, 3), L.RNN(
        L.LSTMCell(3, unit_forget_bias=False), return_state=True, return_sequences=True)),
    "stacked_list": lambda k, L: _sequential(k, (5, 3), L.RNN(
        [L.LSTMCell(4), L.SimpleRNNCell(3), L.LSTMCell(2)], return_sequences=True)),
    "stacked_cells_state_backwards": lambda k, L: _functional(k, (5, 3), L.RNN(
        L.StackedRNNCells([L.LSTMCell(4), L.GRUCell(3)]), return_state=True, go_backwards=True)),
    "conv_lstm2d_same_sequences": lambda k, L: _sequential(k, (3, 6, 6, 2), L.ConvLSTM2D(
        3, 3, padding="same", return_sequences=True)),
    "conv_lstm2d_channels_first_strides": lambda k, L: _sequential(k, (3, 2, 7, 7), L.ConvLSTM2D(
        2, (3, 2), strides=2, data_format="channels_first", use_bias=False)),
    "conv_lstm1d_dilated_state_backwards": lambda k, L: _functional(k, (4, 7, 3), L.ConvLSTM1D(
        2, 2, dilation_rate=2, padding="same", return_state=True, go_backwards=True)),
    "conv_lstm3d": lambda k, L: _sequential(k, (2, 4, 4, 4, 1), L.ConvLSTM3D(2, 2, activation="relu")),
    "bidirectional_stacked_cells": lambda k, L: _sequential(k, (5, 3), L.Bidirectional(
        L.RNN([L.LSTMCell(3), L.GRUCell(2)], return_sequences=True), merge_mode="sum")),
    "bidirectional_conv_lstm2d": lambda k, L: _sequential(k, (3, 5, 5, 1), L.Bidirectional(L.ConvLSTM2D(2, 3))),
}


@needs_keras
@pytest.mark.parametrize("case", sorted(CASES))
def test_keras_built_model_runs_the_same_on_torch(case, tmp):
    import keras

    keras.utils.set_random_seed(7)
    model = CASES[case](keras, keras.layers)
    x = np.random.default_rng(11).normal(size=(3,) + tuple(model.input_shape[1:])).astype(np.float32)
    expected = assert_runs_like_keras(model, x, tmp)
    # A model Keras builds from the config alone reads the engine's weights file; Keras's legacy .h5 loads here.
    engine = bridge.get_engine("torch")
    ours = engine.load_model(tmp("keras.keras"))
    ours.save_weights(tmp("torch.weights.h5"))
    fresh_keras = keras.models.model_from_json(json.dumps(ours.config()))
    fresh_keras.load_weights(tmp("torch.weights.h5"))
    assert_close(fresh_keras.predict(x, verbose=0), expected)
    model.save(tmp("legacy.h5"))
    assert_close(engine.load_model(tmp("legacy.h5")).predict(x), expected)


def test_stacked_cells_weight_paths_and_names():
    """Keras's weight-file groups for a stack: cell/cells/<class>, _1 for the second cell of a class, named after the cell."""
    engine = bridge.get_engine("torch")
    cells = [{"class_name": c, "config": {"name": n, "units": 2}} for c, n in
             (("LSTMCell", "a"), ("GRUCell", "b"), ("LSTMCell", "c"))]
    model = engine.model_from_config({"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, 4, 3], "name": "in"}},
        {"class_name": "RNN", "config": {"name": "r", "cell": cells}}]}})
    model.predict(np.zeros((1, 4, 3), np.float32))
    layer = model.layers[0]
    assert [(g, owner, len(v)) for g, owner, v in layer.variable_groups()] == [
        ("", "r", 0), ("cell", "stacked_rnn_cells", 0), ("cell/cells/lstm_cell", "a", 3),
        ("cell/cells/gru_cell", "b", 3), ("cell/cells/lstm_cell_1", "c", 3)]
    cell = model.config()["config"]["layers"][1]["config"]["cell"]
    assert cell["class_name"] == "StackedRNNCells" and cell["build_config"] == {"input_shape": [None, 3]}
    assert [c["build_config"]["input_shape"] for c in cell["config"]["cells"]] == [[None, 3], [None, 2], [None, 2]]


# ------------------------------------------------------------------ 2. training like Keras

TRAINING = {
    "lstm_cell": ((6, 3), lambda L: L.RNN(L.LSTMCell(4))),
    "gru_cell": ((6, 3), lambda L: L.RNN(L.GRUCell(4), go_backwards=True)),
    "stacked": ((6, 3), lambda L: L.RNN([L.LSTMCell(3), L.GRUCell(3, reset_after=False), L.SimpleRNNCell(2)])),
    "conv_lstm2d": ((3, 5, 5, 1), lambda L: L.ConvLSTM2D(2, 3, padding="same")),
}


@needs_keras
@pytest.mark.parametrize("case", sorted(TRAINING))
def test_training_follows_keras_history(case, tmp):
    import keras

    keras.utils.set_random_seed(3)
    shape, make = TRAINING[case]
    model = keras.Sequential([keras.Input(shape), make(keras.layers), keras.layers.Flatten(), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    rng = np.random.default_rng(0)
    x = rng.normal(size=(16,) + shape).astype(np.float32)
    y = (x.reshape(16, -1).sum(axis=1) * 0.1)[:, None].astype(np.float32)
    model.save(tmp("start.keras"))
    ours = bridge.get_engine("torch").load_model(tmp("start.keras"))
    expected = model.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0).history
    got = ours.fit(x, y, epochs=2, batch_size=8, shuffle=False)["history"]
    assert sorted(got) == sorted(expected)
    for key in expected:
        assert np.allclose(got[key], expected[key], rtol=1e-4, atol=1e-6), (key, got[key], expected[key])
    weights, keras_weights = ours.get_weights(), model.get_weights()
    assert len(weights) == len(keras_weights)
    for a, e in zip(weights, keras_weights):
        assert np.allclose(a, e, rtol=1e-4, atol=1e-6)


# ------------------------------------------------------------------ 3. dropout, refusals

def _layer(config, shape):
    from kerasbridge.torch_engine.registry import layer_from_config

    torch.manual_seed(0)
    layer = layer_from_config(config)
    layer.build(shape, torch.device("cpu"))
    return layer


@pytest.mark.parametrize("cell", ["SimpleRNNCell", "LSTMCell", "GRUCell"])
def test_cell_dropout(cell):
    """A cell drops only for 0 < rate < 1 (Keras's cells: a rate of 1.0 drops nothing); otherwise training differs
    from inference, and with recurrent dropout the masks are drawn once per call (the same call twice under the
    same seed gives the same output)."""
    x = torch.randn(4, 5, 3, generator=torch.Generator().manual_seed(1))

    def rnn(**rates):
        return _layer({"class_name": "RNN", "config": {"cell": {"class_name": cell, "config": dict(units=3, **rates)}}},
                      (None, 5, 3))

    full = rnn(dropout=1.0, recurrent_dropout=1.0)
    assert torch.equal(full.call(x, True), full.call(x, False))
    half = rnn(dropout=0.5, recurrent_dropout=0.5)
    torch.manual_seed(5)
    first = half.call(x, True)
    torch.manual_seed(5)
    assert torch.equal(first, half.call(x, True))
    assert not torch.allclose(first, half.call(x, False))


def test_conv_lstm_dropout_masks_every_gate():
    """ConvLSTM draws four input masks (one per gate); the masked input changes the training output only."""
    x = torch.randn(2, 3, 4, 4, 1, generator=torch.Generator().manual_seed(1))
    layer = _layer({"class_name": "ConvLSTM2D", "config": {"filters": 2, "kernel_size": 3, "padding": "same",
                                                           "dropout": 0.5, "recurrent_dropout": 0.3}}, (None, 3, 4, 4, 1))
    assert not torch.allclose(layer.call(x, True), layer.call(x, False))
    assert torch.equal(layer.call(x, False), layer.call(x, False))
    full = _layer({"class_name": "ConvLSTM2D", "config": {"filters": 2, "kernel_size": 3, "dropout": 1.0}},
                  (None, 3, 4, 4, 1))
    assert torch.equal(full.call(x, True), full.call(x, False))


def _model(layer, shape):
    return {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None] + shape, "name": "in"}}, layer]}}


@pytest.mark.parametrize("layer, shape, message", [
    ({"class_name": "RNN", "config": {"name": "r", "cell": {"class_name": "MinimalRNNCell", "config": {"units": 2}}}},
     [4, 3], r"'r'.*SimpleRNNCell, LSTMCell, GRUCell or StackedRNNCells.*'MinimalRNNCell'.*Keras engine"),
    ({"class_name": "RNN", "config": {"name": "r", "stateful": True, "cell": {"class_name": "LSTMCell",
                                                                             "config": {"units": 2}}}},
     [4, 3], r"'r'.*stateful=True is not supported"),
    ({"class_name": "RNN", "config": {"name": "r", "cell": {"class_name": "GRUCell", "config": {
        "name": "g", "units": 2, "activity_regularizer": {"class_name": "L2", "config": {"l2": 0.1}}}}}},
     [4, 3], r"'g' \(GRUCell\).*activity_regularizer"),
    ({"class_name": "RNN", "config": {"name": "r", "unroll": True, "cell": {"class_name": "LSTMCell",
                                                                           "config": {"units": 2}}}},
     [None, 3], r"'r'.*cannot unroll"),
    ({"class_name": "RNN", "config": {"name": "r", "cell": {"class_name": "StackedRNNCells", "config": {"cells": []}}}},
     [4, 3], r"'r'.*non-empty 'cells'"),
    ({"class_name": "LSTMCell", "config": {"name": "l", "units": 2}},
     [4, 3], r"'l' \(LSTMCell\) is an RNN cell.*wrap it in keras.layers.RNN"),
    ({"class_name": "ConvLSTM2D", "config": {"name": "c", "filters": 2, "kernel_size": 3, "stateful": True}},
     [3, 5, 5, 1], r"'c'.*stateful=True is not supported"),
    ({"class_name": "ConvLSTM2D", "config": {"name": "c", "filters": 2, "kernel_size": 3, "strides": 2,
                                             "dilation_rate": 2}},
     [3, 5, 5, 1], r"'c'.*strides > 1 cannot be combined with dilation_rate > 1"),
    ({"class_name": "ConvLSTM2D", "config": {"name": "c", "filters": 2, "kernel_size": 3}},
     [3, None, 5, 1], r"'c'.*known spatial sizes"),
    ({"class_name": "ConvLSTM1D", "config": {"name": "c", "filters": 2, "kernel_size": 3}},
     [3, 5, 5, 1], r"'c'.*rank 4"),
])
def test_refused_options_name_the_layer_and_option(layer, shape, message):
    with pytest.raises(ValueError, match=message):
        bridge.get_engine("torch").model_from_config(_model(layer, shape))


def test_freezing_a_built_rnn_reaches_its_cells():
    """Keras's trainable setter reaches the cell (and a stack's cells): their configs say trainable=false too."""
    engine = bridge.get_engine("torch")
    model = engine.model_from_config(_model({"class_name": "RNN", "config": {"name": "r", "cell": [
        {"class_name": "LSTMCell", "config": {"units": 2}}, {"class_name": "GRUCell", "config": {"units": 2}}]}},
        [4, 3]))
    model.predict(np.zeros((1, 4, 3), np.float32))
    model.set_trainable("r", False)
    cell = model.config()["config"]["layers"][1]["config"]["cell"]
    assert cell["config"]["trainable"] is False
    assert [c["config"]["trainable"] for c in cell["config"]["cells"]] == [False, False]
    assert model.count_params()[0] == 0


def test_symbolic_call_gives_every_state():
    """The C# Functional API's shape inference (kerasbridge.symbolic) returns one shape per output of return_state."""
    from kerasbridge import symbolic

    entry = {"class_name": "RNN", "config": {"name": "r", "return_state": True, "cell": [
        {"class_name": "LSTMCell", "config": {"units": 3}}, {"class_name": "GRUCell", "config": {"units": 2}}]}}
    answer = json.loads(symbolic.output_shapes(json.dumps(entry), json.dumps({"shapes": [[None, 5, 4]]})))
    assert answer["outputs"] == [[None, 2], [None, 3], [None, 3], [None, 2]]
    assert answer["kwargs"] == {"mask": None}
