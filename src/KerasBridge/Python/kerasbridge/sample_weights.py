"""fit's and evaluate's sample_weight (one array, or one per output) and class_weight, checked the same way for
both engines, and class weights turned into sample weights as Keras does (keras/src/trainers/data_adapters/data_adapter_utils.py
class_weight_to_sample_weights; keras/src/trainers/data_adapters/array_data_adapter.py refuses both at once).
No torch, no keras imports."""

import math

import numpy as np

from kerasbridge.errors import InvalidArgumentError


def check(sample_weight, class_weight, rows, method, outputs=1, argument="sample_weight"):
    """(sample_weight as float32 (samples,) or None, class_weight as {int: float} or None). One sample_weight
    array weighs every output's loss (Keras replicates it over y's structure); class_weight needs a single
    output, as Keras's array_data_adapter.py requires. `argument` names sample_weight in messages (e.g.
    "validation_data[2]")."""
    if sample_weight is not None and class_weight is not None:
        raise InvalidArgumentError(
            f"{method}: give either argument 'sample_weight' or 'class_weight', not both (Keras: You cannot "
            "`class_weight` and `sample_weight` at the same time).", argument="class_weight")
    if class_weight is not None and outputs > 1:
        raise InvalidArgumentError(
            f"{method}: argument 'class_weight' is only supported for models with a single output; this model has "
            f"{outputs} outputs (give sample_weight instead).", argument="class_weight")
    if sample_weight is not None:
        sample_weight = np.asarray(sample_weight)
        if sample_weight.dtype.kind not in "fiu":
            raise InvalidArgumentError(
                f"{method}: argument '{argument}' must be numbers; got dtype {sample_weight.dtype}.", argument=argument)
        sample_weight = sample_weight.astype(np.float32)
        if sample_weight.ndim != 1 or sample_weight.shape[0] != rows:
            raise InvalidArgumentError(
                f"{method}: argument '{argument}' must have one value per sample, shape ({rows},); "
                f"got shape {tuple(sample_weight.shape)}.", argument=argument)
        if not np.isfinite(sample_weight).all():
            raise InvalidArgumentError(f"{method}: argument '{argument}' contains NaN or infinite values.",
                                       argument=argument)
    if class_weight is not None:
        if not isinstance(class_weight, dict):
            raise InvalidArgumentError(
                f"{method}: argument 'class_weight' must be a dict {{class id: weight}}; got {type(class_weight).__name__}.")
        checked = {}
        for key, value in class_weight.items():
            try:
                index = int(key)
            except (TypeError, ValueError):
                raise InvalidArgumentError(
                    f"{method}: argument 'class_weight' must map int class ids to weights; got key {key!r}.") from None
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise InvalidArgumentError(
                    f"{method}: argument 'class_weight' must map class ids to finite numbers; got {value!r} for class {index}.")
            checked[index] = float(value)
        class_weight = checked
    return sample_weight, class_weight


def class_weight_to_sample_weights(y, class_weight):
    """Keras's class_weight_to_sample_weights: the class of a sample is argmax of a one-hot row, the id of a
    (samples,) or (samples, 1) label, rounded; classes missing from the dict weigh 1."""
    y = np.asarray(y)
    sample_weight = np.ones((y.shape[0],), dtype=np.float32)
    if y.ndim > 1:
        y = np.argmax(y, axis=-1) if y.shape[-1] != 1 else np.squeeze(y, axis=-1)
    y = np.round(y).astype("int32")
    for i in range(y.shape[0]):
        sample_weight[i] = class_weight.get(int(y[i]), 1.0)
    return sample_weight


def check_validation(sample_weight, rows, method, output_names, argument="validation_data[2]"):
    """validation_data's third entry: check_per_output naming validation_data[2]."""
    return check_per_output(sample_weight, rows, method, output_names, argument)


def check_fit(sample_weight, class_weight, rows, method, output_names):
    """fit's sample_weight (in check_per_output's forms) and class_weight (one output only, not with
    sample_weight), as Keras's array_data_adapter.py takes them."""
    if class_weight is not None:  # alone, or refused together with sample_weight
        return check(sample_weight, class_weight, rows, method, outputs=len(list(output_names)))
    return check_per_output(sample_weight, rows, method, output_names), None


def check_per_output(sample_weight, rows, method, output_names, argument="sample_weight"):
    """Sample weights in the forms Keras's array_data_adapter.py takes: one array (replicated over every
    output) or, for several outputs, one array per output as a dict keyed by output name or a list in output
    order (tree.assert_same_structure(y, sample_weight): every output has an entry, so a dict that leaves one
    out is refused as Keras refuses it). An entry may be None, as in Keras's list form: that output's loss and
    weighted metrics are unweighted. Returns None, one float32 (samples,) array or a list (None entries kept)
    in output order."""
    names = list(output_names)
    if isinstance(sample_weight, dict):
        given = [str(k) for k in sample_weight]
        if sorted(given) != sorted(names):
            raise InvalidArgumentError(
                f"{method}: argument '{argument}' given as a dict must have one entry per model output "
                f"({', '.join(names)}); got keys ({', '.join(given)}).", argument=argument)
        sample_weight = [sample_weight[name] for name in names]
    elif isinstance(sample_weight, (list, tuple)) and len(names) > 1 and all(
            entry is None or np.ndim(entry) >= 1 for entry in sample_weight):
        if len(sample_weight) != len(names):
            raise InvalidArgumentError(
                f"{method}: argument '{argument}' given as a list must have one array per model output "
                f"({len(names)}: {', '.join(names)}); got {len(sample_weight)}.", argument=argument)
    else:
        return check(sample_weight, None, rows, method, outputs=len(names), argument=argument)[0]
    checked = [None if entry is None else
               check(entry, None, rows, method, outputs=len(names), argument=f"{argument}['{name}']")[0]
               for name, entry in zip(names, sample_weight)]
    if all(entry is None for entry in checked):
        return None  # Keras's [None, ...]: no output weighted
    return checked[0] if len(checked) == 1 else checked
