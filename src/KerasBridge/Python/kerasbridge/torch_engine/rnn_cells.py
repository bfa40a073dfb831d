"""Keras's generic recurrent layer `RNN(cell)` on the PyTorch engine, with the cells SimpleRNNCell, LSTMCell, GRUCell
and StackedRNNCells (a list of cells).

Sources: keras/src/layers/rnn/rnn.py (RNN: the options, the cell or list of cells, `output, *states`),
stacked_rnn_cells.py (each step runs the cells in turn, the output of one the input of the next; the states nested
per cell), simple_rnn.py, lstm.py, gru.py (the cells' arithmetic and get_config), dropout_rnn_cell.py.

Each cell runs as the recurrent layer of the same arithmetic in torch_engine/recurrent.py (SimpleRNN, LSTM, GRU:
Keras's LSTM and GRU layers are an RNN over those very cells), set to the RNN's options. A stack of cells is the
same as the cells run one after another over the whole sequence: step t of cell k only needs step t of cell k-1 and
step t-1 of itself. So cell k < last returns its sequence, only the first cell reads the input backwards
(go_backwards), and the states are the cells' final states in order (Keras's nested [[h, c], h] flattened, as its
Functional graph numbers them).

What differs from the LSTM/GRU layers is bookkeeping: the cells' own config (Keras's key order, no RNN options),
their build_config (the step shape), and the weight files' paths: `layers/rnn/cell/vars` for one cell,
`layers/rnn/cell/cells/<lstm_cell|lstm_cell_1|gru_cell...>/vars` for a stack (saving_lib names the list entries
by class, _1, _2 per class), each group named after the cell. As in Keras, a cell's dropout of exactly 1.0 drops
nothing (the cells test 0 < rate < 1).
Not supported (refused with a message): custom cells, stateful=True, a cell activity_regularizer, initial_state.
"""

import torch

from kerasbridge.torch_engine import naming
from kerasbridge.torch_engine.layers import Layer
from kerasbridge.torch_engine.recurrent import _RNN_OPTIONS, GRU, LSTM, SimpleRNN
from kerasbridge.torch_engine.serialization import dtype_policy, keras_object, shape_to_json

_KEY_ORDER_TAIL = ("kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "kernel_constraint",
                   "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout")
_INITIALIZERS = ("kernel_initializer", "recurrent_initializer", "bias_initializer")


class _Cell:
    """What turns a recurrent layer of recurrent.py into the Keras cell of the same arithmetic; `config_keys` is the
    cell's get_config order."""

    config_keys = ()

    def __init__(self, config, rnn_options):
        config = dict(config)
        if config.get("activity_regularizer") is not None:
            raise ValueError(f"Layer '{config.get('name')}' ({self.class_name}): a cell's activity_regularizer is not "
                             "supported by the PyTorch engine; put it on the RNN layer.")
        super().__init__(dict(config, **rnn_options))
        # The cells drop only for 0 < rate < 1 (lstm.py, gru.py, simple_rnn.py call()); the config keeps the rate.
        self.config_rates = (self.dropout, self.recurrent_dropout)
        self.dropout = self.dropout if self.dropout < 1.0 else 0.0
        self.recurrent_dropout = self.recurrent_dropout if self.recurrent_dropout < 1.0 else 0.0

    def _uses_cell_masks(self):
        return self.config_rates[1] != 0.0  # implementation=1 as soon as recurrent_dropout != 0

    def layer_config(self):
        values = {"units": self.units, "activation": self.activation_name, "use_bias": self.use_bias,
                  "recurrent_activation": getattr(self, "recurrent_activation_name", None),
                  "unit_forget_bias": getattr(self, "unit_forget_bias", None),
                  "reset_after": getattr(self, "reset_after", None), "seed": self.seed,
                  "dropout": self.config_rates[0], "recurrent_dropout": self.config_rates[1]}
        values.update(self._initializers())
        return {key: values.get(key) for key in self.config_keys}  # regularizers/constraints: get_config fills them

    def serialize(self):
        """Keras's entry for the cell; its build_config is the shape of one step, (batch, features)."""
        entry = keras_object("keras.layers", self.class_name, self.get_config())
        if self.built:
            entry["build_config"] = {"input_shape": shape_to_json((self.input_shape[0],) + tuple(self.input_shape[2:]))}
        return entry


class SimpleRNNCell(_Cell, SimpleRNN):
    class_name = "SimpleRNNCell"
    config_keys = ("units", "activation", "use_bias") + _INITIALIZERS + _KEY_ORDER_TAIL + ("seed",)


class LSTMCell(_Cell, LSTM):
    class_name = "LSTMCell"
    config_keys = (("units", "activation", "recurrent_activation", "use_bias", "unit_forget_bias") + _INITIALIZERS
                   + _KEY_ORDER_TAIL + ("seed",))


class GRUCell(_Cell, GRU):
    class_name = "GRUCell"
    config_keys = (("units", "activation", "recurrent_activation", "use_bias") + _INITIALIZERS + _KEY_ORDER_TAIL
                   + ("reset_after", "seed"))


CELL_CLASSES = {cls.class_name: cls for cls in (SimpleRNNCell, LSTMCell, GRUCell)}


def read_rnn_options(layer):
    """The RNN's own options (rnn.py) as the layer's attributes; stateful=True refused, as recurrent.py does."""
    for key in _RNN_OPTIONS:
        setattr(layer, key, bool(layer.options[key]))
    if layer.stateful:
        raise ValueError(f"{layer.label}: stateful=True is not supported by the PyTorch engine; "
                         "use the Keras engine, or stateful=False.")


def check_unroll(layer, input_shape):
    """rnn.py call(): unroll needs a known number of steps."""
    if layer.unroll and input_shape[1] is None:
        raise ValueError(f"{layer.label}: cannot unroll a RNN if the time dimension is undefined (as in Keras); "
                         f"got input shape {shape_to_json(input_shape)}. Give the Input a fixed number of steps.")


def _cell_entries(label, entry):
    """(StackedRNNCells config or None, [cell entries]) of an RNN's 'cell' option."""
    if isinstance(entry, list):  # RNN([cells]): Keras wraps the list in a StackedRNNCells
        return {}, entry
    if isinstance(entry, dict) and entry.get("class_name") == "StackedRNNCells":
        config = dict(entry.get("config") or {})
        cells = config.pop("cells", None)
        if not isinstance(cells, list) or not cells:
            raise ValueError(f"{label}: StackedRNNCells needs a non-empty 'cells' list; got {cells!r}.")
        return config, cells
    return None, [entry]


def _cell_from_entry(label, entry, rnn_options):
    class_name = entry.get("class_name") if isinstance(entry, dict) else None
    cls = CELL_CLASSES.get(class_name)
    if cls is None:
        got = class_name or entry
        raise ValueError(f"{label}: 'cell' must be a serialized SimpleRNNCell, LSTMCell, GRUCell or StackedRNNCells "
                         f"(or a list of cells); got {got!r}. Custom cells run only on the Keras engine.")
    return cls(entry.get("config") or {}, rnn_options)


class RNN(Layer):
    """rnn.py: the cell (or the stack of cells) stepped over the time axis."""

    class_name = "RNN"
    has_build_config = True

    def __init__(self, config):
        self.cells = []
        super().__init__(config, dict(_RNN_OPTIONS, cell=None))
        o = self.options
        read_rnn_options(self)
        if o["cell"] is None:
            raise ValueError(f"{self.label}: 'cell' (a serialized RNN cell) is required.")
        stack, entries = _cell_entries(self.label, o["cell"])
        self.stack = None
        if stack is not None:  # the StackedRNNCells's own name, trainable flag and build shape
            self.stack = {"name": stack.get("name") or naming.auto_name("StackedRNNCells"),
                          "trainable": bool(stack.get("trainable", True))}
        last = len(entries) - 1
        self.cells = [_cell_from_entry(self.label, entry, {
            "return_sequences": self.return_sequences if i == last else True, "return_state": self.return_state,
            "go_backwards": self.go_backwards and i == 0, "unroll": self.unroll,
            "zero_output_for_mask": self.zero_output_for_mask}) for i, entry in enumerate(entries)]

    # Keras's trainable setter reaches the cell (and a stack's cells); a config's trainable=False does not
    # (the cells are made before the RNN, and their own flags decide, as in Keras).
    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = value
        for cell in self.cells:
            cell.trainable = value
        if getattr(self, "stack", None) is not None:
            self.stack["trainable"] = value

    # ----- building -----
    def build(self, input_shape, device):
        if isinstance(input_shape, list):
            raise ValueError(f"{self.label}: initial_state arguments are not supported by the PyTorch engine.")
        self._require_rank(input_shape, (3,), "a (batch, timesteps, features)")
        check_unroll(self, input_shape)
        shape = tuple(input_shape)
        for cell in self.cells:
            cell.build(shape, device)
            shape = (shape[0], shape[1], cell.units)
        self.variables = [v for cell in self.cells for v in cell.variables]
        super().build(input_shape, device)

    def compute_output_shape(self, input_shape):
        batch, units = input_shape[0], self.cells[-1].units
        output = (batch, input_shape[1], units) if self.return_sequences else (batch, units)
        if self.return_state:
            return [output] + [(batch, cell.units) for cell in self.cells for _ in range(cell.state_count)]
        return output

    def variable_groups(self):
        """(sub-group of the weights file, its owner's name, variables), in Keras's save order."""
        groups = [("", self.name, [])]
        if self.stack is None:
            return groups + [("cell", self.cells[0].name, self.cells[0].variables)]
        groups.append(("cell", self.stack["name"], []))
        used = {}
        for cell in self.cells:  # saving_lib._get_unique_name over the list, by class
            base = naming.to_snake_case(cell.class_name)
            used[base] = used.get(base, -1) + 1
            sub = base if used[base] == 0 else f"{base}_{used[base]}"
            groups.append((f"cell/cells/{sub}", cell.name, cell.variables))
        return groups

    # ----- running -----
    supports_masking = True

    def compute_mask(self, x, mask):
        """rnn.py compute_mask: the input's mask for a sequence output, none for a last output or the states."""
        output_mask = mask if self.return_sequences else None
        if not self.return_state:
            return output_mask
        return [output_mask] + [None] * sum(cell.state_count for cell in self.cells)

    def call(self, x, training, mask=None):
        if x.dim() != 3:
            raise ValueError(f"{self.label} expects input of shape (batch, timesteps, features); got {tuple(x.shape)}.")
        states = []
        for i, cell in enumerate(self.cells):
            # Every cell skips the masked steps (as the stack's one loop does). Only the first cell reads backwards;
            # the later ones read its reversed sequence, so they get the mask reversed too.
            cell_mask = torch.flip(mask, [1]) if mask is not None and i > 0 and self.go_backwards else mask
            x = cell.call(x, training, cell_mask)
            if self.return_state:
                states += list(x[1:])
                x = x[0]
        return [x] + states if self.return_state else x

    # ----- serialization -----
    def layer_config(self):
        config = {key: getattr(self, key) for key in _RNN_OPTIONS}
        if self.stack is None:
            config["cell"] = self.cells[0].serialize()
            return config
        stack = {"name": self.stack["name"], "trainable": self.stack["trainable"], "dtype": dtype_policy(),
                 "cells": [cell.serialize() for cell in self.cells]}
        config["cell"] = keras_object("keras.layers", "StackedRNNCells", stack)
        if self.built:
            config["cell"]["build_config"] = {"input_shape": shape_to_json((None, self.input_shape[-1]))}
        return config


RNN_CELL_CLASSES = (RNN,)
