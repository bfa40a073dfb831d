"""The LSTM's and GRU's fused paths (torch._VF.lstm / .gru, as Keras's torch backend calls them on CUDA) against
the engine's step-by-step loop (Keras's CPU `_fallback_lstm` / `_fallback_gru`, keras/src/backend/torch/rnn.py):
the same outputs, states and gradients within rounding, for every option the fused path takes (return_sequences,
return_state, go_backwards, no bias, input dropout with the same mask), and the options that keep the loop.
The Keras comparisons themselves are in test_layer_fixtures_recurrent.py.
"""

import pytest
import torch

from kerasbridge.torch_engine.recurrent import GRU, LSTM

CASES = {
    "last": {},
    "sequences": {"return_sequences": True},
    "state": {"return_state": True, "return_sequences": True},
    "backwards": {"go_backwards": True},
    "no_bias": {"use_bias": False},
    "input_dropout": {"dropout": 0.3},
}


def _layer(options, cls=LSTM):
    torch.manual_seed(0)
    layer = cls(dict({"name": cls.class_name.lower(), "units": 4}, **options))
    layer.build((None, 6, 3), torch.device("cpu"))
    with torch.no_grad():  # a non-zero bias, so the bias placement is checked too
        if layer.bias is not None:
            layer.bias.add_(torch.linspace(-0.5, 0.5, layer.bias.numel()).view_as(layer.bias))
    return layer


def _run(layer, fused, x, training):
    layer._fused = (lambda: True) if fused else (lambda: False)
    weights = [w for w in (layer.kernel, layer.recurrent_kernel, layer.bias) if w is not None]
    for w in weights:
        w.grad = None
    torch.manual_seed(1)  # the same dropout mask on both paths
    out = layer.call(x, training)
    outs = out if isinstance(out, list) else [out]
    sum(o.sum() * (i + 1) for i, o in enumerate(outs)).backward()
    return [o.detach().clone() for o in outs], [w.grad.clone() for w in weights]


@pytest.mark.parametrize("cls", [LSTM, GRU], ids=["LSTM", "GRU"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_fused_rnn_matches_the_step_loop(case, cls):
    layer = _layer(CASES[case], cls)
    x = torch.randn(5, 6, 3, generator=torch.Generator().manual_seed(2))
    training = case == "input_dropout"
    fused_out, fused_grads = _run(layer, True, x, training)
    loop_out, loop_grads = _run(layer, False, x, training)
    assert len(fused_out) == len(loop_out)
    for a, e in zip(fused_out + fused_grads, loop_out + loop_grads):
        assert a.shape == e.shape
        assert torch.allclose(a, e, rtol=1e-5, atol=1e-6), (a - e).abs().max()
    if training:  # the mask really dropped something
        assert not torch.allclose(_run(layer, True, x, False)[0][0], fused_out[0])


@pytest.mark.parametrize("options", [{"recurrent_dropout": 0.2}, {"activation": "relu"}, {"recurrent_activation": "hard_sigmoid"}])
def test_other_lstms_keep_the_step_loop(options):
    assert not _layer(options)._fused()
    assert _layer({})._fused()


@pytest.mark.parametrize("options", [{"recurrent_dropout": 0.2}, {"activation": "relu"}, {"reset_after": False}])
def test_other_grus_keep_the_step_loop(options):
    assert not _layer(options, GRU)._fused()
    assert _layer({}, GRU)._fused()
