"""Keras's audio preprocessing layers on torch tensors: STFTSpectrogram (keras/src/layers/preprocessing/
stft_spectrogram.py) and MelSpectrogram (keras/src/layers/preprocessing/mel_spectrogram.py, which runs
keras/src/backend/torch/math.py stft).

STFTSpectrogram convolves each channel with a (frame_length, 1, fft_length // 2 + 1) real and/or imaginary kernel,
made by the STFT initializer (trainable unless the layer is not), as Keras's ops.conv does on the torch backend.
MelSpectrogram has no variables: torch.stft (center=True, reflect padding), |X| ** mag_exp, the HTK mel matrix
and optionally decibels clipped at (global max - top_db).
"""

import math
import warnings

import torch
import torch.nn.functional as F

from kerasbridge.torch_engine import initializers
from kerasbridge.torch_engine.conv_utils import apply_same_padding, output_length, positive_int
from kerasbridge.torch_engine.layers import Layer, _check_data_format

_EPSILON = 1e-7  # keras.config.epsilon()
_MODES = ("log", "magnitude", "psd", "real", "imag", "angle", "stft")
_MEL_BREAK_FREQUENCY_HERTZ = 700.0
_MEL_HIGH_FREQUENCY_Q = 1127.0


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class STFTSpectrogram(Layer):
    class_name = "STFTSpectrogram"
    has_build_config = True
    _OPTIONS = {"mode": "log", "frame_length": 256, "frame_step": None, "fft_length": None, "window": "hann",
                "periodic": False, "scaling": "density", "padding": "valid", "data_format": None,
                "expand_dims": False}

    def __init__(self, config):
        super().__init__(config, self._OPTIONS)
        o = self.options
        self.frame_length = positive_int(self, "frame_length", o["frame_length"])
        step, fft = o["frame_step"], o["fft_length"]
        if step is not None and (not isinstance(step, int) or isinstance(step, bool)
                                 or not 1 <= step <= self.frame_length):
            raise ValueError(f"{self.label}: 'frame_step' must be a positive int not greater than frame_length="
                             f"{self.frame_length}, or null; got {step!r}.")
        if fft is not None and (not isinstance(fft, int) or isinstance(fft, bool) or fft < self.frame_length):
            raise ValueError(f"{self.label}: 'fft_length' must be an int not less than frame_length="
                             f"{self.frame_length}, or null; got {fft!r}.")
        if fft is not None and (fft & -fft) != fft:
            warnings.warn(f"`fft_length` is recommended to be a power of two. Received fft_length={fft}")
        if o["mode"] not in _MODES:
            raise ValueError(f"{self.label}: 'mode' must be one of {', '.join(_MODES)}; got {o['mode']!r}.")
        if o["scaling"] not in (None, "density", "spectrum"):
            raise ValueError(f"{self.label}: 'scaling' must be null, 'density' or 'spectrum'; got {o['scaling']!r}.")
        if o["padding"] not in ("valid", "same"):
            raise ValueError(f"{self.label}: 'padding' must be one of 'valid', 'same'; got {o['padding']!r}.")
        self.mode, self.padding = o["mode"], o["padding"]
        self.frame_step = step or self.frame_length // 2
        self.fft_length = fft or 2 ** int(math.ceil(math.log2(self.frame_length)))
        self.window, self.scaling, self.periodic = o["window"], o["scaling"], bool(o["periodic"])
        self.expand_dims = bool(o["expand_dims"])
        self.data_format = _check_data_format(self, o["data_format"])
        if self.frame_step < 1:  # frame_length 1 with no frame_step: Keras's default step would be 0
            raise ValueError(f"{self.label}: 'frame_step' defaults to frame_length // 2, which is 0 for "
                             f"frame_length={self.frame_length}; give frame_step.")
        # The initializers check the window now (a name scipy knows, a list of numbers, or null), as Keras does.
        self._initializers = {side: self._initializer(side) for side in ("real", "imag")}
        self.real_kernel = self.imag_kernel = None

    def _initializer(self, side):
        try:
            return initializers.STFT(side, self.window, self.scaling, self.periodic)
        except ValueError as e:
            raise ValueError(f"{self.label}: {e}") from None

    def _channels(self, input_shape):
        self._require_rank(input_shape, (3,), "an audio (batch, time, channels)")
        return input_shape[-1] if self.data_format == "channels_last" else input_shape[1]

    def build(self, input_shape, device):
        shape = (self.frame_length, 1, self.fft_length // 2 + 1)
        if self.mode != "imag":
            self.real_kernel = self._add_variable("real_kernel", shape, self._initializers["real"], True, device)
        if self.mode != "real":
            self.imag_kernel = self._add_variable("imag_kernel", shape, self._initializers["imag"], True, device)
        super().build(input_shape, device)

    def compute_output_shape(self, input_shape):
        channels = self._channels(input_shape)
        freq = (self.fft_length // 2 + 1) * (2 if self.mode == "stft" else 1)
        time_axis = 1 if self.data_format == "channels_last" else 2
        time = output_length(input_shape[time_axis], self.frame_length, self.frame_step, self.padding)
        if time is not None and time <= 0:
            raise ValueError(f"{self.label}: the input of {input_shape[time_axis]} samples is shorter than "
                             f"frame_length={self.frame_length}.")
        batch = input_shape[0]
        if self.expand_dims:
            if self.data_format == "channels_last":
                return (batch, time, freq, channels)
            return (batch, channels, time, freq)
        total = None if channels is None else freq * channels
        return (batch, time, total) if self.data_format == "channels_last" else (batch, total, time)

    def _apply_conv(self, x, kernel):
        """(batch, channels, freq, time) from one kernel applied to each channel, as Keras's _apply_conv."""
        if self.data_format == "channels_last":
            x = x.transpose(1, 2)
        batch, channels, time = x.shape
        x = x.reshape(-1, 1, time)
        padding = 0
        if self.padding == "same":
            x, padding = apply_same_padding(x, (self.frame_length,), (self.frame_step,), (1,), False)
        out = F.conv1d(x, kernel.permute(2, 1, 0), stride=self.frame_step, padding=padding)
        return out.reshape(-1, channels, out.shape[1], out.shape[2])

    def _adjust_shapes(self, out):
        batch, channels, freq, time = out.shape
        if self.data_format == "channels_last":
            if self.expand_dims:
                return out.permute(0, 3, 2, 1)
            return out.reshape(-1, channels * freq, time).transpose(1, 2)
        if self.expand_dims:
            return out.permute(0, 1, 3, 2)
        return out.reshape(-1, channels * freq, time)

    def call(self, x, training):
        real = self._apply_conv(x, self.real_kernel) if self.mode != "imag" else None
        imag = self._apply_conv(x, self.imag_kernel) if self.mode != "real" else None
        if self.mode == "real":
            return self._adjust_shapes(real)
        if self.mode == "imag":
            return self._adjust_shapes(imag)
        if self.mode == "angle":
            return self._adjust_shapes(torch.atan2(imag, real))
        if self.mode == "stft":
            return self._adjust_shapes(torch.cat([real, imag], dim=2))
        power = torch.square(real) + torch.square(imag)
        if self.mode == "psd":
            # The one-sided spectrum counts every bin but DC and Nyquist twice.
            return self._adjust_shapes(power + F.pad(power[:, :, 1:-1, :], (0, 0, 1, 1)))
        linear = self._adjust_shapes(torch.sqrt(torch.clamp(power, min=_EPSILON)))
        if self.mode == "magnitude":
            return linear
        return torch.log(torch.clamp(linear, min=_EPSILON))

    def layer_config(self):
        o = self.options
        return {"mode": self.mode, "frame_length": self.frame_length, "frame_step": o["frame_step"],
                "fft_length": o["fft_length"], "window": self.window, "periodic": self.periodic,
                "scaling": self.scaling, "padding": self.padding, "data_format": self.data_format,
                "expand_dims": self.expand_dims}


class MelSpectrogram(Layer):
    class_name = "MelSpectrogram"
    has_build_config = True
    _OPTIONS = {"fft_length": 2048, "sequence_stride": 512, "sequence_length": None, "window": "hann",
                "sampling_rate": 16000, "num_mel_bins": 128, "min_freq": 20.0, "max_freq": None,
                "power_to_db": True, "top_db": 80.0, "mag_exp": 2.0, "min_power": 1e-10, "ref_power": 1.0}

    def __init__(self, config):
        super().__init__(config, self._OPTIONS)
        o = self.options
        self.fft_length = positive_int(self, "fft_length", o["fft_length"])
        self.sequence_stride = positive_int(self, "sequence_stride", o["sequence_stride"])
        self.sequence_length = positive_int(self, "sequence_length", o["sequence_length"] or self.fft_length)
        if self.fft_length < self.sequence_length:
            raise ValueError(f"{self.label}: 'fft_length' must be >= sequence_length={self.sequence_length}; "
                             f"got {self.fft_length}.")
        window = o["window"]
        if isinstance(window, str) and window not in ("hann", "hamming"):
            raise ValueError(f"{self.label}: 'window' must be 'hann', 'hamming', a list of numbers or null; "
                             f"got {window!r}.")
        if not isinstance(window, str) and window is not None and (
                not isinstance(window, (list, tuple)) or len(window) != self.sequence_length
                or not all(_is_number(w) for w in window)):
            raise ValueError(f"{self.label}: a 'window' list must hold sequence_length={self.sequence_length} "
                             f"numbers; got {window!r}.")
        self.window = window
        self.num_mel_bins = positive_int(self, "num_mel_bins", o["num_mel_bins"])
        for key in ("sampling_rate", "min_freq", "top_db", "mag_exp", "min_power", "ref_power"):
            if not _is_number(o[key]):
                raise ValueError(f"{self.label}: '{key}' must be a number; got {o[key]!r}.")
        if o["sampling_rate"] <= 0:
            raise ValueError(f"{self.label}: 'sampling_rate' must be > 0; got {o['sampling_rate']!r}.")
        self.sampling_rate = o["sampling_rate"]
        self.max_freq = o["max_freq"] or int(self.sampling_rate / 2)
        if not _is_number(self.max_freq):
            raise ValueError(f"{self.label}: 'max_freq' must be a number or null; got {o['max_freq']!r}.")
        self.power_to_db = bool(o["power_to_db"])
        self.min_freq, self.top_db, self.mag_exp = o["min_freq"], o["top_db"], o["mag_exp"]
        self.min_power, self.ref_power = o["min_power"], o["ref_power"]

    def compute_output_shape(self, input_shape):
        if len(input_shape) not in (1, 2):
            self._require_rank(input_shape, (2,), "an audio (batch, samples)")
        time = input_shape[-1]
        frames = None if time is None else (time + self.sequence_stride + 1) // self.sequence_stride
        return tuple(input_shape[:-1]) + (self.num_mel_bins, frames)

    def _window(self, x):
        if self.window == "hann":
            return torch.hann_window(self.sequence_length, periodic=True, dtype=x.dtype, device=x.device)
        if self.window == "hamming":
            return torch.hamming_window(self.sequence_length, periodic=True, dtype=x.dtype, device=x.device)
        if self.window is None:
            return torch.ones((self.sequence_length,), dtype=x.dtype, device=x.device)
        return torch.tensor(self.window, dtype=x.dtype, device=x.device)

    def _spectrogram(self, x):
        """Keras's torch backend stft (center=True), magnitude ** mag_exp; (..., frames, bins)."""
        batch_shape, samples = x.shape[:-1], x.shape[-1]
        if samples <= self.fft_length // 2:
            raise ValueError(f"{self.label}: the input of {samples} samples is too short for fft_length="
                             f"{self.fft_length} (reflect padding needs more than fft_length // 2 samples).")
        stft = torch.stft(x.reshape(-1, samples), n_fft=self.fft_length, hop_length=self.sequence_stride,
                          win_length=self.sequence_length, window=self._window(x), center=True,
                          return_complex=True)
        stft = stft.reshape(*batch_shape, *stft.shape[-2:]).transpose(-2, -1)
        return torch.pow(torch.sqrt(torch.square(stft.real) + torch.square(stft.imag)), self.mag_exp)

    @staticmethod
    def _hertz_to_mel(hertz):
        return _MEL_HIGH_FREQUENCY_Q * torch.log(1.0 + hertz / _MEL_BREAK_FREQUENCY_HERTZ)

    def mel_matrix(self, num_spectrogram_bins, device):
        """Keras's linear_to_mel_weight_matrix in float32: (num_spectrogram_bins, num_mel_bins)."""
        f32 = dict(dtype=torch.float32, device=device)
        nyquist = torch.tensor(self.sampling_rate, **f32) / 2.0
        linear = torch.linspace(0.0, float(nyquist), num_spectrogram_bins, **f32)[1:]
        bins_mel = self._hertz_to_mel(linear).unsqueeze(1)
        edges = torch.linspace(float(self._hertz_to_mel(torch.tensor(float(self.min_freq), **f32))),
                               float(self._hertz_to_mel(torch.tensor(float(self.max_freq), **f32))),
                               self.num_mel_bins + 2, **f32)
        lower, center, upper = (edges[i:i + self.num_mel_bins].reshape(1, -1) for i in range(3))
        lower_slopes = (bins_mel - lower) / (center - lower)
        upper_slopes = (upper - bins_mel) / (upper - center)
        weights = torch.clamp(torch.minimum(lower_slopes, upper_slopes), min=0.0)
        return F.pad(weights, (0, 0, 1, 0))

    def _dbscale(self, x):
        log_spec = 10.0 * torch.log10(torch.clamp(x, min=self.min_power))
        ref = torch.abs(torch.tensor(float(self.ref_power), dtype=x.dtype, device=x.device))
        log_spec = log_spec - 10.0 * torch.log10(torch.clamp(ref, min=self.min_power))
        # Keras clips against the maximum over the whole batch, not per example.
        return torch.maximum(log_spec, torch.max(log_spec) - self.top_db)

    def call(self, x, training):
        spec = self._spectrogram(x)
        out = torch.tensordot(spec, self.mel_matrix(spec.shape[-1], x.device), dims=1)
        if self.power_to_db:
            out = self._dbscale(out)
        return out.transpose(-1, -2)

    def layer_config(self):
        return {"fft_length": self.fft_length, "sequence_stride": self.sequence_stride,
                "sequence_length": self.sequence_length, "window": self.window, "sampling_rate": self.sampling_rate,
                "num_mel_bins": self.num_mel_bins, "min_freq": self.min_freq, "max_freq": self.max_freq,
                "power_to_db": self.power_to_db, "top_db": self.top_db, "mag_exp": self.mag_exp,
                "min_power": self.min_power, "ref_power": self.ref_power}


AUDIO_CLASSES = (STFTSpectrogram, MelSpectrogram)
