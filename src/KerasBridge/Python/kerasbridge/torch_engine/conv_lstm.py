"""ConvLSTM1D, ConvLSTM2D and ConvLSTM3D on the PyTorch engine: an LSTM whose products are convolutions.

Sources: keras/src/layers/rnn/conv_lstm.py (ConvLSTMCell: per gate i, f, c, o an input convolution with the layer's
strides, padding and dilation plus its bias, and a recurrent convolution of the state with stride 1, 'same' padding
and no dilation; c = sig(f) * c + sig(i) * tanh(x_c + h_c), h = sig(o) * tanh(c); ConvLSTM: the RNN around it),
conv_lstm1d.py, conv_lstm2d.py, conv_lstm3d.py, and keras/src/backend/torch/nn.py `conv` (channels-first torch
convolutions, Keras's 'same' padding: torch_engine/conv_utils.py).

The states have the shape of the input convolution's output (filters channels). As the gates' outputs are separate
channels, the four input convolutions are one convolution with the whole kernel, over every step at once (time
folded into the batch), and the four recurrent ones one per step; only with dropout does each gate get its own
masked input (the cell always draws 4 masks: dropout_mask_count = 4), and the cell drops only for 0 < rate < 1.
Variables: kernel (*k, in, 4 * filters), recurrent_kernel (*k, filters, 4 * filters), bias (4 * filters,), in the
weight files under the layer's `cell/` group named `conv_lstm_cell`.
Not supported (refused with a message): stateful=True, initial_state.
"""

import torch
import torch.nn.functional as F

from kerasbridge.torch_engine import activations, initializers
from kerasbridge.torch_engine.conv_utils import (
    apply_same_padding,
    check_padding,
    check_positive_output,
    int_tuple,
    output_length,
    positive_int,
    spatial_dims,
    to_channels_first,
    with_spatial,
)
from kerasbridge.torch_engine.convolution import torch_kernel
from kerasbridge.torch_engine.layers import Layer, _check_data_format
from kerasbridge.torch_engine.recurrent import _RNN_OPTIONS, _ForgetBiasInitializer, _dropout_masks, _rate
from kerasbridge.torch_engine.rnn_cells import check_unroll, read_rnn_options
from kerasbridge.torch_engine.serialization import shape_to_json

_CONV_OPS = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}

_OPTIONS = dict(
    _RNN_OPTIONS, filters=None, kernel_size=None, strides=1, padding="valid", data_format=None, dilation_rate=1,
    activation="tanh", recurrent_activation="sigmoid", use_bias=True, kernel_initializer="glorot_uniform",
    recurrent_initializer="orthogonal", bias_initializer="zeros", unit_forget_bias=True, kernel_regularizer=None,
    recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
    bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
)


class ConvLSTM(Layer):
    """conv_lstm.py ConvLSTM with its ConvLSTMCell folded in; a subclass sets the rank."""

    has_build_config = True
    rank = 2

    def __init__(self, config):
        super().__init__(config, _OPTIONS)
        o = self.options
        read_rnn_options(self)
        self.filters = positive_int(self, "filters", o["filters"])
        self.kernel_size = int_tuple(self, "kernel_size", o["kernel_size"], self.rank)
        self.strides = int_tuple(self, "strides", o["strides"], self.rank)
        self.dilation_rate = int_tuple(self, "dilation_rate", o["dilation_rate"], self.rank)
        self.padding = check_padding(self, o["padding"])
        self.data_format = _check_data_format(self, o["data_format"])
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(f"{self.label}: strides > 1 cannot be combined with dilation_rate > 1 (as in Keras); got "
                             f"strides={list(self.strides)}, dilation_rate={list(self.dilation_rate)}.")
        self.activation_name, self.activation = activations.get(o["activation"], f"{self.name}.activation")
        self.recurrent_activation_name, self.recurrent_activation = activations.get(
            o["recurrent_activation"], f"{self.name}.recurrent_activation")
        self.use_bias = bool(o["use_bias"])
        self.unit_forget_bias = bool(o["unit_forget_bias"])
        self.kernel_initializer = initializers.get(o["kernel_initializer"], f"{self.name}.kernel_initializer")
        self.recurrent_initializer = initializers.get(o["recurrent_initializer"], f"{self.name}.recurrent_initializer")
        self.bias_initializer = initializers.get(o["bias_initializer"], f"{self.name}.bias_initializer")
        self.dropout = _rate(self, "dropout")
        self.recurrent_dropout = _rate(self, "recurrent_dropout")
        self.seed = o["seed"]
        self.kernel = self.recurrent_kernel = self.bias = None

    # ----- shapes and variables -----
    def _step_shape(self, input_shape):
        self._require_rank(input_shape, (self.rank + 3,), f"a (batch, timesteps, {self.rank} spatial axes, channels)")
        return (input_shape[0],) + tuple(input_shape[2:])

    def _state_shape(self, input_shape):
        step = self._step_shape(input_shape)
        out = tuple(output_length(n, self.kernel_size[i], self.strides[i], self.padding, self.dilation_rate[i])
                    for i, n in enumerate(spatial_dims(step, self.data_format)))
        check_positive_output(self, input_shape, out, f"kernel_size {list(self.kernel_size)}")
        return with_spatial(step, out, self.filters, self.data_format)

    def compute_output_shape(self, input_shape):
        state = self._state_shape(input_shape)
        output = (state[0], input_shape[1]) + state[1:] if self.return_sequences else state
        return [output, state, state] if self.return_state else output

    def build(self, input_shape, device):
        if isinstance(input_shape, list):
            raise ValueError(f"{self.label}: initial_state arguments are not supported by the PyTorch engine.")
        step = self._step_shape(input_shape)
        channels = step[-1] if self.data_format == "channels_last" else step[1]
        if None in spatial_dims(step, self.data_format) or channels is None:
            raise ValueError(f"{self.label} needs known spatial sizes and channels (as Keras's ConvLSTM); got input "
                             f"shape {shape_to_json(input_shape)}.")
        check_unroll(self, input_shape)
        self._state_shape(input_shape)  # checks the sizes before any variable is made
        width = 4 * self.filters
        self.kernel = self._add_variable("kernel", self.kernel_size + (channels, width), self.kernel_initializer,
                                         True, device)
        self.recurrent_kernel = self._add_variable("recurrent_kernel", self.kernel_size + (self.filters, width),
                                                   self.recurrent_initializer, True, device)
        if self.use_bias:
            bias_init = self.bias_initializer
            if self.unit_forget_bias:
                bias_init = _ForgetBiasInitializer(self.bias_initializer, self.filters)
            self.bias = self._add_variable("bias", (width,), bias_init, True, device)
        super().build(input_shape, device)

    def variable_groups(self):
        """Keras's ConvLSTM keeps its variables in the cell, named conv_lstm_cell."""
        return [("", self.name, []), ("cell", "conv_lstm_cell", self.variables)]

    # ----- running (channels first inside, as Keras's torch conv) -----
    def _conv(self, x, kernel, strides, dilation):
        if self.padding == "same" or strides is None:  # the recurrent convolution is always 'same', stride 1
            strides = strides or (1,) * self.rank
            x, pad = apply_same_padding(x, kernel.shape[2:], strides, dilation, pooling=False)
        else:
            pad = 0
        return _CONV_OPS[self.rank](x, kernel, None, strides, pad, dilation)

    def _gates(self, x, kernel, masks, strides, dilation):
        """The four gates' convolutions of x (one per mask when there are masks), channels concatenated."""
        if masks is None:
            return self._conv(x, kernel, strides, dilation)
        return torch.cat([self._conv(x * m, k, strides, dilation) for m, k in zip(masks, kernel.chunk(4, 0))], 1)

    supports_masking = True

    def compute_mask(self, x, mask):
        """conv_lstm.py compute_mask: the input's mask for a sequence output, none for a last output or the states."""
        output_mask = mask if self.return_sequences else None
        return [output_mask, None, None] if self.return_state else output_mask

    def _step_keep(self, mask, x):
        """A (batch, time) mask as backend/torch/rnn.py uses it: (time, batch, 1, ...) to select whole steps."""
        if mask.dim() != 2 or tuple(mask.shape) != tuple(x.shape[:2]):
            raise ValueError(f"{self.label}: a mask must be (batch, timesteps) = {tuple(x.shape[:2])}; got "
                             f"{tuple(mask.shape)} (a Masking layer before a ConvLSTM masks single pixels, which "
                             "Keras's RNN loop cannot use either).")
        keep = torch.flip(mask.bool(), [1]) if self.go_backwards else mask.bool()
        return keep.t().reshape((x.shape[1], x.shape[0]) + (1,) * (self.rank + 1))

    def call(self, x, training, mask=None):
        if x.dim() != self.rank + 3:
            raise ValueError(f"{self.label} expects input of rank {self.rank + 3}; got shape {tuple(x.shape)}.")
        keep = None if mask is None else self._step_keep(mask, x)
        if self.go_backwards:
            x = torch.flip(x, [1])
        batch, steps = x.shape[0], x.shape[1]
        frames = to_channels_first(x.reshape((batch * steps,) + tuple(x.shape[2:])), self.data_format)
        in_masks = rec_masks = None
        if training and 0.0 < self.dropout < 1.0:
            in_masks = [m.repeat_interleave(steps, 0) for m in _dropout_masks(frames[:batch], self.dropout, 4)]
        projected = self._gates(frames, torch_kernel(self.kernel), in_masks, self.strides, self.dilation_rate)
        if self.bias is not None:
            projected = projected + self.bias.reshape((1, -1) + (1,) * self.rank)
        projected = projected.reshape((batch, steps) + tuple(projected.shape[1:]))
        h = torch.zeros((batch, self.filters) + tuple(projected.shape[3:]), dtype=x.dtype, device=x.device)
        c = h
        if training and 0.0 < self.recurrent_dropout < 1.0:
            rec_masks = _dropout_masks(h, self.recurrent_dropout, 4)
        recurrent_kernel = torch_kernel(self.recurrent_kernel)
        no_dilation = (1,) * self.rank
        ra, act = self.recurrent_activation, self.activation
        outputs = []
        output = zeros = h
        for t in range(steps):
            z = projected[:, t] + self._gates(h, recurrent_kernel, rec_masks, None, no_dilation)
            z_i, z_f, z_c, z_o = z.chunk(4, 1)
            new_c = ra(z_f) * c + ra(z_i) * act(z_c)
            new_h = ra(z_o) * act(new_c)
            if keep is None:
                h, c, output = new_h, new_c, new_h
            else:  # backend/torch/rnn.py: a masked step keeps the states and repeats the output (or gives zeros)
                output = torch.where(keep[t], new_h, zeros if self.zero_output_for_mask else output)
                h, c = torch.where(keep[t], new_h, h), torch.where(keep[t], new_c, c)
            if self.return_sequences:
                outputs.append(output)
        output = torch.stack(outputs, 1) if self.return_sequences else output
        if self.data_format == "channels_last":
            output = output.movedim(-self.rank - 1, -1)
            h, c = h.movedim(1, -1), c.movedim(1, -1)
        return [output, h, c] if self.return_state else output

    # ----- serialization -----
    def layer_config(self):
        config = {key: getattr(self, key) for key in _RNN_OPTIONS}
        config.update({
            "filters": self.filters, "kernel_size": list(self.kernel_size), "strides": list(self.strides),
            "padding": self.padding, "data_format": self.data_format, "dilation_rate": list(self.dilation_rate),
            "activation": self.activation_name, "recurrent_activation": self.recurrent_activation_name,
            "use_bias": self.use_bias, "kernel_initializer": self.kernel_initializer.serialize(),
            "recurrent_initializer": self.recurrent_initializer.serialize(),
            "bias_initializer": self.bias_initializer.serialize(), "unit_forget_bias": self.unit_forget_bias,
            "kernel_regularizer": None, "recurrent_regularizer": None, "bias_regularizer": None,
            "activity_regularizer": None, "kernel_constraint": None, "recurrent_constraint": None,
            "bias_constraint": None, "dropout": self.dropout, "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed,
        })
        return config


class ConvLSTM1D(ConvLSTM):
    class_name = "ConvLSTM1D"
    rank = 1


class ConvLSTM2D(ConvLSTM):
    class_name = "ConvLSTM2D"
    rank = 2


class ConvLSTM3D(ConvLSTM):
    class_name = "ConvLSTM3D"
    rank = 3


CONV_LSTM_CLASSES = (ConvLSTM1D, ConvLSTM2D, ConvLSTM3D)
