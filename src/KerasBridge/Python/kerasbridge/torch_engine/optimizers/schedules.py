"""Keras's learning-rate schedules (keras/src/optimizers/schedules/learning_rate_schedule.py).

Each __call__ repeats Keras's op sequence on float32 tensors (Keras converts the initial learning
rate with convert_to_tensor, i.e. to float32, and casts the step and every other number to that
dtype), so the rates equal Keras's bit for bit. The step is the optimizer's iteration count before
the update, as Keras's optimizer passes `self._iterations`.
"""

import math

import torch

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine.serialization import keras_object, split_identifier

_F32 = torch.float32


def _t(value):
    return torch.tensor(value, dtype=_F32)


def _number(value, argument, schedule, positive=False, integer=False):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not float(value).is_integer()):
        kind = "an int" if integer else "a number"
        raise InvalidArgumentError(f"{schedule}: argument '{argument}' must be {kind}; got {value!r}.")
    if positive and not value > 0:
        raise InvalidArgumentError(f"{schedule}: argument '{argument}' must be > 0; got {value!r}.")
    return value


class LearningRateSchedule:
    class_name = "LearningRateSchedule"
    # (argument, default or _REQUIRED) in Keras's get_config order.
    options = ()

    def __init__(self, **kwargs):
        unknown = sorted(set(kwargs) - {name for name, _ in self.options})
        if unknown:
            raise InvalidArgumentError(f"{self.class_name}: unknown argument(s) {unknown}.")
        for name, default in self.options:
            if name not in kwargs and default is _REQUIRED:
                raise InvalidArgumentError(f"{self.class_name}: argument '{name}' is required.")
            setattr(self, name, kwargs.get(name, default))
        self.check()

    def check(self):
        pass

    def __call__(self, step):
        """The learning rate (a 0-dim float32 tensor) at optimizer iteration `step`."""
        raise NotImplementedError

    def get_config(self):
        return {name: getattr(self, name) for name, _ in self.options}

    def serialize(self):
        return keras_object("keras.optimizers.schedules", self.class_name, self.get_config())


_REQUIRED = object()


class _StepDecay(LearningRateSchedule):
    """ExponentialDecay and InverseTimeDecay: the same options and checks, and progress step / decay_steps, floored
    when staircase."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.options = (("initial_learning_rate", _REQUIRED), ("decay_steps", _REQUIRED), ("decay_rate", _REQUIRED),
                       ("staircase", False), ("name", cls.class_name))

    def check(self):
        _number(self.initial_learning_rate, "initial_learning_rate", self.class_name)
        _number(self.decay_steps, "decay_steps", self.class_name, positive=True)
        _number(self.decay_rate, "decay_rate", self.class_name)

    def _progress(self, step):
        p = _t(step) / _t(self.decay_steps)
        return torch.floor(p) if self.staircase else p


class ExponentialDecay(_StepDecay):
    class_name = "ExponentialDecay"

    def __call__(self, step):
        return _t(self.initial_learning_rate) * torch.pow(_t(self.decay_rate), self._progress(step))


class PiecewiseConstantDecay(LearningRateSchedule):
    class_name = "PiecewiseConstantDecay"
    options = (("boundaries", _REQUIRED), ("values", _REQUIRED), ("name", "PiecewiseConstant"))

    def check(self):
        if not isinstance(self.boundaries, (list, tuple)) or not isinstance(self.values, (list, tuple)):
            raise InvalidArgumentError(f"{self.class_name}: 'boundaries' and 'values' must be lists.")
        if len(self.boundaries) != len(self.values) - 1:
            raise InvalidArgumentError(
                f"{self.class_name}: the length of 'boundaries' should be 1 less than the length of 'values'; "
                f"got boundaries of length {len(self.boundaries)} and values of length {len(self.values)}.")
        self.boundaries = list(self.boundaries)
        self.values = list(self.values)

    def __call__(self, step):
        # Keras compares the step (an int64) with the boundaries cast to the step's dtype (truncating floats).
        step = int(step)
        boundaries = [int(b) for b in self.boundaries]
        values = [_t(v) for v in self.values]
        result = _t(0.0)
        result = result + float(step <= boundaries[0]) * values[0]
        result = result + float(step > boundaries[-1]) * values[-1]
        for low, high, value in zip(boundaries[:-1], boundaries[1:], values[1:-1]):
            result = result + float(low < step <= high) * value
        return result


class PolynomialDecay(LearningRateSchedule):
    class_name = "PolynomialDecay"
    options = (("initial_learning_rate", _REQUIRED), ("decay_steps", _REQUIRED), ("end_learning_rate", 0.0001),
               ("power", 1.0), ("cycle", False), ("name", "PolynomialDecay"))

    def check(self):
        _number(self.initial_learning_rate, "initial_learning_rate", self.class_name)
        _number(self.decay_steps, "decay_steps", self.class_name, positive=True)

    def __call__(self, step):
        initial = _t(self.initial_learning_rate)
        end = _t(self.end_learning_rate)
        power = _t(self.power)
        global_step = _t(step)
        decay_steps = _t(self.decay_steps)
        if self.cycle:
            multiplier = _t(1.0) if step == 0 else torch.ceil(global_step / self.decay_steps)
            decay_steps = decay_steps * multiplier
        else:
            global_step = torch.minimum(global_step, decay_steps)
        p = global_step / decay_steps
        return (initial - end) * torch.pow(1 - p, power) + end


class InverseTimeDecay(_StepDecay):
    class_name = "InverseTimeDecay"

    def __call__(self, step):
        return _t(self.initial_learning_rate) / (_t(1.0) + _t(self.decay_rate) * self._progress(step))


class CosineDecay(LearningRateSchedule):
    class_name = "CosineDecay"
    options = (("initial_learning_rate", _REQUIRED), ("decay_steps", _REQUIRED), ("alpha", 0.0),
               ("name", "CosineDecay"), ("warmup_target", None), ("warmup_steps", 0))

    def check(self):
        _number(self.initial_learning_rate, "initial_learning_rate", self.class_name)
        _number(self.decay_steps, "decay_steps", self.class_name, positive=True)
        if self.warmup_target is not None:
            _number(self.warmup_target, "warmup_target", self.class_name)
        _number(self.warmup_steps, "warmup_steps", self.class_name)

    def _decay(self, step, decay_steps, decay_from_lr):
        completed_fraction = step / decay_steps
        cosine_decayed = 0.5 * (1.0 + torch.cos(_t(math.pi) * completed_fraction))
        decayed = (1 - self.alpha) * cosine_decayed + self.alpha
        return decay_from_lr * decayed

    def __call__(self, step):
        initial = _t(self.initial_learning_rate)
        decay_steps = _t(self.decay_steps)
        global_step = _t(step)
        if self.warmup_target is None:
            return self._decay(torch.minimum(global_step, decay_steps), decay_steps, initial)
        warmup_target = _t(self.warmup_target)
        warmup_steps = _t(self.warmup_steps)
        global_step = torch.minimum(global_step, decay_steps + warmup_steps)
        if global_step < warmup_steps:
            return (warmup_target - initial) * (global_step / warmup_steps) + initial
        return self._decay(global_step - warmup_steps, decay_steps, warmup_target)


class CosineDecayRestarts(LearningRateSchedule):
    class_name = "CosineDecayRestarts"
    options = (("initial_learning_rate", _REQUIRED), ("first_decay_steps", _REQUIRED), ("t_mul", 2.0),
               ("m_mul", 1.0), ("alpha", 0.0), ("name", "SGDRDecay"))

    def check(self):
        _number(self.initial_learning_rate, "initial_learning_rate", self.class_name)
        _number(self.first_decay_steps, "first_decay_steps", self.class_name, positive=True)

    def __call__(self, step):
        initial = _t(self.initial_learning_rate)
        first_decay_steps = _t(self.first_decay_steps)
        alpha = _t(self.alpha)
        t_mul = _t(self.t_mul)
        m_mul = _t(self.m_mul)
        completed_fraction = _t(step) / first_decay_steps
        if t_mul == 1.0:
            i_restart = torch.floor(completed_fraction)
            completed_fraction = completed_fraction - i_restart
        else:
            i_restart = torch.floor(torch.log(1.0 - completed_fraction * (1.0 - t_mul)) / torch.log(t_mul))
            sum_r = (1.0 - torch.pow(t_mul, i_restart)) / (1.0 - t_mul)
            completed_fraction = (completed_fraction - sum_r) / torch.pow(t_mul, i_restart)
        m_fac = torch.pow(m_mul, i_restart)
        cosine_decayed = 0.5 * m_fac * (1.0 + torch.cos(_t(math.pi) * completed_fraction))
        decayed = (1 - alpha) * cosine_decayed + alpha
        return initial * decayed


SCHEDULES = {cls.class_name: cls for cls in (ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay,
                                              InverseTimeDecay, CosineDecay, CosineDecayRestarts)}


def get(identifier, argument="learning_rate"):
    """A schedule from its serialized dict ({"class_name": "ExponentialDecay", "config": {...}})."""
    name, config = split_identifier(identifier, argument)
    cls = SCHEDULES.get(name)
    if cls is None:
        raise InvalidArgumentError(
            f"Unknown learning-rate schedule {name!r} in argument '{argument}'. "
            f"Valid schedules: {', '.join(sorted(SCHEDULES))}.")
    return cls(**(config or {}))
