"""String Inputs on the PyTorch engine: torch has no string tensors, so a model input of dtype "string" must feed one
layer that takes strings, a StringLookup (torch_engine/string_lookup.py), a TextVectorization
(torch_engine/text_vectorization.py) or a Hashing (torch_engine/hashing.py),
which runs on numpy where the data enters the model (trainer._check_x, named_arrays.inputs); the graph then carries
that layer's float32 result (indices, bins or encodings) and the layer passes it on. Other uses of strings are
refused when the model is built, naming the layer.

Keras (keras/src/layers/preprocessing/string_lookup.py, hashing.py) converts torch or numpy inputs to TensorFlow
strings inside the layer's call; the result is the same numbers.

A consumer whose `pads_per_batch` is true (TextVectorization's int mode with a split and no output_sequence_length)
pads in Keras each batch it is called on to that batch's longest row. Its whole array is padded to the longest row
here, and the trainer and predict loops cut each batch of that input to its own longest row (cut_batch); real tokens
are never index 0 there (0 is the mask token "", OOV is 1), so the trailing columns that are 0 in every row of a batch
are exactly its padding; a batch of empty texts is 0 wide, and a layer that cannot take that is refused naming them
(refuse_empty_batch). predict then joins outputs whose sequence axis may differ from batch to batch (join_batches).
"""

import numpy as np
import torch

from kerasbridge import validation
from kerasbridge.errors import InvalidArgumentError


# The layers a string Input may feed; StringLookup and TextVectorization take nothing else, Hashing takes numbers in
# the graph too.
_STRINGS_ONLY = ("StringLookup", "TextVectorization")
_CONSUMERS = _STRINGS_ONLY + ("Hashing",)
_CONSUMER_NAMES = "a StringLookup, a TextVectorization or a Hashing"


def _is_lookup(layer):
    return getattr(layer, "class_name", None) in _CONSUMERS


def _check(model, lookups, layers):
    if any(lookup is not None for lookup in lookups):
        model._sample_shape = None  # no fast predict path: strings must go through the lookup
    # The inputs whose batches are cut to their own longest row (cut_batch).
    model._padded_slots = [slot for slot, lookup in enumerate(lookups) if getattr(lookup, "pads_per_batch", False)]
    for layer in layers:
        if layer in lookups and layers.count(layer) > 1:
            raise ValueError(f"{layer.label} takes a string Input, so it cannot be called again in the model (the "
                             f"PyTorch engine runs it where the strings enter).")
        if getattr(layer, "class_name", None) in _STRINGS_ONLY and layer not in lookups:
            raise ValueError(f"{layer.label} takes strings, which reach the PyTorch engine only from a string Input "
                             f"(dtype 'string') that feeds this one layer; here it takes another layer's output.")
    for lookup in lookups:
        if lookup is not None and hasattr(lookup, "fed_strings"):
            lookup.fed_strings = True  # Hashing: its call passes on what the entry computed
        if lookup is not None and getattr(lookup, "invert", False):
            raise ValueError(f"{lookup.label}: invert=True gives strings, which a PyTorch-engine model cannot carry; "
                             f"call the layer on its own instead.")


def sequential(model):
    """[the StringLookup or Hashing taking the model's string input, or None]."""
    first = model.layers[0]
    is_string = model._input_layer is not None and model._input_layer.dtype == "string"
    if is_string and not _is_lookup(first):
        raise ValueError(f"The model's input is a string Input, which the PyTorch engine passes only to "
                         f"{_CONSUMER_NAMES}; its first layer is {first.label}.")
    lookups = [first if is_string else None]
    _check(model, lookups, model.layers)
    return lookups


def functional(model, plan):
    """For each model input: the StringLookup or Hashing it feeds when it is a string Input, else None. plan: (layer,
    argument slots, ...) steps; a model input's slot is its position."""
    lookups = []
    for slot, input_layer in enumerate(model._input_layers):
        if input_layer.dtype != "string":
            lookups.append(None)
            continue
        consumers = [(layer, spec) for layer, spec, *_ in plan if spec == slot or _uses(spec, slot)]
        if len(consumers) != 1 or not _is_lookup(consumers[0][0]) or consumers[0][1] != slot:
            names = ", ".join(layer.label for layer, _ in consumers) or "none"
            raise ValueError(f"The string Input '{input_layer.name}' must feed exactly one layer, {_CONSUMER_NAMES} "
                             f"(the PyTorch engine has no string tensors); it feeds: {names}.")
        lookups.append(consumers[0][0])
    _check(model, lookups, [step[0] for step in plan])
    return lookups


def _uses(spec, slot):
    return isinstance(spec, list) and any(s == slot or _uses(s, slot) for s in spec)


def features(lookup, x, input_shape, method, argument="x"):
    """x (strings shaped like the string Input) through `lookup` (StringLookup or Hashing): the float32 array the graph
    carries on."""
    if x is None:
        raise InvalidArgumentError(f"{method}: argument '{argument}' is required.")
    array = np.asarray(x) if isinstance(x, np.ndarray) else np.asarray(x, dtype=object)
    if array.dtype.kind not in "USO":
        raise InvalidArgumentError(f"{method}: argument '{argument}' must hold strings (the model's input is a string "
                                   f"Input); got dtype {array.dtype}.", argument=argument)
    if input_shape is not None and len(input_shape) == array.ndim + 1 and input_shape[-1] == 1:
        array = array[..., None]  # Functional._adjust_input_rank: one string per sample for a (batch, 1) Input
    validation.check_sample_shape(array, input_shape, method, argument)
    try:
        out = lookup.apply(array)
    except ValueError as e:
        raise InvalidArgumentError(f"{method}: argument '{argument}': {e}", argument=argument) from None
    return np.ascontiguousarray(out.numpy().astype(np.float32))


def cut_batch(xb, slots):
    """xb (one tensor, or a list in input order) with the inputs at `slots` cut to the longest row of this batch: the
    columns up to the last one that is not 0 in some row (none when every row is empty, as to_tensor gives a ragged
    batch of empty rows the width 0)."""
    if not slots:
        return xb
    cut = list(xb) if isinstance(xb, list) else [xb]
    for slot in slots:
        indices = cut[slot]
        width = int(indices.reshape(-1, indices.shape[-1]).ne(0).any(0).sum()) if indices.numel() else 0
        cut[slot] = indices[..., :width]
    return cut if isinstance(xb, list) else cut[0]


def refuse_empty_batch(error, xb, slots):
    """Raises a clear error for `error` (a layer's failure on the batch xb) when an input at `slots` is 0 wide there:
    every text of the batch was empty, which Keras's call densifies to 0 steps too, and the layer cannot take that."""
    batch = list(xb) if isinstance(xb, list) else [xb]
    if any(batch[slot].shape[-1] == 0 and batch[slot].shape[0] > 0 for slot in slots or ()):
        raise InvalidArgumentError(
            f"argument 'x': every text of a batch is empty, so its TextVectorization gives 0 steps (Keras pads each "
            f"batch to its longest row, here none) and a later layer cannot take 0 steps ({type(error).__name__}: "
            f"{error}). Drop the empty texts, mix them with others, or set the layer's output_sequence_length.",
            argument="x") from error


def join_batches(batches, method="predict"):
    """predict's per-batch outputs (tensors) joined on the batch axis. Keras's torch trainer joins them with
    np.concatenate, which refuses batches whose other axes differ: here a sequence axis that follows a per-batch padded
    input (cut_batch) differs from batch to batch, and is refused naming the cause."""
    if len(batches) == 1:
        return batches[0]
    for number, batch in enumerate(batches[1:], 1):
        first = batches[0].shape[1:]
        if batch.shape[1:] != first:
            axis = next((a for a, (m, n) in enumerate(zip(first, batch.shape[1:]), 1) if m != n), 1)
            raise InvalidArgumentError(
                f"{method}: argument 'batch_size' splits the samples into batches whose outputs differ along axis "
                f"{axis} ({first[axis - 1]} in batch 0, {batch.shape[axis]} in batch {number}), so they cannot be "
                f"joined (Keras's predict fails to concatenate them too): a TextVectorization without "
                f"output_sequence_length pads each batch to its longest row, so an output that keeps the sequence "
                f"axis differs from batch to batch. Set the layer's output_sequence_length, or predict with a "
                f"batch_size of at least the number of samples.", argument="batch_size")
    return torch.cat(batches)
