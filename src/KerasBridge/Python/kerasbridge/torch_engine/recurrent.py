"""Keras's recurrent layers on torch tensors: SimpleRNN, LSTM, GRU and the Bidirectional wrapper.

Sources: keras/src/layers/rnn/rnn.py (the RNN base: states, return_sequences/return_state,
go_backwards), simple_rnn.py, lstm.py, gru.py (the cells' arithmetic), dropout_rnn_cell.py (one
dropout mask per call, reused at every step), bidirectional.py, and the torch backend's
keras/src/backend/torch/rnn.py, whose loops this module reproduces op for op:

- LSTM without recurrent_dropout (and GRU with reset_after=True without it) run backend.lstm / .gru:
  on the CPU their `_fallback_lstm` / `_fallback_gru`, which project every step's input at once
  (`matmul(x, kernel) + bias`) and add `matmul(h, recurrent_kernel)` per step. Gate order: LSTM
  i, f, c, o; GRU z, r, h. GRU reset_after=True has a (2, 3*units) bias: input row, recurrent row.
  With tanh/sigmoid and no recurrent_dropout the LSTM runs torch._VF.lstm, the call Keras makes on CUDA
  (`_cudnn_lstm`, same parameters: transposed kernels, the bias as bias_ih and zeros as bias_hh), and the
  reset_after GRU torch._VF.gru (`_cudnn_gru`: gates reordered to torch's r, z, h, both bias rows). On the CPU
  aten runs the fallback's arithmetic in C++ (all input projections at once, then per step
  `h @ R + x_proj[t]`, the same gates): it differs from the Python loop only in rounding, and it is ~3x
  faster for small layers, where the Python per-step calls dominate.
- Otherwise Keras runs the generic `backend.rnn` loop over the cell: GRU reset_after=False applies the
  reset gate before the recurrent product (`matmul(r * h, recurrent_kernel[:, 2u:])`); with
  recurrent_dropout the cells switch to `implementation=1` (one dropout mask per gate).
Variables live in the cell, as in Keras's weight files (`layers/lstm/cell/vars/...`): each layer
lists `variable_paths` (the sub-group of every variable) next to its variables.
With a mask (Embedding(mask_zero=True), Masking: torch_engine/masking.py) backend.lstm / .gru refuse it and Keras
runs the generic `backend.rnn` loop over the cell, on CUDA too, so every layer does here: at a masked step the
output and the states keep their previous values (the output is zeros instead with zero_output_for_mask), so
the last output is the last unmasked step's; the LSTM cell then adds its bias after the recurrent product
(`x @ K + h @ R + b`). The output mask is the input's with return_sequences, else none (rnn.py compute_mask).
Not supported (refused with a message): stateful=True, initial_state.
"""

import torch
import torch.nn.functional as F

from kerasbridge.torch_engine import activations, initializers
from kerasbridge.torch_engine.layers import Layer
from kerasbridge.torch_engine.serialization import shape_to_json

_RNN_OPTIONS = {
    "return_sequences": False, "return_state": False, "go_backwards": False, "stateful": False,
    "unroll": False, "zero_output_for_mask": False,
}


def _rate(layer, key):
    value = layer.options[key]
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise ValueError(f"{layer.label}: '{key}' must be a number in [0, 1]; got {value!r}.")
    return min(1.0, max(0.0, float(value)))  # Keras clips the rates to [0, 1]


def _dropout_masks(like, rate, count):
    """DropoutRNNCell._create_dropout_mask: dropout applied to ones, one mask per gate (or one)."""
    ones = torch.ones_like(like)
    return [F.dropout(ones, p=rate, training=True) for _ in range(count)]


class _ForgetBiasInitializer:
    """LSTMCell.build with unit_forget_bias: init(units), ones(units), init(2 * units)."""

    def __init__(self, inner, units):
        self.inner = inner
        self.units = units

    def __call__(self, shape, device):
        u = self.units
        return torch.cat([self.inner((u,), device), torch.ones((u,), device=device), self.inner((2 * u,), device)])


class RNNBase(Layer):
    """The RNN layer of keras/src/layers/rnn/rnn.py with its cell folded in."""

    has_build_config = True
    gates = 1
    cell_options = {}

    def __init__(self, config):
        config = dict(config)
        config.pop("implementation", None)  # Keras 3 pops it from kwargs (only recurrent_dropout decides)
        config.pop("time_major", None)  # Keras 2 option, always False in saved models
        options = dict(_RNN_OPTIONS)
        options.update(self.cell_options)
        super().__init__(config, options)
        o = self.options
        units = o["units"]
        if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
            raise ValueError(f"{self.label}: 'units' must be a positive int; got {units!r}.")
        self.units = units
        for key in _RNN_OPTIONS:
            setattr(self, key, bool(o[key]))
        if self.stateful:
            raise ValueError(f"{self.label}: stateful=True is not supported by the PyTorch engine; "
                             "use the Keras engine, or stateful=False.")
        self.activation_name, self.activation = activations.get(o["activation"], f"{self.name}.activation")
        if "recurrent_activation" in o:
            self.recurrent_activation_name, self.recurrent_activation = activations.get(
                o["recurrent_activation"], f"{self.name}.recurrent_activation")
        self.use_bias = bool(o["use_bias"])
        self.kernel_initializer = initializers.get(o["kernel_initializer"], f"{self.name}.kernel_initializer")
        self.recurrent_initializer = initializers.get(o["recurrent_initializer"], f"{self.name}.recurrent_initializer")
        self.bias_initializer = initializers.get(o["bias_initializer"], f"{self.name}.bias_initializer")
        self.dropout = _rate(self, "dropout")
        self.recurrent_dropout = _rate(self, "recurrent_dropout")
        self.seed = o.get("seed")
        self.kernel = self.recurrent_kernel = self.bias = None
        self.variable_paths = []

    # ----- building -----
    def _bias_shape(self):
        return (self.gates * self.units,)

    def _bias_initializer(self):
        return self.bias_initializer

    def build(self, input_shape, device):
        if isinstance(input_shape, list):
            raise ValueError(f"{self.label}: initial_state arguments are not supported by the PyTorch engine.")
        self._require_rank(input_shape, (3,), "a (batch, timesteps, features)")
        if input_shape[-1] is None:
            raise ValueError(f"{self.label} needs a known feature size; got input shape {shape_to_json(input_shape)}.")
        width = self.gates * self.units
        # Keras's cells create kernel, recurrent_kernel, bias in this order.
        self.kernel = self._add_variable("kernel", (input_shape[-1], width), self.kernel_initializer, True, device)
        self.recurrent_kernel = self._add_variable("recurrent_kernel", (self.units, width),
                                                   self.recurrent_initializer, True, device)
        if self.use_bias:
            self.bias = self._add_variable("bias", self._bias_shape(), self._bias_initializer(), True, device)
        self.variable_paths = ["cell"] * len(self.variables)
        super().build(input_shape, device)

    def compute_output_shape(self, input_shape):
        batch = input_shape[0]
        output = (batch, input_shape[1], self.units) if self.return_sequences else (batch, self.units)
        if self.return_state:
            return [output] + [(batch, self.units)] * self.state_count
        return output

    # ----- running -----
    @property
    def state_count(self):
        return 1

    def _uses_cell_masks(self):
        """Whether Keras runs the cell with implementation=1 (per-gate masks): recurrent_dropout > 0."""
        return self.recurrent_dropout != 0.0

    def _input_bias(self):
        return self.bias

    def _project(self, xt, masks, with_bias=True):
        """Every step's input projection at once: (time, batch, gates * units)."""
        if masks is None:
            z = torch.matmul(xt, self.kernel)
        elif len(masks) == 1:
            z = torch.matmul(xt * masks[0], self.kernel)
        else:
            z = torch.cat([torch.matmul(xt * m, k) for m, k in zip(masks, self.kernel.chunk(len(masks), 1))], -1)
        bias = self._input_bias() if with_bias else None
        return z if bias is None else z + bias

    def _late_bias(self):
        """The bias the masked loop's cell adds after the recurrent product (LSTM without recurrent dropout), else
        None: the bias goes into the input projection."""
        return None

    def call(self, x, training, mask=None):
        if x.dim() != 3:
            raise ValueError(f"{self.label} expects input of shape (batch, timesteps, features); got {tuple(x.shape)}.")
        if self.go_backwards:
            x = torch.flip(x, [1])
        xt = x.permute(1, 0, 2)
        batch = x.shape[0]
        count = self.gates if self._uses_cell_masks() else 1
        in_masks = rec_masks = None
        if training and 0.0 < self.dropout:
            in_masks = _dropout_masks(xt[0], self.dropout, count)
        states = [torch.zeros((batch, self.units), dtype=x.dtype, device=x.device) for _ in range(self.state_count)]
        if training and 0.0 < self.recurrent_dropout:
            rec_masks = _dropout_masks(states[0], self.recurrent_dropout, self.gates)
        if mask is not None:
            return self._masked_loop(xt, mask, states, in_masks, rec_masks)
        projected = self._project(xt, in_masks)
        outputs = []
        for t in range(xt.shape[0]):
            states = self._step(projected[t], states, rec_masks)
            if self.return_sequences:
                outputs.append(states[0])
        output = torch.stack(outputs, 1) if self.return_sequences else states[0]
        return self._result(output, states)

    def _result(self, output, states):
        return [output] + list(states) if self.return_state else output

    def _masked_loop(self, xt, mask, states, in_masks, rec_masks):
        """backend/torch/rnn.py rnn() with a mask: where a step is masked the output is the previous step's output
        (zeros with zero_output_for_mask) and the states stay as they were."""
        keep = mask.bool()
        if self.go_backwards:
            keep = torch.flip(keep, [1])
        keep = keep.t().unsqueeze(-1)  # (time, batch, 1)
        late_bias = self._late_bias()
        projected = self._project(xt, in_masks, with_bias=late_bias is None)
        extra = () if late_bias is None else (late_bias,)
        output = zeros = torch.zeros_like(states[0])
        outputs = []
        for t in range(xt.shape[0]):
            new_states = self._step(projected[t], states, rec_masks, *extra)
            output = torch.where(keep[t], new_states[0], zeros if self.zero_output_for_mask else output)
            states = [torch.where(keep[t], new, old) for new, old in zip(new_states, states)]
            if self.return_sequences:
                outputs.append(output)
        return self._result(torch.stack(outputs, 1) if self.return_sequences else output, states)

    # ----- masking (rnn.py) -----
    supports_masking = True

    def compute_mask(self, x, mask):
        output_mask = mask if self.return_sequences else None
        return [output_mask] + [None] * self.state_count if self.return_state else output_mask

    def _fused_call(self, x, training, run):
        """The fused path's common part (LSTM, GRU: torch's own C++/cuDNN loop, as Keras's torch backend calls it on
        CUDA): go_backwards, one input dropout mask for every step (as the loop draws it), zero initial states;
        `run(x, zeros)` calls the fused kernel and returns (outputs, [final states])."""
        if self.go_backwards:
            x = torch.flip(x, [1])
        if training and 0.0 < self.dropout:
            x = x * _dropout_masks(x[:, 0], self.dropout, 1)[0].unsqueeze(1)
        outputs, states = run(x, torch.zeros((1, x.shape[0], self.units), dtype=x.dtype, device=x.device))
        output = outputs if self.return_sequences else states[0]
        return self._result(output, states)

    # ----- serialization -----
    def _rnn_config(self):
        return {key: getattr(self, key) for key in _RNN_OPTIONS}

    def _common_tail(self):
        return {
            "kernel_regularizer": None, "recurrent_regularizer": None, "bias_regularizer": None,
            "activity_regularizer": None, "kernel_constraint": None, "recurrent_constraint": None,
            "bias_constraint": None, "dropout": self.dropout, "recurrent_dropout": self.recurrent_dropout,
        }

    def _initializers(self):
        return {
            "kernel_initializer": self.kernel_initializer.serialize(),
            "recurrent_initializer": self.recurrent_initializer.serialize(),
            "bias_initializer": self.bias_initializer.serialize(),
        }


_CELL_COMMON = {
    "units": None, "activation": "tanh", "use_bias": True, "kernel_initializer": "glorot_uniform",
    "recurrent_initializer": "orthogonal", "bias_initializer": "zeros", "kernel_regularizer": None,
    "recurrent_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
    "kernel_constraint": None, "recurrent_constraint": None, "bias_constraint": None, "dropout": 0.0,
    "recurrent_dropout": 0.0, "seed": None,
}


class SimpleRNN(RNNBase):
    """simple_rnn.py: output = activation(x @ kernel + bias + h @ recurrent_kernel)."""

    class_name = "SimpleRNN"
    cell_options = _CELL_COMMON

    def _uses_cell_masks(self):
        return False  # SimpleRNNCell has one mask for the input and one for the state

    def _step(self, xp, states, rec_masks):
        h = states[0]
        if rec_masks is not None:
            h = h * rec_masks[0]
        return [self.activation(xp + torch.matmul(h, self.recurrent_kernel))]

    def layer_config(self):
        config = self._rnn_config()
        config.update({"units": self.units, "activation": self.activation_name, "use_bias": self.use_bias})
        config.update(self._initializers())
        config.update(self._common_tail())
        return config


class LSTM(RNNBase):
    """lstm.py: c = sig(f) * c + sig(i) * tanh(g); h = sig(o) * tanh(c), gates i, f, c(g), o."""

    class_name = "LSTM"
    gates = 4
    cell_options = dict(_CELL_COMMON, recurrent_activation="sigmoid", unit_forget_bias=True)

    def __init__(self, config):
        super().__init__(config)
        self.unit_forget_bias = bool(self.options["unit_forget_bias"])

    @property
    def state_count(self):
        return 2

    def _bias_initializer(self):
        if self.unit_forget_bias:
            return _ForgetBiasInitializer(self.bias_initializer, self.units)
        return self.bias_initializer

    def _fused(self):
        """Whether torch's own LSTM computes what Keras computes (backend/torch/rnn.py cudnn_ok, minus the
        device: aten's CPU loop is the fallback's arithmetic); not while tracing, as Keras."""
        return (self.activation_name == "tanh" and self.recurrent_activation_name == "sigmoid"
                and not self._uses_cell_masks() and not torch.jit.is_tracing())

    def _late_bias(self):
        return None if self._uses_cell_masks() else self.bias  # lstm.py LSTMCell.call, implementation 2

    def call(self, x, training, mask=None):
        if x.dim() != 3 or not self._fused() or mask is not None:
            return super().call(x, training, mask)

        def run(x, zeros):
            width = 4 * self.units
            bias_ih = self.bias if self.bias is not None else torch.zeros(width, dtype=x.dtype, device=x.device)
            kernel, recurrent_kernel = self.kernel.t(), self.recurrent_kernel.t()
            if x.is_cuda:  # cuDNN takes contiguous weight blocks, as Keras's prepare_lstm_params (torch/rnn.py) makes them
                kernel, recurrent_kernel = kernel.contiguous(), recurrent_kernel.contiguous()
            params = [kernel, recurrent_kernel, bias_ih, torch.zeros(width, dtype=x.dtype, device=x.device)]
            outputs, h, c = torch._VF.lstm(x, (zeros, zeros), params, True, 1, 0.0, bool(training), False, True)
            return outputs, [h[0], c[0]]

        return self._fused_call(x, training, run)

    def _step(self, xp, states, rec_masks, late_bias=None):
        h, c = states
        if rec_masks is None:
            z = xp + torch.matmul(h, self.recurrent_kernel)
        else:
            z = xp + torch.cat([torch.matmul(h * m, r) for m, r in zip(rec_masks, self.recurrent_kernel.chunk(4, 1))], -1)
        if late_bias is not None:
            z = z + late_bias
        z_i, z_f, z_c, z_o = z.chunk(4, 1)
        ra = self.recurrent_activation
        c = ra(z_f) * c + ra(z_i) * self.activation(z_c)
        h = ra(z_o) * self.activation(c)
        return [h, c]

    def layer_config(self):
        config = self._rnn_config()
        config.update({"units": self.units, "activation": self.activation_name,
                       "recurrent_activation": self.recurrent_activation_name, "use_bias": self.use_bias})
        config.update(self._initializers())
        config["unit_forget_bias"] = self.unit_forget_bias
        config.update(self._common_tail())
        config["seed"] = self.seed
        return config


class GRU(RNNBase):
    """gru.py: z, r gates; candidate tanh(x_h + r * (h @ R_h + b_h)) (reset_after) or
    tanh(x_h + (r * h) @ R_h); h = z * h + (1 - z) * candidate."""

    class_name = "GRU"
    gates = 3
    cell_options = dict(_CELL_COMMON, recurrent_activation="sigmoid", reset_after=True)

    def __init__(self, config):
        super().__init__(config)
        self.reset_after = bool(self.options["reset_after"])

    def _bias_shape(self):
        return (2, 3 * self.units) if self.reset_after else (3 * self.units,)

    def _input_bias(self):
        if self.bias is None:
            return None
        return self.bias[0] if self.reset_after else self.bias

    def _fused(self):
        """Whether torch's own GRU computes what Keras computes: the reset_after formulation with tanh/sigmoid and
        no recurrent dropout (backend/torch/rnn.py gru: cudnn_ok, else the fallback with the same arithmetic);
        not while tracing."""
        return (self.reset_after and self.activation_name == "tanh" and self.recurrent_activation_name == "sigmoid"
                and not self._uses_cell_masks() and not torch.jit.is_tracing())

    def call(self, x, training, mask=None):
        if x.dim() != 3 or not self._fused() or mask is not None:
            return super().call(x, training, mask)

        def run(x, zeros):
            # Keras's gate order z, r, h becomes torch's r, z, h (prepare_gru_params in backend/torch/rnn.py).
            def torch_order(w):
                z, r, h = w.chunk(3, -1)
                return torch.cat([r, z, h], -1)

            width = 3 * self.units
            kernel, recurrent_kernel = torch_order(self.kernel).t(), torch_order(self.recurrent_kernel).t()
            if self.bias is not None:
                bias_ih, bias_hh = torch_order(self.bias[0]), torch_order(self.bias[1])
            else:
                bias_ih = bias_hh = torch.zeros(width, dtype=x.dtype, device=x.device)
            if x.is_cuda:
                kernel, recurrent_kernel = kernel.contiguous(), recurrent_kernel.contiguous()
            outputs, h = torch._VF.gru(x, zeros, [kernel, recurrent_kernel, bias_ih, bias_hh], True, 1, 0.0,
                                       bool(training), False, True)
            return outputs, [h[0]]

        return self._fused_call(x, training, run)

    def _step(self, xp, states, rec_masks):
        h = states[0]
        u = self.units
        R = self.recurrent_kernel
        hz, hr, hh = (h * m for m in rec_masks) if rec_masks is not None else (h, h, h)
        x_z, x_r, x_h = xp.chunk(3, 1)
        if self.reset_after:
            if rec_masks is None:
                inner = torch.matmul(h, R)
            else:
                inner = torch.cat([torch.matmul(hz, R[:, :u]), torch.matmul(hr, R[:, u:2 * u]),
                                   torch.matmul(hh, R[:, 2 * u:])], -1)
            if self.bias is not None:
                inner = inner + self.bias[1]
            h_z, h_r, h_h = inner.chunk(3, 1)
        else:
            if rec_masks is None:
                h_z, h_r = torch.matmul(h, R[:, :2 * u]).chunk(2, 1)
            else:
                h_z, h_r = torch.matmul(hz, R[:, :u]), torch.matmul(hr, R[:, u:2 * u])
        ra = self.recurrent_activation
        z = ra(x_z + h_z)
        r = ra(x_r + h_r)
        if self.reset_after:
            candidate = self.activation(x_h + r * h_h)
        else:
            candidate = self.activation(x_h + torch.matmul(r * hh, R[:, 2 * u:]))
        return [z * h + (1.0 - z) * candidate]

    def layer_config(self):
        config = self._rnn_config()
        config.update({"units": self.units, "activation": self.activation_name,
                       "recurrent_activation": self.recurrent_activation_name, "use_bias": self.use_bias})
        config.update(self._initializers())
        config.update(self._common_tail())
        config["reset_after"] = self.reset_after
        config["seed"] = self.seed
        return config


RECURRENT_CLASSES = (SimpleRNN, LSTM, GRU)
