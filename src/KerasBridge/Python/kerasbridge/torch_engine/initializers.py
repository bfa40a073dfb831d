"""Keras initializers (keras/src/initializers/random_initializers.py, constant_initializers.py).

Values are drawn on the CPU from torch's global generator (seeded by set_random_seed), or from a
private generator when the initializer's config carries an int seed, then moved to the device.
Fan computation and scaling follow Keras's VarianceScaling exactly; the random streams are
torch's, so values differ from Keras's own draws but follow the same distributions.
"""

import math

import numpy as np
import torch

from kerasbridge.torch_engine import naming
from kerasbridge.torch_engine.serialization import keras_object, split_identifier
from kerasbridge.errors import InvalidArgumentError


def compute_fans(shape, input_axes=None, output_axes=None):
    """Keras's compute_fans: Dense kernel (in, out); Conv kernel (kh, kw, in, out) uses the receptive field."""
    shape = tuple(shape)
    if input_axes is not None and output_axes is not None:
        fan_in = 1
        for axis in input_axes:
            fan_in *= shape[axis]
        fan_out = 1
        for axis in output_axes:
            fan_out *= shape[axis]
        return int(fan_in), int(fan_out)
    if len(shape) < 1:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive_field_size = 1
    for dim in shape[:-2]:
        receptive_field_size *= dim
    return int(shape[-2] * receptive_field_size), int(shape[-1] * receptive_field_size)


class Initializer:
    class_name = "Initializer"

    def __call__(self, shape, device):
        raise NotImplementedError

    def get_config(self):
        return {}

    def serialize(self):
        return keras_object("keras.initializers", self.class_name, self.get_config())


class Zeros(Initializer):
    class_name = "Zeros"

    def __call__(self, shape, device):
        return torch.zeros(shape, dtype=torch.float32, device=device)


class Ones(Initializer):
    class_name = "Ones"

    def __call__(self, shape, device):
        return torch.ones(shape, dtype=torch.float32, device=device)


class Constant(Initializer):
    class_name = "Constant"

    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, device):
        return torch.full(shape, float(self.value), dtype=torch.float32, device=device)

    def get_config(self):
        return {"value": self.value}


class RandomInitializer(Initializer):
    def __init__(self, seed=None):
        if seed is not None and (not isinstance(seed, (int, np.integer)) or isinstance(seed, bool)):
            raise InvalidArgumentError(f"Initializer argument 'seed' must be an int or null; got {seed!r}.")
        self.seed = None if seed is None else int(seed)

    def _generator(self):
        # An explicit seed makes every call draw the same values, as in Keras.
        if self.seed is None:
            return None
        generator = torch.Generator()
        generator.manual_seed(self.seed)
        return generator

    def _uniform(self, shape, low, high, device):
        values = torch.empty(shape, dtype=torch.float32)
        values.uniform_(low, high, generator=self._generator())
        return values.to(device)

    def _normal(self, shape, mean, stddev, device):
        values = torch.empty(shape, dtype=torch.float32)
        values.normal_(mean, stddev, generator=self._generator())
        return values.to(device)

    def _truncated_normal(self, shape, mean, stddev, device):
        # Keras's torch backend: draw 4 standard normals per value, keep the first inside
        # (-2, 2), then scale; the result is a normal truncated at two standard deviations.
        draws = torch.empty(tuple(shape) + (4,), dtype=torch.float32)
        draws.normal_(0.0, 1.0, generator=self._generator())
        valid = (draws > -2) & (draws < 2)
        index = valid.max(-1, keepdim=True)[1]
        values = draws.gather(-1, index).squeeze(-1)
        return (values * stddev + mean).to(device)

    def get_config(self):
        return {"seed": self.seed}


class RandomNormal(RandomInitializer):
    class_name = "RandomNormal"

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean = mean
        self.stddev = stddev

    def __call__(self, shape, device):
        return self._normal(shape, self.mean, self.stddev, device)

    def get_config(self):
        return {"seed": self.seed, "mean": self.mean, "stddev": self.stddev}


class TruncatedNormal(RandomNormal):
    class_name = "TruncatedNormal"

    def __call__(self, shape, device):
        return self._truncated_normal(shape, self.mean, self.stddev, device)


class RandomUniform(RandomInitializer):
    class_name = "RandomUniform"

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        super().__init__(seed)
        self.minval = minval
        self.maxval = maxval

    def __call__(self, shape, device):
        return self._uniform(shape, self.minval, self.maxval, device)

    def get_config(self):
        return {"seed": self.seed, "minval": self.minval, "maxval": self.maxval}


class VarianceScaling(RandomInitializer):
    class_name = "VarianceScaling"

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 input_axes=None, output_axes=None):
        super().__init__(seed)
        if scale <= 0.0:
            raise InvalidArgumentError(f"VarianceScaling argument 'scale' must be positive; got {scale}.")
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise InvalidArgumentError(
                f"VarianceScaling argument 'mode' must be one of fan_in, fan_out, fan_avg; got {mode!r}."
            )
        distribution = str(distribution).lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in ("uniform", "truncated_normal", "untruncated_normal"):
            raise InvalidArgumentError(
                "VarianceScaling argument 'distribution' must be one of uniform, truncated_normal, "
                f"untruncated_normal; got {distribution!r}."
            )
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.input_axes = input_axes
        self.output_axes = output_axes

    def __call__(self, shape, device):
        scale = self.scale
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        if self.mode == "fan_in":
            scale /= max(1.0, fan_in)
        elif self.mode == "fan_out":
            scale /= max(1.0, fan_out)
        else:
            scale /= max(1.0, (fan_in + fan_out) / 2.0)
        if self.distribution == "truncated_normal":
            # 0.8796... is the stddev of a unit normal truncated at +-2.
            return self._truncated_normal(shape, 0.0, math.sqrt(scale) / 0.87962566103423978, device)
        if self.distribution == "untruncated_normal":
            return self._normal(shape, 0.0, math.sqrt(scale), device)
        limit = math.sqrt(3.0 * scale)
        return self._uniform(shape, -limit, limit, device)

    def get_config(self):
        return {
            "seed": self.seed,
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }


def _fixed_variance_scaling(class_name, scale, mode, distribution):
    """GlorotUniform & co.: VarianceScaling presets whose config only holds seed and axes."""

    class Preset(VarianceScaling):
        def __init__(self, seed=None, input_axes=None, output_axes=None):
            super().__init__(scale, mode, distribution, seed, input_axes, output_axes)

        def get_config(self):
            return {"seed": self.seed, "input_axes": self.input_axes, "output_axes": self.output_axes}

    Preset.class_name = class_name
    Preset.__name__ = class_name
    return Preset


GlorotUniform = _fixed_variance_scaling("GlorotUniform", 1.0, "fan_avg", "uniform")
GlorotNormal = _fixed_variance_scaling("GlorotNormal", 1.0, "fan_avg", "truncated_normal")
HeNormal = _fixed_variance_scaling("HeNormal", 2.0, "fan_in", "truncated_normal")
HeUniform = _fixed_variance_scaling("HeUniform", 2.0, "fan_in", "uniform")
LecunNormal = _fixed_variance_scaling("LecunNormal", 1.0, "fan_in", "truncated_normal")
LecunUniform = _fixed_variance_scaling("LecunUniform", 1.0, "fan_in", "uniform")

_CLASSES = [Zeros, Ones, Constant, RandomNormal, TruncatedNormal, RandomUniform, VarianceScaling,
            GlorotUniform, GlorotNormal, HeNormal, HeUniform, LecunNormal, LecunUniform]

# Keras accepts the class name, its snake_case form, and a few aliases.
_BY_NAME = {}
for _cls in _CLASSES:
    _BY_NAME[_cls.class_name] = _cls
    _BY_NAME[naming.to_snake_case(_cls.class_name)] = _cls
_BY_NAME.update({"normal": RandomNormal, "uniform": RandomUniform, "zero": Zeros, "one": Ones})


def get(identifier, argument):
    """An Initializer from a Keras name ("glorot_uniform") or serialized dict."""
    name, config = split_identifier(identifier, argument)
    cls = _BY_NAME.get(name)
    if cls is None:
        valid = sorted({naming.to_snake_case(c.class_name) for c in _CLASSES})
        raise InvalidArgumentError(
            f"Unknown initializer {identifier!r} in argument '{argument}'. "
            f"Valid initializers: {', '.join(valid)}."
        )
    try:
        return cls(**(config or {}))
    except TypeError as e:
        raise InvalidArgumentError(f"Invalid config for initializer {name} in argument '{argument}': {e}.") from None


class Orthogonal(RandomInitializer):
    """keras/src/initializers/random_initializers.py OrthogonalInitializer: QR of a normal draw, the
    signs of R's diagonal applied to Q, transposed when there are fewer rows than columns, times gain."""

    class_name = "Orthogonal"

    def __init__(self, gain=1.0, seed=None):
        super().__init__(seed)
        self.gain = gain

    def __call__(self, shape, device):
        if len(shape) < 2:
            raise InvalidArgumentError(f"The Orthogonal initializer needs a shape of rank >= 2; got {list(shape)}.")
        rows = int(np.prod(shape[:-1]))
        cols = shape[-1]
        a = self._normal((max(rows, cols), min(rows, cols)), 0.0, 1.0, "cpu")
        q, r = torch.linalg.qr(a)
        q = q * torch.sign(torch.diagonal(r))
        if rows < cols:
            q = q.t()
        return (self.gain * q.reshape(shape)).contiguous().to(device)

    def get_config(self):
        return {"seed": self.seed, "gain": self.gain}


_CLASSES.append(Orthogonal)
_BY_NAME.update({"Orthogonal": Orthogonal, "orthogonal": Orthogonal})


class Identity(Initializer):
    """keras/src/initializers/constant_initializers.py Identity: gain * eye(rows, cols), 2D shapes only. Keras's
    get_config writes nothing (a gain other than 1 would not survive its own save); a different gain is written."""

    class_name = "Identity"

    def __init__(self, gain=1.0):
        if isinstance(gain, bool) or not isinstance(gain, (int, float)):
            raise InvalidArgumentError(f"Initializer argument 'gain' must be a number; got {gain!r}.")
        self.gain = gain

    def __call__(self, shape, device):
        if len(shape) != 2:
            raise InvalidArgumentError(f"The Identity initializer needs a 2D shape; got {list(shape)} of rank "
                                       f"{len(shape)}.")
        return (self.gain * torch.eye(*shape, dtype=torch.float32)).to(device)

    def get_config(self):
        return {} if self.gain == 1.0 else {"gain": self.gain}


def _cosine_window(name, length, periodic):
    """scipy.signal.get_window(name, length, fftbins=periodic) for the cosine windows, in float64 as scipy computes
    them (a periodic window is the symmetric one of length + 1 without its last point)."""
    a0 = {"hann": 0.5, "hamming": 0.54}[name]
    if length <= 1:  # scipy's _len_guards
        return np.ones(length)
    points = length + 1 if periodic else length
    n = np.arange(points)
    window = a0 - (1.0 - a0) * np.cos(2.0 * np.pi * n / (points - 1))
    return window[:length]


class STFT(Initializer):
    """keras/src/initializers/constant_initializers.py STFT: for a (frame_length, 1, fft_bins) kernel, cos (real) or
    sin (imag) of -2 pi t f / ((fft_bins - 1) * 2), times the window and divided by its L2 (density) or L1 (spectrum)
    norm, in float32 as Keras's ops compute it. Windows: 'hann', 'hamming', a list of values, or null; other scipy
    window names use scipy when it is installed."""

    class_name = "STFT"

    def __init__(self, side="real", window="hann", scaling="density", periodic=False):
        if side not in ("real", "imag"):
            raise InvalidArgumentError(f"Initializer STFT: 'side' must be 'real' or 'imag'; got {side!r}.")
        if scaling not in (None, "density", "spectrum"):
            raise InvalidArgumentError(f"Initializer STFT: 'scaling' must be null, 'density' or 'spectrum'; got "
                                       f"{scaling!r}.")
        if isinstance(window, str):
            self._window_values(window, 1, bool(periodic))  # refuses an unknown name now, as Keras does
        elif window is not None and (not isinstance(window, (list, tuple)) or not all(
                isinstance(w, (int, float)) and not isinstance(w, bool) for w in window)):
            raise InvalidArgumentError(f"Initializer STFT: 'window' must be a window name, a list of numbers or null; "
                                       f"got {window!r}.")
        self.side, self.window, self.scaling, self.periodic = side, window, scaling, bool(periodic)

    @staticmethod
    def _window_values(name, length, periodic):
        if name in ("hann", "hamming"):
            return _cosine_window(name, length, periodic)
        try:
            import scipy.signal
        except ImportError:
            raise InvalidArgumentError(f"Initializer STFT: window {name!r} needs scipy, which is not installed; "
                                       f"'hann', 'hamming' and lists of values work without it.") from None
        try:
            return scipy.signal.get_window(name, length, periodic)
        except ValueError as e:
            raise InvalidArgumentError(f"Initializer STFT: unknown window {name!r} ({e}).") from None

    def __call__(self, shape, device):
        if len(shape) != 3 or shape[1] != 1:
            raise InvalidArgumentError(f"The STFT initializer needs a kernel shape (frame_length, 1, fft_bins); got "
                                       f"{list(shape)}.")
        frame_length, _, fft_length = shape
        win, scaling = None, 1
        if self.window is not None:
            values = self.window
            if isinstance(values, str):
                values = self._window_values(values, frame_length, self.periodic)
            win = torch.as_tensor(np.asarray(values), dtype=torch.float32)
            if win.dim() != 1 or win.shape[-1] != frame_length:
                raise InvalidArgumentError(f"Initializer STFT: the window must have frame_length={frame_length} "
                                           f"values; got shape {list(win.shape)}.")
            win = win.reshape(frame_length, 1, 1)
            if self.scaling == "density":
                scaling = torch.sqrt(torch.sum(torch.square(win)))
            elif self.scaling == "spectrum":
                scaling = torch.sum(torch.abs(win))
        freq = torch.arange(fft_length, dtype=torch.float32).reshape(1, 1, fft_length) / ((fft_length - 1) * 2)
        time = torch.arange(frame_length, dtype=torch.float32).reshape(frame_length, 1, 1)
        args = (-2 * time) * freq * torch.arccos(torch.tensor(-1.0, dtype=torch.float32))
        kernel = torch.cos(args) if self.side == "real" else torch.sin(args)
        if win is not None:
            kernel = (kernel * win) / scaling
        return kernel.to(device)

    def get_config(self):
        return {"side": self.side, "window": self.window, "periodic": self.periodic, "scaling": self.scaling}


_CLASSES += [Identity, STFT]
_BY_NAME.update({"Identity": Identity, "identity": Identity, "IdentityInitializer": Identity,
                 "STFT": STFT, "stft": STFT, "STFTInitializer": STFT})
