"""A Keras `Functional` model executed on PyTorch (keras/src/models/functional.py, ops/function.py).

The config's graph is parsed and sorted once (kerasbridge.model_files.graph: inbound nodes, keras
history, cycles and outputs not computable from the inputs named); every layer is built once, by
its first call, so a layer called twice shares its weights; forward runs a flat plan of
(layer, argument slots, output slot) steps over a list of tensors. A Sequential or Functional
model used as a layer runs its own plan (NestedModel). Training, evaluation and the weight API
are TorchModel's; what differs from a Sequential is the graph, several inputs/outputs in
predict, the config and the summary; fit and evaluate take several inputs and outputs as lists
or dicts keyed by name (_prepare_xy), with the losses and metrics of torch_engine/compile_utils.py.
"""

import numpy as np
import torch

from kerasbridge import named_arrays, progbar, validation
from kerasbridge.errors import InvalidArgumentError
from kerasbridge.model_files.graph import Constant, GraphError, TensorRef, parse_functional
from kerasbridge.model_files.operations import is_operation
from kerasbridge.torch_engine import layers as layers_module
from kerasbridge.torch_engine import model as model_module
from kerasbridge.torch_engine import masking, registry, string_inputs
from kerasbridge.torch_engine.config_errors import layer_arguments
from kerasbridge.torch_engine.operations import Operation
from kerasbridge.torch_engine.regularizers import record_activity
from kerasbridge.torch_engine.serialization import shape_to_json

_MODEL_CLASSES = ("Sequential", "Functional")


@layer_arguments()
def build_model(engine, config):
    """A TorchModel (Sequential) or FunctionalModel from a Keras model config dict."""
    if isinstance(config, dict) and config.get("class_name") in ("Functional", "Model") and isinstance(config.get("config"), dict) \
            and "input_layers" in config["config"]:
        return FunctionalModel(engine, config)
    return model_module.TorchModel(engine, config)


def _leaves(model):
    """The layers holding weights of a Sequential (its layers) or Functional (recursively)."""
    return model._leaf_layers() if isinstance(model, FunctionalModel) else list(model.layers)


class NestedModel:
    """A Sequential/Functional model used as a layer of a Functional model."""

    has_build_config = False
    activity_regularizer = None  # its layers record their own penalties

    def __init__(self, engine, entry):
        config = {k: v for k, v in entry.items() if k not in ("name", "inbound_nodes")}
        config["compile_config"] = {}
        self.model = build_model(engine, config)
        self.class_name = entry["class_name"]
        self.name = self.model.name
        self.trainable = bool((entry.get("config") or {}).get("trainable", True))
        self.label = f"Layer '{self.name}' ({self.class_name})"
        if not self.trainable:
            # Keras's trainable setter freezes every sublayer (and BatchNormalization then runs
            # in inference mode even in fit).
            for leaf in _leaves(self.model):
                leaf.trainable = False
                for variable in leaf.variables:
                    variable.trainable = False
                    variable.value.requires_grad_(False)
        self.input_shape = None
        self.output_shape = None
        self.built = False

    @property
    def variables(self):
        return self.model._all_variables()

    def count_params(self):
        return sum(v.value.numel() for v in self.variables)

    def build(self, input_shape, device):
        if isinstance(input_shape, list):
            raise ValueError(f"{self.label}: a nested model must be called on one tensor.")
        if not self.model.built:
            self.model.build(input_shape)
        self.input_shape = tuple(input_shape)
        self.output_shape = tuple(self.model.output_shape)
        self.built = True

    def call(self, x, training):
        # Functional.call / Sequential.call: a mask on the input travels through the nested model's layers.
        return self.model._forward(x, training, masking.get_mask(x) is not None)

    def serialize(self):
        config = self.model.config()
        config["config"]["trainable"] = self.trainable  # a frozen nested model says so (Keras writes its flag)
        return config


class FunctionalModel(model_module.TorchModel):
    def __init__(self, engine, config):
        self.engine = engine
        self.device = engine.torch_device
        inner = config.get("config")
        try:
            graph = parse_functional(inner)
        except GraphError as e:
            raise ValueError(f"model_from_config: {e}") from None
        self.graph = graph
        self.name = graph.name
        self.trainable = True
        self._outer = config

        self._by_name = {}
        self._all_layers = []  # model.layers: InputLayers included, config order
        for entry, name in zip(graph.entries, graph.layer_names):
            class_name = entry.get("class_name")
            if class_name in _MODEL_CLASSES or class_name == "Model":
                layer = NestedModel(engine, entry)
            elif is_operation(entry):
                layer = Operation(entry)
            else:
                layer = registry.layer_from_config(entry)
            if layer.name != name:
                raise ValueError(f"model_from_config: layer entry {name!r} holds a config named {layer.name!r}.")
            self._by_name[name] = layer
            self._all_layers.append(layer)
        self._input_layers = [self._by_name[ref.layer] for ref in graph.inputs]
        # model.layers: Keras leaves out the InputLayers here and the operations (x + 3.0) everywhere.
        self.layers = [l for l in self._all_layers if not isinstance(l, (layers_module.InputLayer, Operation))]
        self._input_layer = self._input_layers[0]

        self._reset_state()
        self._masked = masking.any_produces_mask(self.layers) or any(n.mask is not None for n in graph.order)
        self._build_graph()
        compile_config = config.get("compile_config") or config.get("training_config")
        if compile_config:
            self._compile_from_config(compile_config)

    # ------------------------------------------------------------------ building
    def _build_graph(self):
        """Builds each layer by its first call and lays out the flat plan."""
        slots = {}
        shapes = []
        for i, ref in enumerate(self.graph.inputs):
            slots[ref] = i
            shapes.append(tuple(self._by_name[ref.layer].batch_shape))
        plan = []
        outputs = {}  # layers with several output tensors (an RNN with return_state): their count

        def arg(args):
            if isinstance(args, Constant):
                return args
            if isinstance(args, TensorRef):
                if args not in slots:
                    count = outputs.get(args.layer, 1)
                    raise ValueError(f"model_from_config: tensor {args.label()} does not exist; layer "
                                     f"'{args.layer}' has {'one output' if count == 1 else f'{count} outputs'}.")
                return slots[args]
            return [arg(a) for a in args]

        def shape_of(spec):
            if isinstance(spec, Constant):
                return spec
            return shapes[spec] if isinstance(spec, int) else [shape_of(s) for s in spec]

        for node in self.graph.order:
            layer = self._by_name[node.layer]
            spec = arg(node.args)
            input_shape = shape_of(spec)
            first = not layer.built
            if first:
                layer.build(input_shape if isinstance(input_shape, list) else tuple(input_shape), self.device)
            if node.kwargs:  # call flags (Attention's return_attention_scores) may change the outputs
                output_shape = layer.compute_output_shape(input_shape, **node.kwargs)
            elif first or isinstance(layer, NestedModel):
                output_shape = layer.output_shape
            else:
                output_shape = layer.compute_output_shape(input_shape)
            if isinstance(output_shape, list):  # several tensors: one slot each, in order
                outputs[node.layer] = len(output_shape)
                for i, s in enumerate(output_shape):
                    slots[TensorRef(node.layer, node.index, i)] = len(shapes)
                    shapes.append(tuple(s))
            else:
                slots[TensorRef(node.layer, node.index, 0)] = len(shapes)
                shapes.append(tuple(output_shape))
            mask_slot = None if node.mask is None else arg(node.mask)  # a mask Keras recorded for this call
            plan.append((layer, spec, isinstance(spec, list), isinstance(output_shape, list), node.kwargs, mask_slot))
        self._plan = plan
        self._output_slots = [slots[ref] for ref in self.graph.outputs]
        self._output_shapes = [shapes[s] for s in self._output_slots]
        self._input_shapes = [tuple(l.batch_shape) for l in self._input_layers]
        self.built = True
        if len(self._input_shapes) == 1:
            sample = self._input_shapes[0][1:]
            self._sample_shape = sample if None not in sample else None
        self._string_lookups = string_inputs.functional(self, plan)

    def build(self, input_shape):
        if not self.built:
            self._build_graph()

    @property
    def input_shape(self):
        return self._input_shapes[0] if len(self._input_shapes) == 1 else list(self._input_shapes)

    @property
    def output_shape(self):
        return self._output_shapes[0] if len(self._output_shapes) == 1 else list(self._output_shapes)

    @property
    def multi_io(self):
        return len(self._input_shapes) != 1 or len(self._output_shapes) != 1

    def _leaf_layers(self):
        out = []
        for layer in self.layers:
            if isinstance(layer, NestedModel):
                out.extend(_leaves(layer.model))
            else:
                out.append(layer)
        return out

    def _all_variables(self):
        return [v for layer in self._leaf_layers() for v in layer.variables]

    def _trainable_tensors(self):
        return [v.value for v in self._all_variables() if v.trainable]

    def _run(self, inputs, training, masked=False):
        masked = masked or self._masked
        values = list(inputs)
        for layer, spec, is_list, several, kwargs, mask_slot in self._plan:
            if is_list:
                x = [values[s] if isinstance(s, int) else s if isinstance(s, Constant) else [values[t] for t in s]
                     for s in spec]
            else:
                x = values[spec]
            if masked:
                y = masking.call(layer, x, training, None if mask_slot is None else values[mask_slot], **kwargs)
            else:
                y = layer.call(x, training, **kwargs) if kwargs else layer.call(x, training)
            if layer.activity_regularizer is not None:
                record_activity(layer.activity_regularizer, y)
            if several:
                values.extend(y)
            else:
                values.append(y)
        return [values[s] for s in self._output_slots]

    def _forward(self, x, training, masked=False):
        outputs = self._run(x if isinstance(x, (list, tuple)) else [x], training, masked)
        return outputs[0] if len(outputs) == 1 else outputs

    # ------------------------------------------------------------------ data
    @property
    def input_names(self):
        return [l.name for l in self._input_layers]

    def _output_names(self):
        # Keras's Functional output_names: the layers that make the outputs, in output_layers order.
        return [ref.layer for ref in self.graph.outputs]

    def _output_shape_list(self):
        return list(self._output_shapes)

    def _input_arrays(self, x, method, argument="x"):
        return named_arrays.inputs(x, self.input_names, self._input_shapes, method, argument, self._string_lookups)

    def _prepare_xy(self, x, y, method, x_name="x", y_name="y"):
        """x and y for fit/evaluate: one array each for one input and one output (TorchModel's checks),
        else lists in input/output order from dicts keyed by name or lists in order."""
        if not self.multi_io:
            if isinstance(x, (dict, list, tuple)) and not isinstance(x, np.ndarray):
                x = named_arrays.in_order(x, self.input_names, method, x_name, "input")[0]
            if isinstance(y, (dict, list, tuple)) and not isinstance(y, np.ndarray):
                y = named_arrays.in_order(y, self._output_names(), method, y_name, "output")[0]
            return super()._prepare_xy(x, y, method, x_name, y_name)
        xs = self._input_arrays(x, method, x_name)
        for array, name in zip(xs, self.input_names):
            validation.finite(array, f"{x_name}['{name}']", method)
        if y is None:
            raise InvalidArgumentError(f"{method}: argument '{y_name}' is required.", argument=y_name)
        names = self._output_names()
        raw = named_arrays.label_arrays(y, names, method, y_name)
        if raw[0].shape[0] != xs[0].shape[0]:
            raise InvalidArgumentError(
                f"{method}: arguments '{x_name}' and '{y_name}' must have the same number of samples; "
                f"'{x_name}' has {xs[0].shape[0]} and '{y_name}' has {raw[0].shape[0]}.", argument=y_name)
        self._resolve_compiled([a.shape for a in raw])
        ys = [self._labels(a, loss, shape, method, f"{y_name}['{name}']")
              for a, loss, shape, name in zip(raw, self._compiled.head_losses(), self._output_shapes, names)]
        x = xs[0] if len(xs) == 1 else xs
        y = ys[0] if len(ys) == 1 else ys
        return x, y

    def predict(self, x, batch_size=32, verbose=0):
        if len(self._input_shapes) == 1 and len(self._output_shapes) == 1:
            if isinstance(x, (list, tuple)) and len(x) == 1 and not np.isscalar(x[0]) and np.ndim(x[0]) >= 2:
                x = x[0]
            elif isinstance(x, dict) and len(x) == 1:
                x = self._input_arrays(x, "predict")[0]
            return super().predict(x, batch_size, verbose)
        batch_size = validation.positive_int(32 if batch_size is None else batch_size, "batch_size", "predict")
        verbose = progbar.check_verbose(verbose, "predict")
        arrays = [model_module._writable(a) for a in self._input_arrays(x, "predict")]
        count = arrays[0].shape[0]
        with torch.inference_mode():
            tensors = [torch.from_numpy(a) for a in arrays]
            if self._on_gpu:
                tensors = [t.to(self.device) for t in tensors]
            run = lambda xb: self._run(xb, False)  # noqa: E731
            run_batch = lambda i: self._on_batch([t[i:i + batch_size] for t in tensors], run)  # noqa: E731
            batches = (progbar.predict_steps(count, batch_size, verbose, run_batch) if verbose
                       else [run_batch(i) for i in range(0, count, batch_size)])
            outputs = [string_inputs.join_batches([b[k] for b in batches])
                       for k in range(len(self._output_slots))] if batches else []
            result = [o.cpu().numpy() for o in outputs]
        return result[0] if len(result) == 1 else result

    # ------------------------------------------------------------------ weights
    def layer_names(self):
        return [layer.name for layer in self._all_layers if not isinstance(layer, Operation)]

    def _layer(self, name, method):
        layer = self._by_name.get(name)
        if layer is None or isinstance(layer, (layers_module.InputLayer, Operation)):
            raise ValueError(f"{method}: no layer named {name!r}; the layers are: "
                             f"{', '.join(l.name for l in self.layers)}.")
        return layer

    def set_layer_weights(self, name, weights):
        layer = self._layer(name, "set_layer_weights")
        self._assign(layer.variables, list(weights), f"set_layer_weights('{name}')")

    def _named_leaves(self, prefix=""):
        out = []
        for layer in self.layers:
            if isinstance(layer, NestedModel):
                model = layer.model
                if isinstance(model, FunctionalModel):
                    out.extend(model._named_leaves(f"{prefix}{layer.name}/"))
                else:
                    out.extend((f"{prefix}{layer.name}/{leaf.name}", leaf) for leaf in model.layers)
            else:
                out.append((prefix + layer.name, layer))
        return out

    def _layer_weight_list(self):
        return [(name, [v.value.detach().cpu().numpy().copy() for v in layer.variables])
                for name, layer in self._named_leaves()]

    def assign_layer_weights(self, layer_weights, path):
        self._assign_by_name(self._named_leaves(), {name: arrays for name, arrays in layer_weights}, path)

    # ------------------------------------------------------------------ description
    def config(self):
        """The config.json dict Keras writes for this Functional model."""
        entries = []
        for entry, layer in zip(self.graph.entries, self._all_layers):
            serialized = layer.serialize()
            serialized["name"] = layer.name
            # The graph is what was loaded: Keras writes the same inbound nodes back.
            serialized["inbound_nodes"] = entry.get("inbound_nodes") or []
            entries.append(serialized)
        inner = self._outer.get("config") or {}
        config = {
            "name": self.name,
            "trainable": self.trainable,
            "layers": entries,
            "input_layers": inner.get("input_layers"),
            "output_layers": inner.get("output_layers"),
        }
        return {
            "module": "keras.src.models.functional",
            "class_name": "Functional",
            "config": config,
            "registered_name": "Functional",
            "build_config": {"input_shape": None},
            "compile_config": dict(self._compile_config) if self._compile_config else {},
        }

    def summary(self):
        """The text Keras's model.summary() prints for this Functional model."""
        from kerasbridge.summary import format_functional_summary

        trainable, non_trainable = self.count_params()
        optimizer_params = None
        if self.optimizer is not None and self.optimizer.built:
            optimizer_params = self.optimizer.variable_count()
        return format_functional_summary(self.config(), trainable, non_trainable, optimizer_params)
