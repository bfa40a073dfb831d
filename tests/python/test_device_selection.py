"""Where the PyTorch engine computes (kerasbridge/torch_engine/device.py): the CPU when torch sees no GPU, the
first GPU when it does, KERAS_TORCH_DEVICE (Keras's own variable) or an explicit device overriding it; a GPU torch
cannot see is refused naming the device, the source of the request and the reason; float32 flags are reported.
The CUDA branches that need a GPU run in tools/gpu_check on the device machine; here torch.cuda is patched only
where a test says so."""

import pytest
import torch

from kerasbridge import bridge
from kerasbridge.errors import EngineUnavailableError, InvalidArgumentError
from kerasbridge.torch_engine import device as device_module
from kerasbridge.torch_engine.device import choose_device, precision_settings
from kerasbridge.torch_engine.engine import TorchEngine

NO_GPU = pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU")


@pytest.fixture(autouse=True)
def no_device_variable(monkeypatch):
    monkeypatch.delenv("KERAS_TORCH_DEVICE", raising=False)


@NO_GPU
def test_auto_is_the_cpu_without_a_gpu():
    assert choose_device() == torch.device("cpu")
    assert choose_device("auto") == torch.device("cpu")
    engine = TorchEngine()
    assert (engine.device, engine.torch_device.type) == ("cpu", "cpu")
    assert bridge.engine_status()["torch"]["device"] == "cpu"


def test_auto_is_the_first_gpu_when_torch_sees_one(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert choose_device() == torch.device("cuda:0")


@NO_GPU
@pytest.mark.parametrize("request_", ["cuda", "cuda:0", "CUDA:1"])
def test_an_explicit_gpu_is_refused_clearly_without_one(request_):
    with pytest.raises(EngineUnavailableError) as error:
        TorchEngine(request_)
    message = str(error.value)
    assert message.startswith(f"The PyTorch engine cannot run on the requested device: device '{request_}' (argument "
                              f"'device') is not usable here: torch {torch.__version__} sees no CUDA GPU (torch.cuda.is_available() is False")
    assert message.endswith("use 'cpu' or 'auto'.")


@NO_GPU
def test_keras_torch_device_moves_the_engine_and_is_refused_clearly(monkeypatch):
    monkeypatch.setenv("KERAS_TORCH_DEVICE", "cpu")
    assert choose_device() == torch.device("cpu")
    monkeypatch.setenv("KERAS_TORCH_DEVICE", "cuda")
    with pytest.raises(EngineUnavailableError, match=r"'cuda' \(environment variable KERAS_TORCH_DEVICE\)"):
        choose_device()
    status = bridge.engine_status()["torch"]
    assert status["available"] is False
    assert status["reason"].startswith("device 'cuda' (environment variable KERAS_TORCH_DEVICE) is not usable here: ")
    with pytest.raises(EngineUnavailableError) as error:  # get_engine quotes the reason once
        bridge._make_torch_engine()
    assert str(error.value).startswith("The PyTorch engine is not available: device 'cuda' (environment variable")
    assert str(error.value).endswith("use 'cpu' or 'auto'.")
    # An explicit device wins over the variable.
    assert TorchEngine("cpu").device == "cpu"


def test_a_gpu_index_torch_does_not_have_is_refused(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    with pytest.raises(EngineUnavailableError, match=r"'cuda:3' .*sees 1 CUDA GPU\(s\), cuda:0 to cuda:0\.$"):
        choose_device("cuda:3")
    assert choose_device("cuda:0") == torch.device("cuda:0")


@pytest.mark.parametrize("bad", ["gpu", "mps", "cuda:x", "", 0, True])
def test_other_device_names_are_refused_naming_the_argument(bad):
    with pytest.raises(InvalidArgumentError) as error:
        choose_device(bad)
    assert "argument 'device' must be 'auto', 'cpu', 'cuda' or 'cuda:N'; got" in str(error.value)
    assert error.value.argument == "device"


def test_float32_arithmetic_uses_one_tf32_api(monkeypatch):
    """The flags the engine sets on a GPU: TF32 off. On torch < 2.9 the allow_tf32 pair; torch >= 2.9 refuses a
    mix of those with its fp32_precision flags, so there only the new ones are written."""
    matmul, cudnn = torch.backends.cuda.matmul, torch.backends.cudnn
    saved = (matmul.allow_tf32, cudnn.allow_tf32)
    try:
        device_module.use_float32_arithmetic()
        settings = precision_settings()
        if device_module.has_fp32_precision_flags():
            assert settings["matmul.fp32_precision"] == "ieee" and settings["cudnn.conv.fp32_precision"] == "ieee"
        else:
            assert (settings["matmul.allow_tf32"], settings["cudnn.allow_tf32"]) == (False, False)
            assert settings["cudnn.conv.fp32_precision"].startswith("unreadable")
        assert set(settings) >= {"cudnn.benchmark", "cudnn.deterministic", "float32_matmul_precision"}
    finally:
        if not device_module.has_fp32_precision_flags():
            matmul.allow_tf32, cudnn.allow_tf32 = saved


class _NewApiFlags:
    """A torch >= 2.9 flags object: fp32_precision is the setting; touching the legacy allow_tf32 after it is the
    mix torch refuses, so the stand-in raises as torch does."""

    def __init__(self, value="tf32"):
        self.fp32_precision = value

    @property
    def allow_tf32(self):
        raise RuntimeError("mix of the legacy and new APIs to set the TF32 status")

    @allow_tf32.setter
    def allow_tf32(self, value):
        raise RuntimeError("mix of the legacy and new APIs to set the TF32 status")


def test_float32_arithmetic_on_torch_2_9_sets_every_new_flag_and_no_legacy_one(monkeypatch):
    """The branch the GPU machine's torch 2.11 takes: the top-level, matmul, cuDNN, cuDNN conv and cuDNN RNN flags
    all 'ieee', and the legacy allow_tf32 flags neither written nor read (torch raises on a mix)."""
    from types import SimpleNamespace

    cudnn = _NewApiFlags()
    cudnn.conv, cudnn.rnn = _NewApiFlags(), _NewApiFlags()
    cudnn.benchmark, cudnn.deterministic = False, False
    backends = SimpleNamespace(fp32_precision="none", cuda=SimpleNamespace(matmul=_NewApiFlags("ieee")), cudnn=cudnn)
    fake = SimpleNamespace(backends=backends, get_float32_matmul_precision=lambda: "highest")
    monkeypatch.setattr(device_module, "torch", fake)
    assert device_module.has_fp32_precision_flags()
    device_module.use_float32_arithmetic()
    assert [backends.fp32_precision, backends.cuda.matmul.fp32_precision, cudnn.fp32_precision,
            cudnn.conv.fp32_precision, cudnn.rnn.fp32_precision] == ["ieee"] * 5
    settings = precision_settings()
    assert settings["cudnn.conv.fp32_precision"] == "ieee" and settings["cudnn.rnn.fp32_precision"] == "ieee"
    assert settings["cudnn.allow_tf32"] == "unreadable: RuntimeError"  # reported, not raised
