"""compile()'s loss and metrics for models with one or several outputs (keras/src/trainers/compile_utils.py
CompileLoss and CompileMetrics, keras/src/trainers/trainer.py `metrics`, `compute_loss`).

One output: the loss and every metric apply to it; metric names have no prefix and no per-output loss
tracker exists. Several outputs (named after their output layers):
- loss: one loss (applied to every output, resolved per output: "crossentropy" may differ), a list with
  one entry per output, or a dict with exactly the output names as keys; an entry may be None (no loss).
- loss_weights: a number (with one loss), a list (one per loss) or a dict keyed by output name.
- metrics: a list with one entry per output (each a metric or a list of metrics) or a dict keyed by
  output names (a subset); Keras refuses a flat list whose length is not the number of outputs.
- The total loss is the sum of each output's loss times its weight; each output's *unweighted* loss is
  tracked as `<output>_loss` when more than one output has a loss. Metric names are `<output>_<name>`,
  repeated names get `_1`, `_2` (CompileMetrics.result).
- weighted_metrics: the same structures as metrics; they are updated with the sample weights (given, made from
  class_weight, or a validation set's) where metrics are not. A weighted metric whose log name is taken gets
  "weighted_" before its own name (`<output>_weighted_<name>`), then `_1`, `_2` (CompileMetrics.result).
- Log order (Trainer.metrics): loss, the compiled metrics output by output, the weighted metrics output by output,
  then the per-output losses.
"""

from kerasbridge.errors import InvalidArgumentError
from kerasbridge.torch_engine import losses
from kerasbridge.torch_engine import metrics as metrics_module


def _names(names):
    return ", ".join(names)


def _per_output(value):
    """A dict keyed by output name (not a Keras serialized object, which is a dict with class_name)."""
    return isinstance(value, dict) and "class_name" not in value


def check_structure(loss, loss_weights, metrics, output_names, method="compile", weighted_metrics=None):
    """Fails now (at compile) for a loss/loss_weights/metrics structure that could not fit the outputs,
    or names a loss or metric that does not exist."""
    count = len(output_names)
    for identifier in _flat_losses(loss, output_names, method):
        if identifier is not None and not losses.is_auto_crossentropy(identifier):
            losses.get(identifier)
    _flat_weights(loss, loss_weights, output_names, method)
    for argument, given in (("metrics", metrics), ("weighted_metrics", weighted_metrics)):
        for entry in _flat_metrics(given, output_names, method, argument):
            for metric in entry:
                metrics_module.check(metric, argument)
    if count and all(identifier is None for identifier in _flat_losses(loss, output_names, method)) and loss is not None:
        raise InvalidArgumentError(f"{method}: argument 'loss' gives no loss for any output; name a loss for at least one.",
                                   argument="loss")


def _flat_losses(loss, output_names, method):
    """One loss identifier (or None) per output, in output order."""
    count = len(output_names)
    if _per_output(loss):
        if set(loss) != set(output_names):
            raise InvalidArgumentError(
                f"{method}: argument 'loss' must have one entry per model output ({_names(output_names)}); "
                f"got keys {_names(map(str, loss))}.", argument="loss")
        return [loss[name] for name in output_names]
    if isinstance(loss, (list, tuple)):
        if len(loss) != count:
            raise InvalidArgumentError(
                f"{method}: argument 'loss' must be one loss, a list of {count} losses (one per output: "
                f"{_names(output_names)}) or a dict keyed by output name; got a list of {len(loss)}.", argument="loss")
        return list(loss)
    return [loss] * count


def _flat_weights(loss, loss_weights, output_names, method):
    """One weight (or None) per output. Keras packs the weights with the losses as given: one loss takes one
    weight (a number, or a list/dict of one), copied with the loss to every output; a list or dict of losses
    takes a list (in output order) or a dict keyed by output name."""
    count = len(output_names)
    if loss_weights is None:
        return [None] * count
    if isinstance(loss_weights, (int, float)) and not isinstance(loss_weights, bool):
        return [float(loss_weights)] * count
    single_loss = not (isinstance(loss, (list, tuple)) or _per_output(loss))
    losses_given = 1 if single_loss else len(loss)
    if isinstance(loss_weights, dict):
        unknown = [str(k) for k in loss_weights if k not in output_names]
        missing = [n for n in output_names if n not in loss_weights]
        if unknown or (not single_loss and missing) or (single_loss and len(loss_weights) != 1):
            raise InvalidArgumentError(
                f"{method}: argument 'loss_weights' must be keyed by the model's output names ({_names(output_names)}), "
                f"one per loss ({losses_given}); missing: {_names(missing) or 'none'}; unknown: {_names(unknown) or 'none'}.",
                argument="loss_weights")
        weights = [next(iter(loss_weights.values()))] * count if single_loss else [loss_weights[n] for n in output_names]
    elif isinstance(loss_weights, (list, tuple)):
        if len(loss_weights) != losses_given:
            raise InvalidArgumentError(
                f"{method}: argument 'loss_weights' must match the number of losses, got {losses_given} losses and "
                f"{len(loss_weights)} weights.", argument="loss_weights")
        weights = list(loss_weights) * count if single_loss else list(loss_weights)
    else:
        raise InvalidArgumentError(
            f"{method}: argument 'loss_weights' must be a number, a list or a dict keyed by output name; got "
            f"{type(loss_weights).__name__} {loss_weights!r}.", argument="loss_weights")
    return [None if w is None else _weight(w, method) for w in weights]


def _weight(value, method):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidArgumentError(f"{method}: argument 'loss_weights' must hold numbers; got {value!r}.",
                                   argument="loss_weights")
    return float(value)


def _as_list(entry):
    if entry is None:
        return []
    return list(entry) if isinstance(entry, (list, tuple)) else [entry]


def _flatten(metrics):
    if _per_output(metrics):
        return [m for v in metrics.values() for m in _flatten(v)]
    if isinstance(metrics, (list, tuple)):
        return [m for v in metrics for m in _flatten(v)]
    return [] if metrics is None else [metrics]


def _flat_metrics(metrics, output_names, method, argument="metrics"):
    """One list of metric identifiers per output."""
    count = len(output_names)
    if not metrics:
        return [[] for _ in output_names]
    if count == 1:
        return [_flatten(metrics)]  # one output: every metric applies to it, whatever the nesting
    if isinstance(metrics, (list, tuple)) and len(metrics) == count:
        return [_as_list(entry) for entry in metrics]
    if _per_output(metrics) and set(metrics) <= set(output_names):
        return [_as_list(metrics.get(name)) for name in output_names]
    raise InvalidArgumentError(
        f"{method}: argument '{argument}' must be a list with one entry per model output ({_names(output_names)}; "
        f"each entry a metric or a list of metrics) or a dict keyed by output name; got {metrics!r:.200}.",
        argument=argument)


class Head:
    """One output: its name (None for a single-output model), loss, weight, metrics, weighted metrics and loss
    tracker."""

    def __init__(self, name, loss, weight, metrics, weighted=()):
        self.name = name
        self.loss = loss
        self.weight = weight
        self.metrics = metrics
        self.weighted = list(weighted)
        self.tracker = None


class CompiledOutputs:
    """The compiled loss and metrics of a model, built per output once labels are seen."""

    def __init__(self, loss, loss_weights, metrics, output_names, weighted_metrics=None):
        self.output_names = list(output_names)
        self.single = len(self.output_names) == 1
        self.heads = []
        self.tracks_more_than_loss = False
        self._loss = loss
        self._loss_weights = loss_weights
        self._metrics = metrics
        self._weighted_metrics = weighted_metrics

    def build(self, y_shapes, output_shapes):
        """Keras's CompileLoss.build and CompileMetrics.build. y_shapes/output_shapes: one per output."""
        names = self.output_names
        flat_losses = _flat_losses(self._loss, names, "compile")
        flat_weights = _flat_weights(self._loss, self._loss_weights, names, "compile")
        flat_metrics = _flat_metrics(self._metrics, names, "compile")
        flat_weighted = _flat_metrics(self._weighted_metrics, names, "compile", "weighted_metrics")
        counters = {}
        heads = []
        for index, name in enumerate(names):
            y_shape, out_shape = y_shapes[index], output_shapes[index]
            identifier = flat_losses[index]
            loss = None if identifier is None else losses.resolve(identifier, y_shape, out_shape)
            metrics = [self._named(metric_identifier, y_shape, out_shape, name, counters)
                       for metric_identifier in flat_metrics[index]]
            heads.append(Head(None if self.single else name, loss, flat_weights[index], metrics))
        # CompileMetrics.result names the weighted metrics after all the plain ones.
        for index, (name, head) in enumerate(zip(names, heads)):
            head.weighted = [self._named(identifier, y_shapes[index], output_shapes[index], name, counters,
                                         "weighted_metrics") for identifier in flat_weighted[index]]
        with_loss = [h for h in heads if h.loss is not None]
        if len(with_loss) > 1:
            # CompileLoss.build: a Mean per loss, named after its output, only when there are several.
            for head in with_loss:
                head.tracker = metrics_module.Mean(name=f"{head.name}_loss")
        self.heads = heads
        # The training step skips the metric and tracker updates when there are none.
        self.tracks_more_than_loss = any(h.metrics or h.weighted or h.tracker is not None for h in heads)

    def _named(self, identifier, y_shape, out_shape, output, counters, argument="metrics"):
        """The metric with its log name (CompileMetrics.result): `<output>_<name>` with several outputs; a repeated
        name gets _1, _2, ...; a weighted metric whose name is taken is first renamed `weighted_<name>`."""
        metric = metrics_module.get(identifier, y_shape, out_shape, argument)
        metric.own_name = metric.name  # Keras's m.name; the log name is only CompileMetrics.result's
        prefix = "" if self.single else f"{output}_"
        full = prefix + metric.name
        if full not in counters:
            counters[full] = 1
        elif argument == "weighted_metrics":
            full = f"{prefix}weighted_{metric.name}"
            if full not in counters:
                counters[full] = 1
            else:
                full = self._numbered(full, counters)
        else:
            full = self._numbered(full, counters)
        metric.name = full
        return metric

    @staticmethod
    def _numbered(name, counters):
        suffix = counters[name]
        counters[name] += 1
        return f"{name}_{suffix}"

    @property
    def metrics(self):
        """The plain metrics output by output, then the weighted ones (CompileMetrics.metrics)."""
        return [m for head in self.heads for m in head.metrics] + [m for head in self.heads for m in head.weighted]

    def _trackers(self):
        return [h.tracker for h in self.heads if h.tracker is not None]

    def reset(self, device):
        for metric in self.metrics + self._trackers():
            metric.reset(device)

    def total_loss(self, y_true, y_pred, sample_weight=None):
        """(total, [(head, value before its loss weight)]): CompileLoss.call's sum of weighted losses. One
        sample_weight (samples,) weighs every output's loss, as Keras replicates it over the outputs; a list
        gives each output its own (CompileLoss.call's resolve_path)."""
        if self.single:
            head = self.heads[0]
            if head.loss is not None and head.weight is None:
                # Keras's sum([value]) is 0 + value: the same value (up to the sign of a zero loss, which the
                # loss tracker's sum from +0 and the gradients do not see) without an op and a graph node.
                value = head.loss(y_true, y_pred, sample_weight)
                return value, [(head, value)]
            y_true, y_pred = [y_true], [y_pred]
        total = 0
        values = []
        for head, y_t, y_p, weights in zip(self.heads, y_true, y_pred, self._per_head(sample_weight)):
            if head.loss is None:
                continue
            value = head.loss(y_t, y_p, weights)
            values.append((head, value))
            total = total + (value if head.weight is None else value * head.weight)
        return total, values

    def track(self, values, batch_size):
        """Records each output's unweighted loss (Keras: Mean.update_state(value, sample_weight=batch size))."""
        for head, value in values:
            if head.tracker is not None:
                head.tracker.update_loss(value.detach(), batch_size)

    def update_metrics(self, y_true, y_pred, sample_weight=None):
        """CompileMetrics.update_state: plain metrics without weights; weighted ones with the sample weights (one
        array, repeated for every output, or one per output) or, where there are none, without."""
        if self.single:
            y_true, y_pred = [y_true], [y_pred]
        for head, y_t, y_p in zip(self.heads, y_true, y_pred):
            for metric in head.metrics:
                metric.update(y_t, y_p)
        for head, y_t, y_p, weights in zip(self.heads, y_true, y_pred, self._per_head(sample_weight)):
            for metric in head.weighted:
                metric.update(y_t, y_p, weights)

    def _per_head(self, sample_weight):
        """One weight array (or None) per output: a list is one per output already; one array is repeated."""
        if isinstance(sample_weight, (list, tuple)):
            return list(sample_weight)
        return [sample_weight] * len(self.heads)

    def results(self):
        """[(name, 0-dim tensor)] after "loss", in Keras's order: compiled metrics, then per-output losses."""
        return [(m.name, m.result()) for m in self.metrics] + [(t.name, t.result()) for t in self._trackers()]

    def direction(self, name):
        """EarlyStopping mode="auto" (callbacks/monitor_callback.py): Keras matches the monitored name, without
        "val_", against each compiled metric's own name (not its log name with the output prefix or a _1 suffix),
        and knows no direction for the per-output loss trackers (Means): those need mode="min"/"max"."""
        # The last match with a direction wins, as Keras's loop over the plain then the weighted metrics leaves it.
        matches = [m.direction for m in self.metrics if m.own_name == name and m.direction is not None]
        return matches[-1] if matches else None

    def head_losses(self):
        """Each output's resolved loss (None where it has none), for checking its labels."""
        return [h.loss for h in self.heads]
