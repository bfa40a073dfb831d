"""Layer config errors as argument errors: a layer's config check raises
ValueError("Layer 'dropout' (Dropout): 'rate' must be a number in [0, 1]; got 1.5."), which names the option in
quotes right after the layer's label. Models are built inside `layer_arguments()`, which re-raises such an error as
InvalidArgumentError with that option as its argument, so C# shows an ArgumentException whose ParamName is the
option (PythonErrorTranslator.cs); any other error passes unchanged. One rule for every layer family, instead of
each family raising InvalidArgumentError itself."""

import contextlib
import re

from kerasbridge.errors import InvalidArgumentError

# "Layer 'name' (ClassName): 'option' ...". Not "...: option 'x'=... is not supported by the PyTorch engine": a
# Keras option this engine cannot run is not a bad argument.
_NAMED_OPTION = re.compile(r"^Layer '[^']*' \([A-Za-z0-9_]+\): '([A-Za-z_][A-Za-z0-9_]*)' ")
# "Layer 'name' (ClassName): axis 5 is out of range for input shape ..." (the normalization layers, Dot's axes).
_AXIS_OPTION = re.compile(r"^Layer '[^']*' \([A-Za-z0-9_]+\): (axis|axes) ")


def argument_of(message):
    """The option a layer's config error names, or None."""
    found = _NAMED_OPTION.match(message) or _AXIS_OPTION.match(message)
    return found.group(1) if found else None


@contextlib.contextmanager
def layer_arguments():
    """Re-raises a layer's config ValueError that names its option as InvalidArgumentError (usable as a decorator)."""
    try:
        yield
    except InvalidArgumentError:
        raise
    except ValueError as e:
        argument = argument_of(str(e))
        if argument is None or type(e) is not ValueError:
            raise
        raise InvalidArgumentError(str(e), argument=argument) from None
