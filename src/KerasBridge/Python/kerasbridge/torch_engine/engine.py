"""The PyTorch engine's entry point (the `Engine` of docs/python-engine-contract.md)."""

import random

import numpy as np
import torch

from kerasbridge.errors import ModelFileError, UnsafeModelError
from kerasbridge.torch_engine import losses
from kerasbridge.torch_engine.device import choose_device, use_float32_arithmetic
from kerasbridge.torch_engine.functional import build_model
from kerasbridge.errors import InvalidArgumentError


class TorchEngine:
    name = "torch"

    def __init__(self, device=None):
        # The first GPU when there is one, as Keras's torch backend does; KERAS_TORCH_DEVICE or `device`
        # chooses another (kerasbridge/torch_engine/device.py).
        self.torch_device = choose_device(device)
        self.device = str(self.torch_device)
        if self.torch_device.type == "cuda":
            use_float32_arithmetic()
        self.version = f"torch {torch.__version__}"

    def set_random_seed(self, seed):
        """Like keras.utils.set_random_seed: seeds Python's random, numpy and torch (CPU and GPUs)."""
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32:
            raise InvalidArgumentError(f"set_random_seed: argument 'seed' must be an integer in [0, 2**32); got {seed!r}.")
        seed = int(seed)
        random.seed(seed)
        np.random.seed(seed)
        torch.manual_seed(seed)

    def model_from_config(self, config):
        """Builds the Sequential or Functional model described by a Keras config.json dict (and
        compiles it when the dict has a compile_config)."""
        return build_model(self, config)

    def load_model(self, path, safe_mode=True):
        """Opens a .keras file (or legacy .h5) written by Keras or by this library."""
        from kerasbridge.model_files import read_model_file

        path = str(path)
        loaded = read_model_file(path, safe_mode=safe_mode)
        try:
            model = build_model(self, loaded.config)
        except (ModelFileError, UnsafeModelError):
            raise
        except ValueError as e:
            raise ModelFileError(path, f"its model cannot be run by the PyTorch engine: {e}") from None
        model.assign_layer_weights(loaded.layer_weights, path)
        from kerasbridge.torch_engine.layer_files import load_layer_files

        load_layer_files(model.layers, loaded.layer_state, loaded.layer_assets if loaded.format == "keras" else None,
                         path)
        model.load_optimizer_variables(loaded.optimizer_variables)
        return model

    def loss_values(self, loss, y_true, y_pred):
        """Per-sample values of `loss` (a Keras loss name or serialized dict), as Keras's loss
        function computes them before reduction. Always at least 1-D."""
        y_pred = np.asarray(y_pred, dtype=np.float32)
        y_true = np.asarray(y_true)
        if y_true.dtype.kind not in "biuf" or y_pred.dtype.kind != "f":
            raise ValueError("loss_values: arguments 'y_true' and 'y_pred' must be numeric arrays.")
        y_true = y_true.astype(np.float32)
        if y_true.shape[:1] != y_pred.shape[:1]:
            raise ValueError(
                f"loss_values: 'y_true' and 'y_pred' must have the same number of samples; got shapes "
                f"{y_true.shape} and {y_pred.shape}."
            )
        loss_obj = losses.resolve(loss, y_true.shape, y_pred.shape)
        with torch.no_grad():
            values = loss_obj.values(torch.from_numpy(y_true.copy()), torch.from_numpy(y_pred.copy()))
        return np.atleast_1d(values.numpy().astype(np.float32))
