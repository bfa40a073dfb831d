"""Dropout's noise_shape on the PyTorch engine (keras/src/layers/regularization/dropout.py): one mask of the noise
shape (None entries from the input), broadcast over the input; identity in inference; kept in the config."""

import numpy as np
import torch

from kerasbridge.torch_engine.registry import layer_from_config


def test_noise_shape_drops_whole_rows_and_round_trips():
    layer = layer_from_config({"class_name": "Dropout", "config": {"name": "d", "rate": 0.5, "noise_shape": [None, 1]}})
    layer.build((None, 6), "cpu")
    x = torch.ones(400, 6)
    torch.manual_seed(0)
    y = layer.call(x, training=True).numpy()
    for row in y:
        assert np.all(row == 0) or np.all(row == 2.0)  # kept values scaled by 1 / (1 - rate)
    assert 0.35 < np.mean(y[:, 0] == 0) < 0.65
    assert torch.equal(layer.call(x, training=False), x)
    assert layer.get_config()["noise_shape"] == [None, 1]
