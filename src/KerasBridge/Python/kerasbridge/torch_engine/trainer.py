"""compile, fit and evaluate for the PyTorch engine's models (keras/src/trainers/trainer.py,
keras/src/backend/torch/trainer.py, keras/src/trainers/compile_utils.py).

Training follows Keras's torch trainer step by step: for each batch, forward in training mode, the loss
(each output's loss reduced "sum_over_batch_size", times its weight, summed), gradients, one optimizer
step, then the loss trackers and the compiled metrics are updated with the batch's pre-update
predictions. Epoch logs are the batch-size-weighted means over the epoch (Keras's Mean metrics), then
validation runs in inference mode and its values are added with a "val_" prefix. Callbacks
(torch_engine/callbacks) are driven by a CallbackList in Keras's order, batch hooks only when one has them;
a sample weight (given, or made from class_weight for one output) multiplies every output's per-sample loss.

x and y are one array each for a model with one input and one output, else lists (input order, output
order) that the model's `_prepare_xy` made from lists or dicts. Data are converted to tensors once per fit
and batches are taken by index on the device; metric totals stay on the device, so each epoch has a
single host sync.
"""

import warnings

import numpy as np
import torch

from kerasbridge import named_arrays, progbar, sample_weights, validation
from kerasbridge.errors import InvalidArgumentError, NotCompiledError
from kerasbridge.torch_engine import callbacks as callbacks_module
from kerasbridge.torch_engine import compile_utils, constraints, losses, masking, optimizers, regularizers
from kerasbridge.torch_engine import staging, string_inputs
from kerasbridge.torch_engine import metrics as metrics_module


def _writable(array):
    # torch.from_numpy warns on read-only arrays (e.g. views of buffers owned by .NET).
    return array if array.flags.writeable else array.copy()


def _map(fn, data):
    """fn applied to one array or to each array of a list (several inputs or outputs); a None entry (an
    output without sample weights) stays None."""
    return [None if a is None else fn(a) for a in data] if isinstance(data, list) else fn(data)


def _rows(data):
    return (data[0] if isinstance(data, list) else data).shape[0]


def _apply_skipping(optimizer, params, grads, unused):
    """One optimizer step that leaves the variables without a gradient (e.g. those only an output without
    a loss uses) and their optimizer slots untouched, as Keras's BaseOptimizer._filter_empty_gradients
    drops them from the step. The optimizers update all variables at once, so those are restored after."""
    if len(unused) == len(params):
        raise ValueError("No gradients provided for any variable.")
    # Per-variable slot lists; Muon's adam_velocities hold None for the variables its Newton-Schulz step updates.
    slots = [value for name, value in vars(optimizer).items()
             if isinstance(value, list) and len(value) == len(params) and "average" not in name
             and any(isinstance(t, torch.Tensor) for t in value)
             and all(t is None or isinstance(t, torch.Tensor) for t in value) and value is not params]
    saved = [(t, t.detach().clone()) for i in unused for t in [params[i]] + [slot[i] for slot in slots]
             if t is not None]
    optimizer.apply([torch.zeros_like(p) if g is None else g for p, g in zip(params, grads)])
    with torch.no_grad():
        for tensor, value in saved:
            tensor.copy_(value)


class _StepPlan:
    """What a fit's training steps need that stays fixed during the fit (its trainable variables are fixed
    too), worked out once instead of per batch: the variables with a weight regularizer, those with a
    constraint (aligned with the gradients) and whether any metric or per-output loss is tracked."""

    def __init__(self, model, params):
        self.penalized = model._penalized()
        self.constrained = constraints.constrained([v for v in model._all_variables() if v.trainable])
        self.tracks = model._compiled.tracks_more_than_loss


class Trainer:
    """The training half of TorchModel. Needs from the model: optimizer state (_reset_state), device,
    _forward, _trainable_tensors, output_shape, _output_names, _output_shape_list, _ensure_built, _check_x."""

    # The epoch fit starts from when a BackupAndRestore callback found a backup (keras/src/trainers/trainer.py;
    # as there, it stays set on the model).
    _initial_epoch = None
    # compile's weighted_metrics (None until compiled with them).
    _weighted_identifiers = None

    # ------------------------------------------------------------------ compiling
    def compile(self, optimizer="rmsprop", loss=None, metrics=None, loss_weights=None, weighted_metrics=None):
        """Keras's compile: stores optimizer, loss(es), loss weights, metrics and weighted metrics (those the sample
        weights weigh); nothing is built until data arrive."""
        optimizer_obj = optimizers.get(optimizer)
        for argument, value in (("metrics", metrics), ("weighted_metrics", weighted_metrics)):
            if value is not None and not (isinstance(value, (list, tuple)) or compile_utils._per_output(value)):
                raise InvalidArgumentError(
                    f"compile: argument '{argument}' must be a list (or, for several outputs, a dict keyed by output "
                    f"name); got {type(value).__name__} {value!r}.", argument=argument)
        compile_utils.check_structure(loss, loss_weights, metrics, self._output_names(),
                                      weighted_metrics=weighted_metrics)
        self.optimizer = optimizer_obj
        self._loss_identifier = loss
        self._loss_weights = loss_weights
        self._metric_identifiers = metrics
        self._weighted_identifiers = weighted_metrics
        self._compiled = None
        self._resolved = False
        self._compile_config = {
            "optimizer": optimizer_obj.serialize(),
            "loss": self._serialize_nested(loss, self._serialize_loss),
            "loss_weights": loss_weights,
            "metrics": None if metrics is None else self._serialize_nested(metrics, self._serialize_metric),
            "weighted_metrics": None if weighted_metrics is None
            else self._serialize_nested(weighted_metrics, self._serialize_metric),
            "run_eagerly": False,
            "steps_per_execution": 1,
            "jit_compile": False,
        }

    @staticmethod
    def _serialize_nested(value, serialize):
        # Keras's compile_config keeps the structure given (a list, a dict per output, lists inside).
        if isinstance(value, dict) and "class_name" not in value:
            return {k: Trainer._serialize_nested(v, serialize) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [Trainer._serialize_nested(v, serialize) for v in value]
        return serialize(value)

    @staticmethod
    def _serialize_loss(loss):
        # Keras keeps a string as given and serializes an object to its full config.
        if loss is None or isinstance(loss, str):
            return loss
        return losses.get(loss).serialize()

    @staticmethod
    def _serialize_metric(metric):
        if metric is None or isinstance(metric, str):
            return metric
        return metrics_module.get(metric, None, None).serialize()

    def _compile_from_config(self, config):
        # Keras 3 writes "optimizer"; legacy .h5 training_config writes "optimizer_config".
        optimizer = config.get("optimizer", config.get("optimizer_config"))
        if optimizer is None:
            raise ValueError("compile_config has no optimizer.")
        self.compile(optimizer=optimizer, loss=config.get("loss"), metrics=config.get("metrics"),
                     loss_weights=config.get("loss_weights"), weighted_metrics=config.get("weighted_metrics"))
        if self.built:
            # Keras's compile_from_config builds the optimizer so saved optimizer state can load.
            self.optimizer.build(self._trainable_tensors(), self._trainable_paths())

    def _trainable_paths(self):
        """Keras's paths of the trainable variables ("dense/kernel", as Keras names them in a model made from its
        config, where a nested model adds no scope: _leaf_layers), aligned with _trainable_tensors; sublayers'
        scopes (an RNN's cell) are not included."""
        layers = self._leaf_layers() if hasattr(self, "_leaf_layers") else self.layers
        return [f"{layer.name}/{v.name}" for layer in layers for v in layer.variables if v.trainable]

    def _require_compiled(self, method):
        if self.optimizer is None:
            raise NotCompiledError(
                f"{method}: the model must be compiled first; call compile(optimizer, loss, metrics)."
            )
        if self._loss_identifier is None:
            raise NotCompiledError(f"{method}: the model was compiled without a loss; compile it with a loss.")

    def _resolve_compiled(self, y_shapes):
        """Builds the losses and metrics once, the first time labels are seen (Keras's CompileLoss /
        CompileMetrics build), resolving "crossentropy" and "accuracy" from the shapes."""
        if self._resolved:
            return
        compiled = compile_utils.CompiledOutputs(self._loss_identifier, self._loss_weights, self._metric_identifiers,
                                                 self._output_names(), self._weighted_identifiers)
        compiled.build(y_shapes, self._output_shape_list())
        self._compiled = compiled
        self._resolved = True

    @property
    def _loss(self):
        """The single output's resolved loss (None before labels were seen or with several outputs)."""
        compiled = self._compiled
        return compiled.heads[0].loss if compiled is not None and compiled.single else None

    @property
    def _metrics(self):
        """Every compiled metric, output by output (None before labels were seen)."""
        return self._compiled.metrics if self._compiled is not None else None

    def metric_direction(self, name):
        """"up"/"down" for a compiled metric's log name (EarlyStopping mode="auto"), else None."""
        return self._compiled.direction(name) if self._compiled is not None else None

    # ------------------------------------------------------------------ data
    def _check_x(self, x, method, argument="x"):
        lookup = (getattr(self, "_string_lookups", None) or [None])[0]
        if lookup is not None:  # a string Input: its StringLookup or Hashing runs here (string_inputs.py)
            return string_inputs.features(lookup, x, self.input_shape, method, argument)
        return validation.features(x, self.input_shape, method, argument)

    def _labels(self, raw_y, loss, output_shape, method, argument):
        """y checked against one output and converted for its loss (an output without a loss: float32)."""
        if loss is None:
            array = np.asarray(raw_y)
            if array.dtype.kind not in "biuf":
                raise InvalidArgumentError(f"{method}: argument '{argument}' must be numeric; got dtype {array.dtype}.")
            array = array.astype(np.float32) if array.dtype.kind == "f" else array
            validation.finite(array, argument, method)
            return np.ascontiguousarray(array)
        return validation.labels(raw_y, loss, output_shape, method, argument)

    def _prepare_xy(self, x, y, method, x_name="x", y_name="y"):
        if isinstance(x, dict):
            x = named_arrays.in_order(x, self.input_names, method, x_name, "input")[0]
        if isinstance(y, dict):
            y = named_arrays.in_order(y, self._output_names(), method, y_name, "output")[0]
        x = self._check_x(x, method, x_name)
        self._check_finite_x(x, x_name, method)
        self._ensure_built(x)
        if y is None:
            raise InvalidArgumentError(f"{method}: argument '{y_name}' is required.")
        raw_y = np.asarray(y)
        if raw_y.ndim == 0:
            raise InvalidArgumentError(f"{method}: argument '{y_name}' must have samples on the first axis; got a scalar.")
        validation.same_rows(x, raw_y, method, x_name, y_name)
        self._resolve_compiled([raw_y.shape])
        y = self._labels(raw_y, self._compiled.heads[0].loss, self.output_shape, method, y_name)
        return x, y

    def _on_batch(self, xb, run):
        """run(batch of inputs as the model's layers take it): a TextVectorization's input cut to the longest row of
        the batch, as Keras's call pads each batch (string_inputs.cut_batch); a layer failing on a batch of empty
        texts (0 steps) is refused naming them."""
        slots = getattr(self, "_padded_slots", None)
        xb = string_inputs.cut_batch(xb, slots)
        try:
            return run(xb)
        except (RuntimeError, IndexError) as e:
            string_inputs.refuse_empty_batch(e, xb, slots)
            raise

    def _check_finite_x(self, x, argument, method):
        """validation.finite for x, on the device where staging.py says so (then _tensor takes that copy)."""
        if not staging.check_on_device(self, x, argument, method):
            validation.finite(x, argument, method)

    def _tensor(self, array):
        staged = staging.take(self, array)
        if staged is not None:
            return staged
        tensor = torch.from_numpy(_writable(array))
        return tensor.to(self.device) if self._on_gpu else tensor

    # ------------------------------------------------------------------ training
    @staging.releases_staged
    def fit(self, x, y, epochs=1, batch_size=32, validation_split=0.0, validation_data=None, shuffle=True,
            callbacks=None, on_epoch_end=None, stop_flag=None, initial_epoch=0, sample_weight=None,
            class_weight=None, dispatch=None, verbose=0):
        method = "fit"
        verbose = progbar.check_verbose(verbose, method)
        self._require_compiled(method)
        epochs = validation.positive_int(epochs, "epochs", method)
        batch_size = validation.positive_int(32 if batch_size is None else batch_size, "batch_size", method)
        initial_epoch = validation.non_negative_int(initial_epoch, "initial_epoch", method)
        validation_split = validation.validation_split(validation_split or 0.0, method)
        staging.begin(self, on_device=not validation_split)  # a split slices x on the host: no device copy first
        callback_list = callbacks_module.CallbackList(callbacks, self, dispatch)

        x, y = self._prepare_xy(x, y, method)
        # One sample_weight array weighs every output's loss, or one per output (a list in output order) its own;
        # class_weight only for one output (Keras's array_data_adapter.py).
        sample_weight, class_weight = sample_weights.check_fit(sample_weight, class_weight, _rows(x), method,
                                                               self._output_names())
        val = None
        if validation_data is not None:
            val = self._prepare_validation(validation_data, method)
        elif validation_split > 0:
            # Keras takes the LAST fraction of the samples, before any shuffling.
            count = _rows(x)
            split_at = int(np.floor(count * (1.0 - validation_split)))
            if split_at == 0 or split_at == count:
                raise InvalidArgumentError(
                    f"{method}: training data contains {count} samples, which is not sufficient to split it into a "
                    f"validation and training set as specified by validation_split={validation_split}. Either "
                    "provide more data, or a different value for 'validation_split'."
                )
            val = (_map(lambda a: a[split_at:], x), _map(lambda a: a[split_at:], y))
            x, y = _map(lambda a: a[:split_at], x), _map(lambda a: a[:split_at], y)
            if sample_weight is not None:
                # Keras splits the sample weights with the data; validation is weighted by them too.
                val = val + (_map(lambda a: a[split_at:], sample_weight),)
                sample_weight = _map(lambda a: a[:split_at], sample_weight)
        if class_weight is not None:
            # Keras turns class weights into sample weights for the training data only.
            sample_weight = sample_weights.class_weight_to_sample_weights(y, class_weight)

        x_t, y_t = _map(self._tensor, x), _map(self._tensor, y)
        val_t = tuple(_map(self._tensor, a) for a in val) if val is not None else None
        sw_t = _map(self._tensor, sample_weight) if sample_weight is not None else None
        params = self._trainable_tensors()
        if not self.optimizer.built:
            self.optimizer.build(params, self._trainable_paths())
        elif len(self.optimizer.params) != len(params) or any(a is not b for a, b in zip(self.optimizer.params, params)):
            raise ValueError(
                "fit: the model's trainable variables changed since the optimizer was built; compile the model again."
            )
        if not params:
            warnings.warn("The model does not have any trainable weights.", stacklevel=2)
        # Keras's CallbackList params (and its ProgbarLogger after the given callbacks when verbose is not 0).
        callback_list.set_params({"verbose": verbose, "epochs": epochs, "steps": -(-_rows(x_t) // batch_size)})
        return self._fit_loop(x_t, y_t, sw_t, val_t, params, callback_list, epochs, initial_epoch, batch_size,
                              shuffle, stop_flag, on_epoch_end)

    def _fit_loop(self, x_t, y_t, sw_t, val_t, params, callback_list, epochs, initial_epoch, batch_size, shuffle,
                  stop_flag, on_epoch_end):
        """Keras's torch trainer fit loop with its callback calls (keras/src/backend/torch/trainer.py fit)."""
        history = {}
        epochs_done = []
        cancelled = False
        self.stop_training = False
        count = _rows(x_t)
        loss_tracker = metrics_module.Mean(name="loss")
        batch_logs = lambda: self._logs(loss_tracker)  # noqa: E731  (only called with batch hooks)
        plan = _StepPlan(self, params)
        logs = {}
        callback_list.on_train_begin()
        # keras/src/backend/torch/trainer.py: BackupAndRestore may set the model's _initial_epoch in on_train_begin.
        initial_epoch = self._initial_epoch or initial_epoch
        for epoch in range(initial_epoch, epochs):
            loss_tracker.reset(self.device)
            self._compiled.reset(self.device)
            callback_list.on_epoch_begin(epoch)
            order = torch.randperm(count).to(self.device) if shuffle else None
            for step, start in enumerate(range(0, count, batch_size)):
                if stop_flag is not None and stop_flag.between_batches():
                    cancelled = True
                    break
                if callback_list.uses_batches:
                    callback_list.on_train_batch_begin(step)
                if order is None:
                    take = lambda t: t[start:start + batch_size]  # noqa: E731
                else:
                    index = order[start:start + batch_size]
                    take = lambda t: t.index_select(0, index)  # noqa: E731
                swb = _map(take, sw_t) if sw_t is not None else None
                yb = _map(take, y_t)
                self._on_batch(_map(take, x_t), lambda xb: self._train_step(xb, yb, params, loss_tracker, swb, plan))
                if callback_list.uses_batches:
                    callback_list.on_train_batch_end(step, batch_logs)
                    if self.stop_training:
                        break
            if cancelled:
                break
            logs = self._logs(loss_tracker)
            if val_t is not None:
                callback_list.on_test_begin()  # Keras's fit validates with evaluate(callbacks=callbacks)
                val_logs = self._evaluate_tensors(val_t[0], val_t[1], batch_size, *val_t[2:])
                callback_list.on_test_end(val_logs)
                logs.update({f"val_{k}": v for k, v in val_logs.items()})
            epoch_logs = callback_list.on_epoch_end(epoch, logs)
            epochs_done.append(epoch)
            for key, value in epoch_logs.items():
                history.setdefault(key, []).append(value)
            if on_epoch_end is not None:
                on_epoch_end(epoch, dict(epoch_logs))
            if self.stop_training:
                break
        stopped_early = bool(self.stop_training) and not cancelled
        if not cancelled and epochs_done:
            # Keras's fit: optimizer.finalize_variable_values (use_ema copies the averages into the weights).
            self.optimizer.finalize_variable_values()
        if not cancelled:
            callback_list.on_train_end(logs)
        else:
            callback_list.close()
        self.stop_training = False
        return {"epochs": epochs_done, "history": history, "cancelled": cancelled, "stopped_early": stopped_early}

    def _logs(self, loss_tracker):
        """{"loss": ..., metric: ..., output_loss: ...} with one host sync."""
        results = [("loss", loss_tracker.result())] + self._compiled.results()
        if all(value.dim() == 0 for _, value in results):
            values = torch.stack([value for _, value in results]).tolist()
            return dict(zip([name for name, _ in results], values))
        # A vector-valued metric (F1Score(average=None), several thresholds) logs a list, as Keras logs an array.
        flat = torch.cat([value.reshape(-1) for _, value in results]).tolist()
        logs, start = {}, 0
        for name, value in results:
            size = value.numel()
            logs[name] = flat[start] if value.dim() == 0 else flat[start:start + size]
            start += size
        return logs

    def _penalized(self):
        """The trainable variables with a weight regularizer, in model order."""
        return [v for v in self._all_variables() if v.trainable and v.regularizer is not None]

    def _compute_loss(self, xb, yb, swb, training, penalized):
        """(y_pred, total loss, per-output losses): Keras's Trainer.compute_loss, the compiled loss plus the
        model's losses (activity penalties of this forward pass, then the weight penalties of `penalized`,
        from _penalized()), summed with one ops.sum; the per-output losses have no penalties."""
        with regularizers.collecting() as extra:
            y_pred = self._forward(xb, training)
        loss, per_output = self._compiled.total_loss(yb, y_pred, swb)
        extra += [v.regularizer(v.value) for v in penalized]
        if extra:
            loss = torch.sum(torch.stack([loss] + extra))
        return y_pred, loss, per_output

    def _train_step(self, xb, yb, params, loss_tracker, swb, plan):
        y_pred, loss, per_output = self._compute_loss(xb, yb, swb, True, plan.penalized)
        if params:
            grads = torch.autograd.grad(loss, params, allow_unused=True)
            unused = [i for i, g in enumerate(grads) if g is None]
            if not unused:
                self.optimizer.apply(grads)
            else:
                _apply_skipping(self.optimizer, params, grads, unused)
            if plan.constrained:
                constraints.apply_after_step(plan.constrained, grads)
        with torch.no_grad():
            batch = _rows(xb)
            loss_tracker.update_loss(loss.detach(), batch)
            if plan.tracks:
                self._compiled.track(per_output, batch)
                self._compiled.update_metrics(yb, _map(masking.detached, y_pred), swb)  # masks kept for the metrics

    @torch.no_grad()
    def _evaluate_tensors(self, x_t, y_t, batch_size, sw_t=None, logger=None):
        """The epoch's logs over (x_t, y_t); `logger` (a progbar.ProgbarLogger) shows evaluate's progress."""
        loss_tracker = metrics_module.Mean(name="loss")
        loss_tracker.reset(self.device)
        self._compiled.reset(self.device)
        penalized = self._penalized()
        if logger is not None:
            logger.begin()
        for step, start in enumerate(range(0, _rows(x_t), batch_size)):
            xb = _map(lambda t: t[start:start + batch_size], x_t)
            yb = _map(lambda t: t[start:start + batch_size], y_t)
            # One weight array, or one per output (validation_data's per-output weights).
            swb = _map(lambda t: t[start:start + batch_size], sw_t) if sw_t is not None else None
            y_pred, loss, per_output = self._on_batch(xb, lambda x: self._compute_loss(x, yb, swb, False, penalized))
            batch = _rows(xb)
            loss_tracker.update_loss(loss, batch)
            self._compiled.track(per_output, batch)
            self._compiled.update_metrics(yb, y_pred, swb)
            if logger is not None and logger.verbose == 1:
                logger.batch_end(step, self._logs(loss_tracker))
        logs = self._logs(loss_tracker)
        if logger is not None:
            logger.end(logs)
        return logs

    def _prepare_validation(self, validation_data, method):
        """fit's validation_data: (x_val, y_val) or (x_val, y_val, sample_weight_val), as Keras unpacks it
        (keras/src/trainers/data_adapters/data_adapter_utils.py unpack_x_y_sample_weight)."""
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
            raise InvalidArgumentError(
                f"{method}: argument 'validation_data' must be a tuple (x_val, y_val) or (x_val, y_val, "
                f"sample_weight_val); got {validation_data!r:.80}.", argument="validation_data")
        val = self._prepare_xy(validation_data[0], validation_data[1], method, "validation_data[0]", "validation_data[1]")
        if len(validation_data) == 3 and validation_data[2] is not None:
            weights = sample_weights.check_validation(validation_data[2], _rows(val[0]), method, self._output_names())
            val = val if weights is None else val + (weights,)
        return val

    @staging.releases_staged
    def evaluate(self, x, y, batch_size=32, verbose=0, sample_weight=None):
        """Keras's evaluate(return_dict=True): {"loss": ..., metric name: ..., "<output>_loss": ...};
        sample_weight (one array, or one per output) weighs the loss and the weighted metrics; verbose 1 or 2 prints Keras's progress bar
        (kerasbridge/progbar.py)."""
        method = "evaluate"
        self._require_compiled(method)
        batch_size = validation.positive_int(32 if batch_size is None else batch_size, "batch_size", method)
        verbose = progbar.check_verbose(verbose, method)
        staging.begin(self, on_device=True)
        x, y = self._prepare_xy(x, y, method)
        sample_weight = sample_weights.check_per_output(sample_weight, _rows(x), method, self._output_names())
        sw_t = _map(self._tensor, sample_weight) if sample_weight is not None else None
        logger = progbar.ProgbarLogger(verbose, -(-_rows(x) // batch_size)) if verbose else None
        return self._evaluate_tensors(_map(self._tensor, x), _map(self._tensor, y), batch_size, sw_t, logger=logger)
