"""fit/evaluate on a GPU: a large x is copied to the device for its finiteness check and scanned there.

The host scan (validation.finite) of episode 4's 800 MB of images took 176 ms on the H200 machine, longer than the
host -> device copy (129 ms) that fit makes anyway, and a third of the whole fit's time; on the device the scan is
free. The copy is kept (model._staged, by the array's id) for the trainer's _tensor to take instead of copying again,
and released however the call ends (releases_staged).
"""
import functools

import torch

from kerasbridge import validation

# Below this the host scan costs less than a device round trip.
DEVICE_SCAN_BYTES = 1 << 24


def begin(model, on_device):
    """Called by fit/evaluate before their checks: whether x may be staged on the device."""
    model._staged, model._stage_x = {}, on_device


def check_on_device(model, x, argument, method):
    """validation.finite over a device copy of x, kept for take(); False when the host should scan instead."""
    if not (getattr(model, "_stage_x", False) and model._on_gpu and x.dtype.kind == "f" and x.nbytes >= DEVICE_SCAN_BYTES):
        return False
    tensor = model._tensor(x)
    if not bool(torch.isfinite(tensor).all()):
        validation.finite(x, argument, method)  # counts the bad values on the host and raises
    model._staged[id(x)] = (x, tensor)
    return True


def take(model, array):
    """The device copy check_on_device made of this very array, once; else None."""
    staged = getattr(model, "_staged", None)
    entry = staged.pop(id(array), None) if staged else None
    return entry[1] if entry is not None and entry[0] is array else None


def releases_staged(method):
    """Decorates fit/evaluate: the staged copies are released however the call ends."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        finally:
            self._staged, self._stage_x = {}, False
    return wrapper
