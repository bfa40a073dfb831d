"""Keras's automatic object names ("dense", "dense_1", "adam_2", ...).

Keras keeps one per-process counter per snake-cased prefix; objects created with an explicit
name do not touch the counters. Same rules here so generated names look like Keras's.
"""

import collections
import re
import threading

_counters = collections.defaultdict(int)
_lock = threading.Lock()


def to_snake_case(name):
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()
    return name


def auto_name(class_name):
    """`Dense` -> "dense", then "dense_1", "dense_2", ... (keras.src.utils.naming.auto_name)."""
    prefix = to_snake_case(class_name)
    with _lock:
        count = _counters[prefix]
        _counters[prefix] += 1
    return prefix if count == 0 else f"{prefix}_{count}"
