"""The graph of a Keras `Functional` config, engine-neutral (no torch, no keras imports).

Follows keras/src/models/functional.py (functional_from_config: each layer entry carries
`inbound_nodes`; node i of a layer is its i-th call; every call's tensors name their producer as
keras_history [layer name, node index, tensor index]) and keras/src/ops/function.py (map_graph:
node depths, the errors for cycles and for outputs that cannot be computed from the inputs).

    parse_functional(inner_config) -> Graph

Keras 2 / tf.keras configs write inbound nodes as [[[layer, node, tensor, kwargs], ...], ...];
they are read too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from .operations import CALL_KWARGS, LITERAL_ARGUMENTS, is_operation


class GraphError(ValueError):
    """A Functional config whose graph cannot be built (names, cycles, disconnected outputs)."""


@dataclass(frozen=True)
class TensorRef:
    layer: str
    node: int
    tensor: int

    def label(self) -> str:
        return f"{self.layer}[{self.node}][{self.tensor}]"


@dataclass(frozen=True, eq=False)
class Constant:
    """A constant argument of an operation's node: the 3.0 of `x + 3.0`, or the key of `x[:, 0]` (ints, slices,
    None and Ellipsis, as keras/src/saving/serialization_lib.py writes them: __slice__, __ellipsis__)."""
    value: Any


@dataclass(frozen=True, eq=False)
class Keyword(Constant):
    """A keyword argument of an operation's call (`constant_values=0.5` of ops.pad), after its positional ones."""
    keyword: str = ""


@dataclass
class Node:
    layer: str  # the layer's name
    index: int  # which call of the layer (its node index)
    args: Any  # the call's first argument: a TensorRef or a list of TensorRefs
    inputs: List[TensorRef]  # args flattened, then the mask's tensor
    depth: int = 0
    kwargs: Dict[str, Any] = field(default_factory=dict)  # a layer's call flags (LAYER_CALL_FLAGS)
    mask: Optional[TensorRef] = None  # the `mask` keyword's tensor (Keras records the mask a layer got from its input)

    @property
    def key(self) -> Tuple[str, int]:
        return (self.layer, self.index)


@dataclass
class Graph:
    name: str
    entries: List[Dict[str, Any]]  # layer entries in config order (model.layers order)
    layer_names: List[str]
    nodes: Dict[Tuple[str, int], Node]
    inputs: List[TensorRef]
    outputs: List[TensorRef]
    order: List[Node] = field(default_factory=list)  # computing nodes, in an order that respects edges
    inputs_nested: bool = True  # input_layers was a list of refs (else a single ref)
    outputs_nested: bool = True

    def layer_nodes(self, name: str) -> List[Node]:
        return sorted((n for n in self.nodes.values() if n.layer == name), key=lambda n: n.index)

    def sequential_like(self) -> bool:
        """Keras's print_summary test: one node per depth, each with one input, no shared layer."""
        by_depth: Dict[int, List[Node]] = {}
        for node in self.nodes.values():
            by_depth.setdefault(node.depth, []).append(node)
        for nodes in by_depth.values():
            if len(nodes) > 1 or len(nodes[0].inputs) > 1:
                return False
        return all(len(self.layer_nodes(n)) <= 1 for n in self.layer_names)


def entry_name(entry: Dict[str, Any], index: int) -> str:
    name = entry.get("name")
    if name is None:
        name = (entry.get("config") or {}).get("name")
    if not isinstance(name, str) or not name:
        raise GraphError(f"layer #{index} ({entry.get('class_name')}) of the Functional config has no name")
    return name


def _ref(value: Any, where: str) -> TensorRef:
    if (isinstance(value, (list, tuple)) and len(value) >= 3 and isinstance(value[0], str)
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value[1:3])):
        return TensorRef(value[0], int(value[1]), int(value[2]))
    raise GraphError(f"{where}: expected [layer name, node index, tensor index]; got {value!r:.200}")


def _tensor(value: Any, where: str) -> Optional[TensorRef]:
    if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
        history = (value.get("config") or {}).get("keras_history")
        return _ref(history, f"{where} keras_history")
    return None


def _parse_args(value: Any, where: str) -> Any:
    tensor = _tensor(value, where)
    if tensor is not None:
        return tensor
    if isinstance(value, (list, tuple)) and value:
        return [_parse_args(v, where) for v in value]
    raise GraphError(f"{where}: only Keras tensors (or lists of them) are supported as call arguments; "
                     f"got {value!r:.200}")


def _operation_arg(value: Any, where: str, literals: bool) -> Any:
    """An op's positional argument: a tensor, a list of tensors (ops.concatenate), a number (the 3.0 of x + 3.0;
    bool is an int too), or for GetItem its key."""
    tensor = _tensor(value, where)
    if tensor is not None:
        return tensor
    if isinstance(value, (int, float)):
        return Constant(value)
    if isinstance(value, list) and value and all(_tensor(v, where) is not None for v in value):
        return [_tensor(v, where) for v in value]
    if literals:
        return Constant(literal(value, where))
    raise GraphError(f"{where}: an operation's arguments must be Keras tensors or numbers; got {value!r:.200}")


def literal(value: Any, where: str) -> Any:
    """A serialized key of x[...] as Python values: ints, None, slice(...), Ellipsis, lists of them
    (keras/src/saving/serialization_lib.py serialize_keras_object's __slice__ and __ellipsis__)."""
    if value is None or isinstance(value, (int, float, str)):
        return value
    if isinstance(value, list):
        return [literal(v, where) for v in value]
    if isinstance(value, dict) and value.get("class_name") == "__ellipsis__":
        return Ellipsis
    if isinstance(value, dict) and value.get("class_name") == "__slice__":
        cfg = value.get("config") or {}
        return slice(*(literal(cfg.get(k), where) for k in ("start", "stop", "step")))
    raise GraphError(f"{where}: an operation's argument must be a Keras tensor, a number, or a key of ints, "
                     f"slices, None and Ellipsis; got {value!r:.200}")


def _flatten(args: Any) -> List[TensorRef]:
    if isinstance(args, TensorRef):
        return [args]
    out: List[TensorRef] = []
    for a in args:
        if not isinstance(a, Constant):
            out.extend(_flatten(a))
    return out


# Call keyword arguments that change nothing when the model runs: Keras passes its own `training`
# flag at call time (Functional.call's operation_fn overrides the recorded one) and mask=None (or a list of
# None, for a layer called on a list; or query_mask=None and the like) is no mask.
_IGNORED_KWARGS = {"training", "mask"}

# The boolean call arguments a layer's node may hold, by class name (Keras records them in the node's kwargs:
# Attention()([q, v], use_causal_mask=True)); the engines pass them to the layer's call and output shape.
_ATTENTION_FLAGS = ("use_causal_mask", "return_attention_scores")
LAYER_CALL_FLAGS = {name: _ATTENTION_FLAGS for name in (
    "Attention", "AdditiveAttention", "MultiHeadAttention", "GroupQueryAttention", "GroupedQueryAttention")}
LAYER_CALL_FLAGS["ReversibleEmbedding"] = ("reverse",)  # emb(x, reverse=True): logits over the vocabulary


def _ignored(key: Any, value: Any) -> bool:
    if key == "training":
        return True
    # mask, and the <argument>_mask Keras records for each tensor argument (MultiHeadAttention's query_mask, ...)
    masks = key in _IGNORED_KWARGS or (isinstance(key, str) and key.endswith("_mask") and key != "use_causal_mask")
    return masks and (value is None or (isinstance(value, list) and all(v is None for v in value)))


def _flag(key: str, value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise GraphError(f"{where}: call argument {key} must be true or false; got {value!r:.80}")
    return value


def node_mask(raw: Any, where: str) -> Optional[TensorRef]:
    """The tensor of a Keras 3 node's `mask` keyword, or None. Keras records the mask a layer's call() took from
    its input (Layer.__call__ step 6) as a tensor of the graph: e.g. the NotEqual op Embedding(mask_zero=True)'s
    compute_mask adds, feeding an LSTM's `mask`."""
    value = ((raw.get("kwargs") or {}) if isinstance(raw, dict) else {}).get("mask")
    return None if value is None else _tensor(value, f"{where} mask")


def _parse_node(layer: str, raw: Any, where: str, operation: bool = False, literals: bool = False,
                call_kwargs: Tuple[str, ...] = (), flags: Tuple[str, ...] = (),
                found_flags: Optional[Dict[str, Any]] = None) -> Any:
    """The node's arguments; a layer's call flags (those of `flags` the node holds) go into found_flags."""
    if isinstance(raw, dict):  # Keras 3: {"args": [...], "kwargs": {...}}
        args = raw.get("args")
        kwargs = raw.get("kwargs") or {}
        if not isinstance(args, list) or not args:
            raise GraphError(f"{where}: expected positional arguments (tensors or a list of tensors); "
                             f"got {args!r:.200}")
        keywords = []
        for key, value in kwargs.items():
            if _ignored(key, value):
                continue
            if key in flags and found_flags is not None:
                found_flags[key] = _flag(key, value, where)
                continue
            if key == "mask" and not operation and _tensor(value, where) is not None:
                continue  # node_mask reads it
            if key in call_kwargs and isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
                raise GraphError(f"{where}: call argument {key} as a tensor is not supported (only a number or None)")
            if key in call_kwargs:  # an op's own call keyword (ops.pad's constant_values): a literal
                keywords.append(Keyword(literal(value, where), key))
                continue
            raise GraphError(f"{where}: call argument {key}={value!r:.80} is not supported")
        if operation:  # an op: the list of its arguments in order, tensors, lists of tensors, numbers, keys
            return [_operation_arg(a, where, literals) for a in args] + keywords
        if len(args) > 1:  # several tensors, e.g. MultiHeadAttention(query, value): the layer gets a list
            return [_parse_args(a, where) for a in args]
        return _parse_args(args[0], where)
    if isinstance(raw, list):  # Keras 2: [[layer, node, tensor, kwargs], ...]
        refs = []
        for item in raw:
            ref = _ref(item, where)
            kwargs = item[3] if len(item) > 3 else {}
            for key, value in (kwargs or {}).items():
                if _ignored(key, value):
                    continue
                if key in flags and found_flags is not None:
                    found_flags[key] = _flag(key, value, where)
                    continue
                raise GraphError(f"{where}: call argument {key}={value!r:.80} is not supported")
            refs.append(ref)
        if not refs:
            raise GraphError(f"{where}: an inbound node without inputs")
        return refs[0] if len(refs) == 1 else refs
    raise GraphError(f"{where}: not an inbound node: {raw!r:.200}")


def _io_refs(value: Any, what: str) -> Tuple[List[TensorRef], bool]:
    if value is None:
        raise GraphError(f"the Functional config has no {what}")
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], str):
        return [_ref(value, what)], False
    if isinstance(value, dict):  # {"name": [layer, node, tensor]} (dict inputs)
        return [_ref(v, what) for v in value.values()], True
    if isinstance(value, (list, tuple)) and value:
        return [_ref(v, what) for v in value], True
    raise GraphError(f"the Functional config's {what} is empty or malformed: {value!r:.200}")


def parse_functional(inner: Dict[str, Any]) -> Graph:
    """The graph of a Functional config's inner dict ({"name", "layers", "input_layers", "output_layers"})."""
    entries = inner.get("layers")
    if not isinstance(entries, list) or not entries:
        raise GraphError("the Functional config has no 'layers' list")
    names: List[str] = []
    nodes: Dict[Tuple[str, int], Node] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or "class_name" not in entry:
            raise GraphError(f"layer #{i} of the Functional config is not a serialized layer")
        name = entry_name(entry, i)
        if name in names:
            raise GraphError(f"two layers are named {name!r}; layer names must be unique")
        names.append(name)
        raw_nodes = entry.get("inbound_nodes") or []
        if not isinstance(raw_nodes, list):
            raise GraphError(f"layer {name!r}: inbound_nodes must be a list")
        if entry.get("class_name") == "InputLayer":
            if raw_nodes:
                raise GraphError(f"InputLayer {name!r} cannot have inbound nodes")
            nodes[(name, 0)] = Node(name, 0, None, [])
            continue
        for k, raw in enumerate(raw_nodes):
            # An operation (x + 3.0, x[:, 0]) may take numbers and keys besides tensors.
            cls = entry.get("class_name")
            flags: Dict[str, Any] = {}
            where = f"layer {name!r} inbound node {k}"
            args = _parse_node(name, raw, where, operation=is_operation(entry),
                               literals=cls in LITERAL_ARGUMENTS, call_kwargs=CALL_KWARGS.get(cls, ()),
                               flags=LAYER_CALL_FLAGS.get(cls, ()), found_flags=flags)
            mask = None if is_operation(entry) else node_mask(raw, where)
            nodes[(name, k)] = Node(name, k, args, _flatten(args) + ([mask] if mask is not None else []), kwargs=flags,
                                    mask=mask)
    inputs, inputs_nested = _io_refs(inner.get("input_layers"), "input_layers")
    outputs, outputs_nested = _io_refs(inner.get("output_layers"), "output_layers")
    classes = {entry_name(e, i): e.get("class_name") for i, e in enumerate(entries)}
    # A nested Functional model starts with a node of its own, which Keras counts in input/output_layers
    # (functional.py get_config's node_reindexing_map) and skips when it reads them (get_tensor: node_index -= 1).
    outputs = [TensorRef(r.layer, r.node - 1, r.tensor) if classes.get(r.layer) == "Functional" else r for r in outputs]

    def check_ref(ref: TensorRef, where: str) -> None:
        if ref.layer not in classes:
            raise GraphError(f"{where} refers to layer {ref.layer!r}, which is not in the model")
        if (ref.layer, ref.node) not in nodes:
            raise GraphError(f"{where} refers to node {ref.node} of layer {ref.layer!r}, which has "
                             f"{len([1 for n in nodes if n[0] == ref.layer])} node(s)")

    for ref in inputs:
        check_ref(ref, "input_layers")
        if classes[ref.layer] != "InputLayer":
            raise GraphError(f"input_layers: {ref.layer!r} is a {classes[ref.layer]}, not an InputLayer")
    for ref in outputs:
        check_ref(ref, "output_layers")
    for node in nodes.values():
        for ref in node.inputs:
            check_ref(ref, f"layer {node.layer!r} inbound node {node.index}")

    # Walk back from the outputs (depth-first, as map_graph's _build_map), naming any cycle.
    input_keys = {(r.layer, r.node) for r in inputs}
    state: Dict[Tuple[str, int], int] = {}  # 1: on the current path, 2: done
    decreasing: List[Node] = []
    path: List[Node] = []

    def visit(node: Node, reached_from: str) -> None:
        key = node.key
        if state.get(key) == 2:
            return
        if state.get(key) == 1:
            start = next(i for i, n in enumerate(path) if n.key == key)
            cycle = [n.layer for n in path[start:]] + [node.layer]
            raise GraphError(f"the graph has a cycle: {' -> '.join(reversed(cycle))}")
        if not node.inputs and key not in input_keys:
            if classes[node.layer] == "InputLayer":
                raise GraphError(
                    f"output {reached_from} cannot be computed from the model's inputs: it needs InputLayer "
                    f"{node.layer!r}, which is not in input_layers ({', '.join(r.layer for r in inputs)})")
            raise GraphError(f"output {reached_from} cannot be computed from the model's inputs: layer "
                             f"{node.layer!r} has no inbound node {node.index}")
        state[key] = 1
        path.append(node)
        for ref in node.inputs:
            visit(nodes[(ref.layer, ref.node)], reached_from)
        path.pop()
        state[key] = 2
        decreasing.append(node)

    for ref in outputs:
        visit(nodes[(ref.layer, ref.node)], repr(ref.layer))
    # decreasing holds producers before consumers; compute Keras's depths (outputs at depth 0).
    depths: Dict[Tuple[str, int], int] = {}
    layer_depths: Dict[str, int] = {}
    for node in reversed(decreasing):
        depth = max(depths.setdefault(node.key, 0), layer_depths.get(node.layer, 0))
        layer_depths[node.layer] = depth
        depths[node.key] = depth
        for ref in node.inputs:
            depths[(ref.layer, ref.node)] = max(depth + 1, depths.get((ref.layer, ref.node), 0))
    for key in input_keys:  # inputs not used by any output still get a depth
        if key not in depths:
            depths[key] = max(depths.values(), default=0)
    used = {}
    for node in decreasing:
        node.depth = depths[node.key]
        used[node.key] = node
    for key in input_keys:
        nodes[key].depth = depths[key]
        used.setdefault(key, nodes[key])
    unused = [n for k, n in nodes.items() if k not in used]
    for n in unused:  # nodes outside the graph that leads to the outputs (Keras drops them)
        del nodes[n.key]
    order = [n for n in decreasing if n.inputs]
    return Graph(name=str(inner.get("name") or "functional"), entries=entries, layer_names=names,
                 nodes=nodes, inputs=inputs, outputs=outputs, order=order,
                 inputs_nested=inputs_nested, outputs_nested=outputs_nested)
