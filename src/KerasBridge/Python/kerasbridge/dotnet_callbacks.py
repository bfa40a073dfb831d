"""Callbacks written in C# (KerasBridge.Callback subclasses). C# passes one `dispatch` function for a fit;
each C# callback is an entry {"class_name": "DotnetCallback", "config": {"index": i, "hooks": [...]}}, and
only the hooks that callback overrides are called (so a fit without batch hooks in C# pays nothing per
batch). dispatch(index, hook, step, logs_json, stop_training) runs the hook in .NET and returns the model's
stop_training as the callback left it; an exception thrown there comes back as a Python exception and ends
the fit (C# rethrows the original). Engine-neutral: the Keras engine wraps the same calls in a
keras.callbacks.Callback."""

HOOKS = ("train_begin", "train_end", "epoch_begin", "epoch_end", "train_batch_begin", "train_batch_end")


def dotnet_schedule(dispatch, index):
    """A LearningRateScheduler schedule(epoch, lr) computed by a C# Func<int, double, double>."""

    def schedule(epoch, learning_rate):
        return float(dispatch(index, "schedule", int(epoch), repr(float(learning_rate)), False))

    return schedule


def resolve_schedule(config, dispatch):
    """The config of a LearningRateScheduler with its {"dotnet": index} schedule made a callable."""
    schedule = config.get("schedule")
    if isinstance(schedule, dict) and "dotnet" in schedule:
        if dispatch is None:
            raise ValueError("LearningRateScheduler: a C# schedule needs the fit's dispatch function.")
        config = dict(config, schedule=dotnet_schedule(dispatch, int(schedule["dotnet"])))
    return config


class DotnetHooks:
    """The engine-neutral part: which hooks one C# callback has and how to call them."""

    def __init__(self, dispatch, index, hooks, dumps):
        unknown = sorted(set(hooks) - set(HOOKS))
        if unknown:
            raise ValueError(f"DotnetCallback: unknown hooks {unknown}; known: {', '.join(HOOKS)}.")
        self._dispatch = dispatch
        self._index = int(index)
        self._dumps = dumps
        self.hooks = frozenset(hooks)

    def call(self, hook, step, logs, model):
        """Runs the C# hook; model.stop_training follows what the callback set."""
        if hook in self.hooks:
            stop = self._dispatch(self._index, hook, int(step), self._dumps(logs or {}), bool(model.stop_training))
            model.stop_training = bool(stop)


class EpochHookMethods:
    """The train and epoch hooks of a callback that forwards them to its C# callback (self._hooks, a
    DotnetHooks). Mixed in before each engine's Callback base, so the Keras engine's callback keeps Keras's
    default (unused) batch hooks unless it also takes BatchHookMethods."""

    def on_train_begin(self, logs=None):
        self._hooks.call("train_begin", 0, logs, self.model)

    def on_train_end(self, logs=None):
        self._hooks.call("train_end", 0, logs, self.model)

    def on_epoch_begin(self, epoch, logs=None):
        self._hooks.call("epoch_begin", epoch, logs, self.model)

    def on_epoch_end(self, epoch, logs=None):
        self._hooks.call("epoch_end", epoch, logs, self.model)


class BatchHookMethods:
    """The train-batch hooks forwarded to the C# callback (see EpochHookMethods)."""

    def on_train_batch_begin(self, batch, logs=None):
        self._hooks.call("train_batch_begin", batch, logs, self.model)

    def on_train_batch_end(self, batch, logs=None):
        self._hooks.call("train_batch_end", batch, logs, self.model)
