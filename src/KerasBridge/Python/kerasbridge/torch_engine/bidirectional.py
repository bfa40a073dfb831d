"""Bidirectional (keras/src/layers/rnn/bidirectional.py) on the PyTorch engine: a forward and a go_backwards copy
of a SimpleRNN, LSTM or GRU (torch_engine/recurrent.py), an RNN(cell) (rnn_cells.py) or a ConvLSTM (conv_lstm.py),
their variables under forward_layer/ and backward_layer/ as in Keras's weight files. A mask
(torch_engine/masking.py) goes to both directions."""

import torch

from kerasbridge.torch_engine.conv_lstm import CONV_LSTM_CLASSES
from kerasbridge.torch_engine.layers import Layer
from kerasbridge.torch_engine.recurrent import GRU, LSTM, SimpleRNN
from kerasbridge.torch_engine.regularizers import record_activity
from kerasbridge.torch_engine.rnn_cells import RNN


_RNN_CLASSES = {cls.class_name: cls for cls in (SimpleRNN, LSTM, GRU, RNN) + CONV_LSTM_CLASSES}
_MERGE_MODES = ("sum", "mul", "ave", "concat", None)


def _rnn_from_entry(entry, label, what):
    if not isinstance(entry, dict) or entry.get("class_name") not in _RNN_CLASSES:
        got = entry.get("class_name") if isinstance(entry, dict) else entry
        raise ValueError(f"{label}: '{what}' must be a serialized {', '.join(_RNN_CLASSES)} layer; got {got!r}.")
    return _RNN_CLASSES[entry["class_name"]](dict(entry.get("config") or {}))


class Bidirectional(Layer):
    """bidirectional.py: a forward and a go_backwards copy of the layer; with return_sequences the
    backward output is flipped back to time order, then merged (concat, sum, mul, ave, or both)."""

    class_name = "Bidirectional"
    has_build_config = True

    def __init__(self, config):
        super().__init__(config, {"merge_mode": "concat", "layer": None, "backward_layer": None})
        merge_mode = self.options["merge_mode"]
        if merge_mode not in _MERGE_MODES:
            raise ValueError(f"{self.label}: 'merge_mode' must be one of sum, mul, ave, concat or null; "
                             f"got {merge_mode!r}.")
        self.merge_mode = merge_mode
        layer_entry = self.options["layer"]
        if layer_entry is None:
            raise ValueError(f"{self.label}: 'layer' (the wrapped recurrent layer) is required.")
        forward_entry = dict(layer_entry, config=dict(layer_entry.get("config") or {}))
        base_name = forward_entry["config"].get("name") or ""
        forward_entry["config"]["name"] = "forward_" + base_name.removeprefix("forward_")
        self.forward_layer = _rnn_from_entry(forward_entry, self.label, "layer")
        backward_entry = self.options["backward_layer"]
        if backward_entry is None:
            backward_entry = dict(layer_entry, config=dict(layer_entry.get("config") or {}, go_backwards=True))
            backward_entry["config"]["name"] = "backward_" + base_name.removeprefix("backward_")
        self.backward_layer = _rnn_from_entry(backward_entry, self.label, "backward_layer")
        fwd, bwd = self.forward_layer, self.backward_layer
        if fwd.go_backwards == bwd.go_backwards:
            raise ValueError(f"{self.label}: the forward and backward layers must have different 'go_backwards' "
                             f"values; got {fwd.go_backwards} for both.")
        for attribute in ("return_sequences", "return_state"):
            if getattr(fwd, attribute) != getattr(bwd, attribute):
                raise ValueError(f"{self.label}: the forward and backward layers must have the same '{attribute}'.")
        for sub in (fwd, bwd):  # Keras forces zero_output_for_mask to return_sequences
            sub.zero_output_for_mask = sub.return_sequences
        self.return_sequences = fwd.return_sequences
        self.return_state = fwd.return_state

    def build(self, input_shape, device):
        for sub in (self.forward_layer, self.backward_layer):
            sub.build(input_shape, device)
        # The wrapped layers' own trainable flags decide, as in Keras: Bidirectional(trainable=False) built from a
        # config does not reach layers created after Layer.__init__ (Keras then still trains them); freezing a
        # built wrapper in Keras writes trainable=false into both inner configs, which is read here.
        self.variables = self.forward_layer.variables + self.backward_layer.variables
        super().build(input_shape, device)

    def variable_groups(self):
        """(sub-group of the weights file, its owner's name, variables): each wrapped layer's groups under
        forward_layer/ and backward_layer/ (recurrent.py's layers keep theirs in cell/, variable_paths)."""
        groups = [("", self.name, [])]
        for prefix, sub in (("forward_layer", self.forward_layer), ("backward_layer", self.backward_layer)):
            inner = getattr(sub, "variable_groups", None)
            sub_groups = inner() if inner is not None else [("", sub.name, [])] + [
                (path, path.rsplit("/", 1)[-1], [v for v, p in zip(sub.variables, sub.variable_paths) if p == path])
                for path in dict.fromkeys(sub.variable_paths)]
            groups += [(f"{prefix}/{group}" if group else prefix, owner, variables)
                       for group, owner, variables in sub_groups]
        return groups

    def compute_output_shape(self, input_shape):
        shape = self.forward_layer.compute_output_shape(input_shape)
        states = []
        if self.return_state:
            shape, states = shape[0], list(shape[1:])
        if self.merge_mode == "concat":
            outputs = [tuple(shape[:-1]) + (shape[-1] * 2,)]
        elif self.merge_mode is None:
            outputs = [tuple(shape), tuple(shape)]
        else:
            outputs = [tuple(shape)]
        outputs += states + states
        return outputs[0] if len(outputs) == 1 else outputs

    supports_masking = True

    def call(self, x, training, mask=None):
        # Both directions get the mask; the backward one flips it with its inputs (go_backwards).
        y = self.forward_layer.call(x, training, mask)
        y_rev = self.backward_layer.call(x, training, mask)
        for sub, out in ((self.forward_layer, y), (self.backward_layer, y_rev)):  # Keras calls them as layers
            record_activity(sub.activity_regularizer, out)
        states = []
        if self.return_state:
            states = list(y[1:]) + list(y_rev[1:])
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = torch.flip(y_rev, [1])
        if self.merge_mode == "concat":
            outputs = [torch.cat([y, y_rev], -1)]
        elif self.merge_mode == "sum":
            outputs = [y + y_rev]
        elif self.merge_mode == "ave":
            outputs = [(y + y_rev) / 2]
        elif self.merge_mode == "mul":
            outputs = [y * y_rev]
        else:
            outputs = [y, y_rev]
        outputs += states
        return outputs[0] if len(outputs) == 1 else outputs

    def compute_mask(self, x, mask):
        """bidirectional.py compute_mask: the input's mask for each sequence output, none for states."""
        if isinstance(mask, list):
            mask = mask[0]
        if self.return_sequences:
            output_mask = [mask, mask] if self.merge_mode is None else [mask]
        else:
            output_mask = [None, None] if self.merge_mode is None else [None]
        if self.return_state:
            return output_mask + [None] * (2 * self.forward_layer.state_count)
        return output_mask if len(output_mask) > 1 else output_mask[0]

    def layer_config(self):
        return {"merge_mode": self.merge_mode, "layer": self.forward_layer.serialize(),
                "backward_layer": self.backward_layer.serialize()}
