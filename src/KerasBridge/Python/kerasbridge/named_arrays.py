"""Several inputs or outputs given by name or by position (engine-neutral, numpy only).

Keras's Functional models take x and y as a dict keyed by input/output name or as a list in the order of
`input_layers`/`output_layers` (keras/src/models/functional.py `_standardize_inputs`,
keras/src/trainers/compile_utils.py CompileLoss.call). Both engines use these checks, so a missing,
unknown or misspelled name gets the same message, listing the model's names.
"""

import numpy as np

from kerasbridge import validation
from kerasbridge.errors import InvalidArgumentError


def in_order(value, names, method, argument, what):
    """The entries of `value` (a dict keyed by name, or a list/tuple in order) as a list in `names` order.
    `what` is "input" or "output". A model with one name also takes the bare array."""
    listed = ", ".join(names)
    if value is None:
        raise InvalidArgumentError(f"{method}: argument '{argument}' is required.", argument=argument)
    if isinstance(value, dict):
        missing = [n for n in names if n not in value]
        unknown = [str(k) for k in value if k not in names]
        if missing or unknown:
            raise InvalidArgumentError(
                f"{method}: argument '{argument}' must have one entry per model {what} ({listed}); "
                f"missing: {', '.join(missing) or 'none'}; unknown: {', '.join(unknown) or 'none'}.", argument=argument)
        return [value[n] for n in names]
    if len(names) == 1 and not isinstance(value, (list, tuple)):
        return [value]
    if isinstance(value, (list, tuple)) and len(value) == len(names) and all(
            (isinstance(v, np.ndarray) and (len(names) > 1 or v.ndim >= 2))
            or (isinstance(v, (list, tuple)) and len(names) > 1) for v in value):
        return list(value)
    if len(names) == 1:
        return [value]  # one array given as nested lists of rows
    raise InvalidArgumentError(
        f"{method}: the model has {len(names)} {what}s ({listed}); argument '{argument}' must be a dict keyed by "
        f"{what} name or a list of {len(names)} arrays in that order; got {type(value).__name__}"
        + (f" of {len(value)}" if isinstance(value, (list, tuple)) else "") + ".", argument=argument)


def same_samples(arrays, names, method, argument):
    rows = [a.shape[0] for a in arrays]
    if len(set(rows)) > 1:
        detail = ", ".join(f"{n}: {r}" for n, r in zip(names, rows))
        raise InvalidArgumentError(
            f"{method}: every entry of argument '{argument}' must have the same number of samples; got {detail}.",
            argument=argument)


def inputs(x, names, shapes, method, argument="x", string_lookups=None):
    """float32 arrays, one per input in `names` order, each checked against its input shape; a string Input's
    strings go through the StringLookup it feeds (string_lookups: one per input, or None)."""
    from kerasbridge.torch_engine.string_inputs import features as string_features

    lookups = string_lookups or [None] * len(names)
    arrays = [validation.features(a, shape, method, f"{argument}['{n}']") if lookup is None
              else string_features(lookup, a, shape, method, f"{argument}['{n}']")
              for a, shape, n, lookup in zip(in_order(x, names, method, argument, "input"), shapes, names, lookups)]
    same_samples(arrays, names, method, argument)
    return arrays


def label_arrays(y, names, method, argument="y"):
    """numpy arrays (not yet converted for their losses), one per output in `names` order."""
    arrays = []
    for value, name in zip(in_order(y, names, method, argument, "output"), names):
        array = np.asarray(value)
        if array.ndim == 0:
            raise InvalidArgumentError(
                f"{method}: argument '{argument}['{name}']' must have samples on the first axis; got a scalar.",
                argument=argument)
        arrays.append(array)
    same_samples(arrays, names, method, argument)
    return arrays


def fits_output(array, output_shape):
    """True when labels of this shape can belong to an output of `output_shape`: the same per-sample shape,
    one trailing axis of size 1 more or less (Keras squeezes/expands it), or class ids (one axis less)."""
    expected = tuple(output_shape[1:])
    given = tuple(array.shape[1:])

    def same(a, b):
        return len(a) == len(b) and all(e is None or e == g for e, g in zip(a, b))

    return (same(expected, given) or (expected[-1:] == (1,) and same(expected[:-1], given))
            or (given[-1:] == (1,) and same(expected, given[:-1])) or same(expected[:-1], given)
            or (given[-1:] == (1,) and same(expected[:-1], given[:-1])))
