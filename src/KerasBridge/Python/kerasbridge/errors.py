"""Exceptions shared by both engines (no torch or keras imports here). The C# side maps each to its own
.NET type by class name: ModelFileError -> ModelFileException, UnsafeModelError -> UnsafeModelException,
InvalidArgumentError -> ArgumentException (ParamName from .argument), EngineUnavailableError ->
EngineUnavailableException, OnnxExportError -> NotSupportedException."""
import re


class ModelFileError(ValueError):
    """A model or weights file cannot be read or does not fit the model.

    Both the file and the problem are kept so C# can show them separately.
    """

    def __init__(self, path, problem):
        self.path = str(path)
        self.problem = str(problem)
        super().__init__(f"{self.path}: {self.problem}")


class UnsafeModelError(ModelFileError):
    """A model config would run arbitrary code (e.g. a Lambda layer) while safe_mode is on."""

    def __init__(self, path, problem=None):
        if problem is None:
            # Older call style: a single message that already names the file.
            path, problem = "", str(path)
        super().__init__(path, problem)


class InvalidArgumentError(ValueError):
    """A bad argument to fit/evaluate/predict/compile; the message names the argument, what was expected
    and what was given ("fit: argument 'x' must ...; got ...")."""

    def __init__(self, message, argument=None):
        super().__init__(message)
        if argument is None:
            # "argument 'x'", or one entry of it: "argument 'y['mass']'", "argument 'validation_data[0]'"; a layer's
            # option is "argument 'dense.activation'" (the option: activation).
            found = re.search(r"argument '(?:[^'.]+\.)?([A-Za-z_][A-Za-z0-9_]*)['\[]", message)
            argument = found.group(1) if found else None
        self.argument = argument


def keras_argument(message):
    """(argument, reason) for a Keras error message naming its argument by Keras's own convention, "... Received:
    rate=1.5", or None. A message from deserializing wraps the layer's own one in "... Exception encountered: ..."
    layers; reason is the innermost, after the class it was deserializing ("Dropout: Invalid value ...")."""
    found = re.findall(r"Received: ([A-Za-z_][A-Za-z0-9_]*)=", message)
    if not found:
        return None
    reason = message.rsplit("Exception encountered: ", 1)[-1]
    # The innermost class named: "Error when deserializing class 'Dropout'" or "<class '...lstm.LSTM'> could not be ...".
    classes = re.findall(r"Error when deserializing class '(\w+)'|<class '[\w.]*?(\w+)'> could not be deserialized",
                         message)
    return found[-1], f"{''.join(classes[-1])}: {reason}" if classes else reason


class NotCompiledError(RuntimeError):
    """fit/evaluate was called on a model that has not been compiled (C#: InvalidOperationException)."""


class EngineUnavailableError(RuntimeError):
    """The requested engine (keras or torch) cannot be used on this machine."""


class OnnxExportError(RuntimeError):
    """A model (or one of its layers, named in the message) cannot be exported to ONNX (C#: NotSupportedException)."""
class WeightsUnavailableError(RuntimeError):
    """The pretrained weights file of an application is not in the cache and cannot be downloaded (offline, or
    the download failed or gave a file with the wrong hash). C#: WeightsUnavailableException."""

    def __init__(self, file_name, url, cache_path, reason):
        self.file_name = str(file_name)
        self.url = str(url)
        self.cache_path = str(cache_path)
        self.reason = str(reason)
        super().__init__(
            f"The weights file '{self.file_name}' is not in the cache and could not be downloaded from {self.url} "
            f"({self.reason}). Download it on a machine with network access and place it at {self.cache_path} "
            "(the folder is KERAS_HOME/models, ~/.keras/models by default), or pass its path as weights.")
