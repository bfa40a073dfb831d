"""Keras 3 optimizers with the exact update arithmetic of Keras's torch backend
(keras/src/backend/torch/optimizers/torch_sgd.py, torch_adam.py, torch_rmsprop.py; defaults and
variable order from keras/src/optimizers/sgd.py, adam.py, rmsprop.py, base_optimizer.py).

These differ from torch.optim: Keras's Adam adds epsilon to sqrt(v) after folding both bias
corrections into the step size, and its RMSprop takes sqrt(v + epsilon). The learning rate is a
float32 variable in Keras, so it is held (and reported) as a float32 value here too.

Optimizer variables, in Keras's order (what .keras files store under optimizer/vars):
iteration, learning_rate, then the slots: SGD momentum per variable (only when momentum != 0);
Adam momentum and velocity interleaved per variable (then velocity_hat per variable with
amsgrad); RMSprop velocity per variable, then momentum per variable (momentum > 0), then
average_gradient per variable (centered).
"""

import numpy as np
import torch

from kerasbridge.torch_engine import naming
from kerasbridge.torch_engine.serialization import float32_value, keras_object, split_identifier
from kerasbridge.errors import InvalidArgumentError

# Base-optimizer options Keras accepts; only their defaults are implemented here.
_BASE_DEFAULTS = {
    "weight_decay": None,
    "clipnorm": None,
    "global_clipnorm": None,
    "clipvalue": None,
    "use_ema": False,
    "ema_momentum": 0.99,
    "ema_overwrite_frequency": None,
    "loss_scale_factor": None,
    "gradient_accumulation_steps": None,
}


class Optimizer:
    class_name = "Optimizer"
    default_learning_rate = 0.001

    def __init__(self, learning_rate=None, name=None, **base_options):
        if learning_rate is None:
            learning_rate = self.default_learning_rate
        if isinstance(learning_rate, dict):
            raise ValueError(
                f"{self.class_name}: learning-rate schedules are not supported by the PyTorch engine; "
                "give 'learning_rate' as a number."
            )
        if not isinstance(learning_rate, (int, float)) or isinstance(learning_rate, bool) or learning_rate < 0:
            raise ValueError(
                f"{self.class_name}: 'learning_rate' must be a non-negative number; got {learning_rate!r}."
            )
        for key, value in base_options.items():
            if key not in _BASE_DEFAULTS:
                raise ValueError(f"{self.class_name}: unknown option '{key}'.")
            if key == "ema_momentum":
                continue  # only used with use_ema
            if value != _BASE_DEFAULTS[key]:
                raise ValueError(
                    f"{self.class_name}: option '{key}'={value!r} is not supported by the PyTorch engine; "
                    f"only {_BASE_DEFAULTS[key]!r} is."
                )
        self.ema_momentum = base_options.get("ema_momentum", 0.99)
        self.name = name or naming.auto_name(self.class_name)
        self.learning_rate = float32_value(learning_rate)
        self.iterations = 0
        self.built = False
        self.params = []

    # ----- variables -----
    def build(self, params):
        """Creates the slot variables for the model's trainable tensors (in model order)."""
        self.params = list(params)
        self._build_slots()
        self.built = True

    def _build_slots(self):
        pass

    def slots(self):
        """The slot tensors in Keras's variable order."""
        return []

    def get_variables(self):
        """All optimizer variables as numpy arrays, in Keras's order. Like Keras, iteration and
        learning_rate exist (and are saved) even before the slots are built."""
        values = [np.array(self.iterations, dtype=np.int32), np.array(self.learning_rate, dtype=np.float32)]
        values.extend(s.detach().cpu().numpy().copy() for s in self.slots())
        return values

    def variable_count(self):
        """Number of scalars in the optimizer's variables (Keras's 'Optimizer params')."""
        return 2 + sum(s.numel() for s in self.slots())

    def set_variables(self, values):
        """Loads variables saved by Keras; returns False (changing nothing) when they do not fit."""
        slots = self.slots()
        if len(values) != 2 + len(slots):
            return False
        for slot, value in zip(slots, values[2:]):
            if tuple(np.shape(value)) != tuple(slot.shape):
                return False
        self.iterations = int(np.asarray(values[0]))
        self.learning_rate = float32_value(np.asarray(values[1]))
        with torch.no_grad():
            for slot, value in zip(slots, values[2:]):
                slot.copy_(torch.as_tensor(np.asarray(value, dtype=np.float32), device=slot.device))
        return True

    # ----- updating -----
    @torch.no_grad()
    def apply(self, grads):
        """One Keras optimizer step for self.params given their gradients."""
        self._update(list(grads), self.params)
        self.iterations += 1

    def _update(self, grads, params):
        raise NotImplementedError

    # ----- serialization -----
    def get_config(self):
        config = {"name": self.name, "learning_rate": self.learning_rate}
        config.update(_BASE_DEFAULTS)
        config["ema_momentum"] = self.ema_momentum
        return config

    def serialize(self):
        return keras_object("keras.optimizers", self.class_name, self.get_config())


class SGD(Optimizer):
    class_name = "SGD"
    default_learning_rate = 0.01

    def __init__(self, learning_rate=None, momentum=0.0, nesterov=False, name=None, **base_options):
        super().__init__(learning_rate, name, **base_options)
        if not isinstance(momentum, (int, float)) or not 0 <= momentum <= 1:
            raise ValueError(f"SGD: 'momentum' must be a number in [0, 1]; got {momentum!r}.")
        self.momentum = momentum
        self.nesterov = bool(nesterov)
        self.momentums = []

    def _build_slots(self):
        self.momentums = [torch.zeros_like(p) for p in self.params] if self.momentum != 0 else []

    def slots(self):
        return list(self.momentums)

    def _update(self, grads, params):
        lr = self.learning_rate
        if self.momentum != 0:
            bufs = self.momentums
            # m = m * momentum - lr * g; then w += m (nesterov: w += -lr * g + momentum * m).
            torch._foreach_mul_(bufs, self.momentum)
            torch._foreach_add_(bufs, grads, alpha=-lr)
            if self.nesterov:
                torch._foreach_add_(params, grads, alpha=-lr)
                torch._foreach_add_(params, bufs, alpha=self.momentum)
            else:
                torch._foreach_add_(params, bufs)
        else:
            torch._foreach_add_(params, grads, alpha=-lr)

    def get_config(self):
        config = super().get_config()
        config.update({"momentum": self.momentum, "nesterov": self.nesterov})
        return config


class Adam(Optimizer):
    class_name = "Adam"

    def __init__(self, learning_rate=None, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False, name=None,
                 **base_options):
        super().__init__(learning_rate, name, **base_options)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.amsgrad = bool(amsgrad)
        self.momentums = []
        self.velocities = []
        self.velocity_hats = []

    def _build_slots(self):
        self.momentums = [torch.zeros_like(p) for p in self.params]
        self.velocities = [torch.zeros_like(p) for p in self.params]
        self.velocity_hats = [torch.zeros_like(p) for p in self.params] if self.amsgrad else []

    def slots(self):
        interleaved = []
        for m, v in zip(self.momentums, self.velocities):
            interleaved.extend((m, v))
        return interleaved + list(self.velocity_hats)

    def _step_size(self):
        # Keras computes alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t) with float32 tensors.
        f32 = torch.float32
        lr = torch.tensor(self.learning_rate, dtype=f32)
        local_step = torch.tensor(float(self.iterations + 1), dtype=f32)
        beta_1_power = torch.pow(torch.tensor(self.beta_1, dtype=f32), local_step)
        beta_2_power = torch.pow(torch.tensor(self.beta_2, dtype=f32), local_step)
        return (lr * torch.sqrt(1 - beta_2_power) / (1 - beta_1_power)).item()

    def _update(self, grads, params):
        alpha = self._step_size()
        m_list = self.momentums
        v_list = self.velocities
        torch._foreach_mul_(m_list, self.beta_1)
        torch._foreach_add_(m_list, grads, alpha=1 - self.beta_1)
        torch._foreach_mul_(v_list, self.beta_2)
        torch._foreach_add_(v_list, torch._foreach_mul(grads, grads), alpha=1 - self.beta_2)
        if self.amsgrad:
            torch._foreach_maximum_(self.velocity_hats, v_list)
            v_list = self.velocity_hats
        # w -= (m * alpha) / (sqrt(v) + epsilon)
        torch._foreach_add_(
            params,
            torch._foreach_div(torch._foreach_mul(m_list, alpha), torch._foreach_add(torch._foreach_sqrt(v_list), self.epsilon)),
            alpha=-1,
        )

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon, "amsgrad": self.amsgrad})
        return config


class RMSprop(Optimizer):
    class_name = "RMSprop"

    def __init__(self, learning_rate=None, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False, name=None,
                 **base_options):
        super().__init__(learning_rate, name, **base_options)
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = bool(centered)
        self.velocities = []
        self.momentums = []
        self.average_gradients = []

    def _build_slots(self):
        self.velocities = [torch.zeros_like(p) for p in self.params]
        self.momentums = [torch.zeros_like(p) for p in self.params] if self.momentum > 0 else []
        self.average_gradients = [torch.zeros_like(p) for p in self.params] if self.centered else []

    def slots(self):
        return list(self.velocities) + list(self.momentums) + list(self.average_gradients)

    def _update(self, grads, params):
        rho = self.rho
        velocities = self.velocities
        # v = rho * v + (1 - rho) * g^2; w -= lr * g / sqrt(v + epsilon)  (centered: v - avg_g^2 + eps)
        torch._foreach_mul_(velocities, rho)
        torch._foreach_add_(velocities, torch._foreach_mul(grads, grads), alpha=1 - rho)
        denominators = torch._foreach_add(velocities, self.epsilon)
        if self.centered:
            average_grads = self.average_gradients
            torch._foreach_mul_(average_grads, rho)
            torch._foreach_add_(average_grads, grads, alpha=1 - rho)
            torch._foreach_add_(denominators, torch._foreach_mul(average_grads, average_grads), alpha=-1)
        torch._foreach_sqrt_(denominators)
        increments = torch._foreach_div(torch._foreach_mul(grads, self.learning_rate), denominators)
        if self.momentum > 0:
            torch._foreach_mul_(self.momentums, self.momentum)
            torch._foreach_add_(self.momentums, increments)
            torch._foreach_add_(params, self.momentums, alpha=-1)
        else:
            torch._foreach_add_(params, increments, alpha=-1)

    def get_config(self):
        config = super().get_config()
        config.update({"rho": self.rho, "momentum": self.momentum, "epsilon": self.epsilon, "centered": self.centered})
        return config


_CLASSES = {cls.class_name.lower(): cls for cls in (SGD, Adam, RMSprop)}


def names():
    return sorted(_CLASSES)


def get(identifier, argument="optimizer"):
    """An optimizer from a Keras name ("adam") or serialized dict (class names are case-insensitive)."""
    name, config = split_identifier(identifier, argument)
    cls = _CLASSES.get(str(name).lower())
    if cls is None:
        raise InvalidArgumentError(
            f"Unknown optimizer {identifier!r} in argument '{argument}'. Valid optimizers: {', '.join(names())}."
        )
    config = dict(config or {})
    try:
        return cls(**config)
    except TypeError as e:
        raise InvalidArgumentError(f"Invalid config for optimizer {cls.class_name} in argument '{argument}': {e}.") from None
