"""Engine-neutral argument checks for fit/evaluate/predict (numpy only).

They raise ValueErrors that name the argument, what was expected and what was given. Keras often
fails later with an obscure message (or silently broadcasts); these checks fail early instead.
"""

import numpy as np

from kerasbridge.errors import InvalidArgumentError


def _shape(shape):
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def positive_int(value, argument, method):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise InvalidArgumentError(f"{method}: argument '{argument}' must be a positive integer; got {value!r}.")
    return int(value)


def non_negative_int(value, argument, method):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise InvalidArgumentError(f"{method}: argument '{argument}' must be a non-negative integer; got {value!r}.")
    return int(value)


def features(x, input_shape, method, argument="x"):
    """x as a float32 numpy array whose per-sample shape matches the model's input shape."""
    if x is None:
        raise InvalidArgumentError(f"{method}: argument '{argument}' is required.")
    try:
        array = np.asarray(x, dtype=np.float32)
    except (TypeError, ValueError) as e:
        raise InvalidArgumentError(f"{method}: argument '{argument}' must be a numeric array; it could not be converted ({e}).") from None
    check_sample_shape(array, input_shape, method, argument)
    return np.ascontiguousarray(array)


def check_sample_shape(array, input_shape, method, argument="x"):
    """Samples first, each shaped like the model's input, at least one sample."""
    if array.ndim < 2:
        expected = _shape(input_shape) if input_shape is not None else "(samples, features...)"
        raise InvalidArgumentError(
            f"{method}: argument '{argument}' must have shape {expected} with samples on the first axis; "
            f"got shape {_shape(array.shape)}."
        )
    if input_shape is not None:
        expected = tuple(input_shape[1:])
        given = array.shape[1:]
        if len(given) != len(expected) or any(e is not None and e != g for e, g in zip(expected, given)):
            raise InvalidArgumentError(
                f"{method}: argument '{argument}' must have shape {_shape((None,) + expected)} "
                f"(samples first); got shape {_shape(array.shape)}."
            )
    if array.shape[0] == 0:
        raise InvalidArgumentError(f"{method}: argument '{argument}' has no samples (shape {_shape(array.shape)}).")


def finite(array, argument, method):
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        raise InvalidArgumentError(
            f"{method}: argument '{argument}' contains {bad} NaN or infinite value(s); all values must be finite."
        )


def same_rows(x, y, method, x_name="x", y_name="y"):
    if y.shape[0] != x.shape[0]:
        raise InvalidArgumentError(
            f"{method}: arguments '{x_name}' and '{y_name}' must have the same number of samples; "
            f"'{x_name}' has {x.shape[0]} and '{y_name}' has {y.shape[0]}.",
            argument=y_name,
        )


def labels(y, loss, output_shape, method, argument="y"):
    """y converted for `loss`: int64 class ids for sparse losses, float32 otherwise, with its shape
    checked against the model's output shape. `loss` needs `label_kind` ("values", "binary",
    "one_hot", "class_ids" or "ids": integers of any value) and `class_name`."""
    if y is None:
        raise InvalidArgumentError(f"{method}: argument '{argument}' is required.")
    raw = np.asarray(y)
    if raw.dtype.kind not in "biuf":
        raise InvalidArgumentError(f"{method}: argument '{argument}' must be numeric; got dtype {raw.dtype}.")
    if raw.ndim == 0:
        raise InvalidArgumentError(f"{method}: argument '{argument}' must have samples on the first axis; got a scalar.")
    out_rank = len(output_shape)
    units = output_shape[-1]
    if loss.label_kind == "sequences":
        return _label_sequences(raw, output_shape, loss, method, argument)
    if loss.label_kind in ("class_ids", "ids"):
        if not (raw.ndim == out_rank - 1 or (raw.ndim == out_rank and raw.shape[-1] == 1)):
            raise InvalidArgumentError(
                f"{method}: argument '{argument}' must hold one integer class id per sample (shape (samples,)) for "
                f"{loss.class_name}; got shape {_shape(raw.shape)}. One-hot labels need CategoricalCrossentropy."
            )
        values = raw.astype(np.float64, copy=False)
        finite(values, argument, method)
        if raw.dtype.kind == "f" and not np.all(values == np.round(values)):
            raise InvalidArgumentError(f"{method}: argument '{argument}' must hold integer class ids for {loss.class_name}; "
                             "got non-integer values.")
        low, high = values.min(), values.max()
        # "ids" (Circle's group labels) may be any integers; class ids index the output's classes.
        if loss.label_kind == "class_ids" and (low < 0 or (units is not None and high >= units)):
            raise InvalidArgumentError(
                f"{method}: argument '{argument}' holds class ids from {int(low)} to {int(high)}, but the model "
                f"outputs {units} classes, so ids must be in [0, {units - 1}]."
            )
        return np.ascontiguousarray(raw.astype(np.int64))
    array = raw.astype(np.float32, copy=False)
    finite(array, argument, method)
    expected = tuple(output_shape[1:])
    given = array.shape[1:]

    def matches(a, b):
        return len(a) == len(b) and all(e is None or e == g for e, g in zip(a, b))

    ok = matches(expected, given)
    # Keras squeezes or expands one trailing axis of size 1 (y of shape (n,) for an output (n, 1)).
    if not ok and len(expected) >= 1 and expected[-1] == 1 and matches(expected[:-1], given):
        ok = True
    if not ok and len(given) >= 1 and given[-1] == 1 and matches(expected, given[:-1]):
        ok = True
    if not ok:
        if loss.label_kind == "one_hot":
            raise InvalidArgumentError(
                f"{method}: argument '{argument}' must be one-hot labels of shape {_shape((None,) + expected)} for "
                f"{loss.class_name} (one column per output unit, {units}); got shape {_shape(array.shape)}. "
                "Integer class ids need SparseCategoricalCrossentropy."
            )
        raise InvalidArgumentError(
            f"{method}: argument '{argument}' must have shape {_shape((None,) + expected)} to match the model "
            f"output; got shape {_shape(array.shape)}."
        )
    return np.ascontiguousarray(array)


def _label_sequences(raw, output_shape, loss, method, argument):
    """CTC's labels: (samples, max_length) class ids padded with the blank 0, for a (samples, steps, classes) output."""
    if raw.ndim != 2 or len(output_shape) != 3:
        raise InvalidArgumentError(
            f"{method}: argument '{argument}' must hold label sequences of shape (samples, max_length) for "
            f"{loss.class_name}, padded with 0 (the blank), for a model output of shape (samples, steps, classes); "
            f"got labels of shape {_shape(raw.shape)} for an output of shape {_shape(output_shape)}.")
    values = raw.astype(np.float64, copy=False)
    finite(values, argument, method)
    units = output_shape[-1]
    if values.size and (not np.all(values == np.round(values)) or values.min() < 0
                        or (units is not None and values.max() >= units)):
        raise InvalidArgumentError(
            f"{method}: argument '{argument}' must hold integer class ids in [0, {units - 1}] (0: padding and blank) "
            f"for {loss.class_name}; got values from {values.min()} to {values.max()}.")
    return np.ascontiguousarray(raw.astype(np.int64))


def validation_split(value, method):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) or not 0 <= value < 1:
        raise InvalidArgumentError(f"{method}: argument 'validation_split' must be a number in [0, 1); got {value!r}.")
    return float(value)
