"""kerasbridge/progbar.py prints what Keras's Progbar (keras/src/utils/progbar.py) prints: the same updates, with
the clock frozen in both, give the same text for verbose 1 and 2."""

import io
import sys

import pytest

from conftest import keras_available
from kerasbridge import progbar

needs_keras = pytest.mark.skipif(not keras_available(), reason="keras is not installed in this Python")


class _Clock:
    def __init__(self):
        self.now = 1000.0

    def time(self):
        self.now += 0.0123
        return self.now


def _run(module, monkeypatch, verbose, steps=7):
    clock = _Clock()
    monkeypatch.setattr(module.time, "time", clock.time)
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    bar = module.Progbar(target=steps, verbose=verbose, stateless_metrics=set()) if module is not progbar else \
        module.Progbar(target=steps, verbose=verbose)
    bar.interval = 0  # every update is drawn
    for step in range(1, steps):
        bar.update(step, [("accuracy", 0.5 + step / 100), ("loss", 1.0 / step), ("tiny", 1e-5 * step)], finalize=False)
    bar.update(steps, [("accuracy", 0.75), ("loss", 0.25), ("tiny", 2e-4)], finalize=True)
    return out.getvalue()


@needs_keras
@pytest.mark.parametrize("verbose", [1, 2])
def test_same_text_as_keras(monkeypatch, verbose):
    from keras.src.utils import io_utils
    from keras.src.utils import progbar as keras_progbar
    monkeypatch.setattr(io_utils, "is_interactive_logging_enabled", lambda: True)
    expected = _run(keras_progbar, monkeypatch, verbose)
    ours = _run(progbar, monkeypatch, verbose)
    assert ours == expected
    assert "7/7" in ours


def test_verbose_argument():
    assert progbar.check_verbose("auto", "fit") == 1
    with pytest.raises(ValueError, match="verbose"):
        progbar.check_verbose(3, "fit")
