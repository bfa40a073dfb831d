"""Keras's progress output for the PyTorch engine: Progbar from keras/src/utils/progbar.py and the
ProgbarLogger callback from keras/src/callbacks/progbar_logger.py (Keras 3.15.1), written to sys.stdout
(which KerasBridge routes to .NET's Console.Out).

verbose=1 redraws one line per step (bold "step/steps", a 20-cell bar, ETA or elapsed seconds, time per
step, then " - name: value" with 4 decimals, or 4 significant digits in e-notation at or below 1e-3);
verbose=2 prints one line when an epoch ends ("steps/steps - 1s - 5ms/step - loss: ..."). fit prints
"Epoch i/N" first when N > 1; validation inside fit is silent; the values shown are the running (stateful)
metrics, as Keras passes them, in the sorted key order of Keras's logs (pythonify_logs sorts), then in fit the
keys callbacks before the logger added (ReduceLROnPlateau's learning_rate).
"""
import math
import sys
import time

import numpy as np


class Progbar:
    def __init__(self, target, width=20, verbose=1, interval=0.05, unit_name="step"):
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        self._dynamic_display = (hasattr(sys.stdout, "isatty") and sys.stdout.isatty()) or "posix" in sys.modules
        self._seen_so_far = 0
        self._values = {}
        self._values_order = []
        self._start = time.time()
        self._last_update = 0
        self._time_after_first_step = None
        self._prev_total_width = 0

    def update(self, current, values=None, finalize=None):
        if finalize is None:
            finalize = False if self.target is None else current >= self.target
        for k, v in values or []:
            if k not in self._values_order:
                self._values_order.append(k)
            self._values[k] = [v, 1]  # every metric is stateful here (stateless_metrics=set())
        self._seen_so_far = current
        now = time.time()
        time_per_unit = self._estimate_step_duration(current, now)
        message = ""
        if self.verbose == 1:
            if now - self._last_update < self.interval and not finalize:
                return
            special_char_len = 0
            message += ("\b" * self._prev_total_width + "\r") if self._dynamic_display else "\n"
            if self.target is not None and self.target > 0:
                numdigits = int(math.log10(self.target)) + 1
                bar = f"\x1b[1m{(f'%{numdigits}d/%d') % (current, self.target)}\x1b[0m "
                special_char_len += 8
                prog_width = int(self.width * float(current) / self.target)
                if prog_width > 0:
                    bar += f"\33[32m{'━' * prog_width}\x1b[0m"
                    special_char_len += 9
                bar += f"\33[37m{'━' * (self.width - prog_width)}\x1b[0m"
                special_char_len += 9
            else:
                bar = "%7d/Unknown" % current
            message += bar
            if self.target is not None and self.target > 0 and not finalize:
                eta = time_per_unit * (self.target - current)
                if eta > 3600:
                    eta_format = "%d:%02d:%02d" % (eta // 3600, (eta % 3600) // 60, eta % 60)
                elif eta > 60:
                    eta_format = "%d:%02d" % (eta // 60, eta % 60)
                else:
                    eta_format = "%ds" % eta
                info = f" \x1b[1m{eta_format}\x1b[0m"
            else:
                info = f" \x1b[1m{now - self._start:.0f}s\x1b[0m"
            special_char_len += 8
            info += self._format_time(time_per_unit)
            for k in self._values_order:
                value, count = self._values[k]
                avg = _mean(value) / max(1, count)
                info += f" - {k}:" + (f" {avg:.4f}" if abs(avg) > 1e-3 else f" {avg:.4e}")
            message += info
            total_width = len(bar) + len(info) - special_char_len
            if self._prev_total_width > total_width:
                message += " " * (self._prev_total_width - total_width)
            if finalize:
                message += "\n"
            _print(message)
            self._prev_total_width = total_width
        elif self.verbose == 2:
            if finalize and self.target is not None and self.target > 0:
                numdigits = int(math.log10(self.target)) + 1
                info = f"{(f'%{numdigits}d/%d') % (current, self.target)} - {now - self._start:.0f}s"
                info += f" -{self._format_time(time_per_unit)}"
                for k in self._values_order:
                    value, count = self._values[k]
                    avg = _mean(value) / max(1, count)
                    info += f" - {k}:" + (f" {avg:.4f}" if avg > 1e-3 else f" {avg:.4e}")
                _print(info + "\n")
        self._last_update = now

    def _format_time(self, time_per_unit):
        if time_per_unit >= 1 or time_per_unit == 0:
            return f" {time_per_unit:.0f}s/{self.unit_name}"
        if time_per_unit >= 1e-3:
            return f" {time_per_unit * 1000.0:.0f}ms/{self.unit_name}"
        return f" {time_per_unit * 1000000.0:.0f}us/{self.unit_name}"

    def _estimate_step_duration(self, current, now):
        if not current:
            return 0
        if self._time_after_first_step is not None and current > 1:
            time_per_unit = (now - self._time_after_first_step) / (current - 1)
        else:
            time_per_unit = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return time_per_unit


def _mean(value):
    """Keras's Progbar shows a vector-valued metric (F1Score(average=None), ...) as its mean."""
    return value if isinstance(value, float) else float(np.mean(value))


def _print(message):
    sys.stdout.write(message)
    sys.stdout.flush()


def check_verbose(verbose, method):
    from kerasbridge.errors import InvalidArgumentError
    if verbose == "auto":
        return 1
    if isinstance(verbose, bool) or verbose not in (0, 1, 2):
        raise InvalidArgumentError(f"{method}: argument 'verbose' must be 0, 1, 2 or 'auto'; got {verbose!r}.")
    return verbose


class ProgbarLogger:
    """ProgbarLogger's bar for one evaluate or predict loop (fit's is the callback in
    torch_engine/callbacks/progbar_logger.py)."""

    def __init__(self, verbose, steps):
        self.verbose = verbose
        self.steps = steps
        self.progbar = None

    def begin(self):
        self.progbar = Progbar(target=self.steps, verbose=self.verbose)

    def batch_end(self, batch, logs=None):
        if self.verbose == 1:
            self.progbar.update(batch + 1, sorted((logs or {}).items()), finalize=False)

    def end(self, logs=None):
        self.progbar.update(self.steps, sorted((logs or {}).items()), finalize=True)


def predict_steps(count, batch_size, verbose, run_batch):
    """run_batch(start) for each batch of predict, with Keras's progress bar (ProgbarLogger's on_predict_*
    steps); returns the batches' results in order."""
    logger = ProgbarLogger(verbose, -(-count // batch_size))
    logger.begin()
    results = []
    for step, start in enumerate(range(0, count, batch_size)):
        results.append(run_batch(start))
        logger.batch_end(step)
    logger.end()
    return results
