"""The few coarse calls the C# side makes. Structured values cross as JSON strings (non-finite numbers as
the strings "NaN", "Infinity", "-Infinity"); arrays cross as numpy arrays (see arrays.py). Keeping the
surface this small keeps loops in Python, where they are fast, and the C# side free of engine details."""
import ctypes
import json
import math

import numpy as np

from kerasbridge import arrays, bridge
from kerasbridge.errors import InvalidArgumentError


def _clean(value):
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, np.ndarray):
        return _clean(value.tolist())  # a vector-valued metric's log
    if isinstance(value, (np.floating, float)):
        value = float(value)
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def dumps(value):
    return json.dumps(_clean(value), allow_nan=False)


def engine(name):
    return bridge.get_engine(name)


def engine_info(engine_object):
    return dumps({"name": engine_object.name, "version": engine_object.version, "device": engine_object.device})


def set_random_seed(engine_object, seed):
    engine_object.set_random_seed(int(seed))


def build(engine_object, config_json):
    return engine_object.model_from_config(json.loads(config_json))


def load(engine_object, path, safe_mode):
    return engine_object.load_model(str(path), safe_mode=bool(safe_mode))


def compile_model(model, optimizer_json, loss_json, metrics_json, loss_weights_json=None, weighted_metrics_json=None):
    options = {}
    loss_weights = json.loads(loss_weights_json) if loss_weights_json else None
    if loss_weights is not None:
        options["loss_weights"] = loss_weights
    weighted_metrics = json.loads(weighted_metrics_json) if weighted_metrics_json else None
    if weighted_metrics is not None:
        options["weighted_metrics"] = weighted_metrics
    model.compile(json.loads(optimizer_json), json.loads(loss_json), json.loads(metrics_json), **options)


class SharedStopFlag:
    """The engines' stop flag read from one int32 of pinned .NET memory: C# cancels by writing 1 there,
    from any thread, without waiting for the Python thread (which is busy training).

    between_batches() is what the fit loops call before every batch: it first lets the calls other .NET
    threads queued meanwhile run (another model's Predict; `pending` is their count in pinned memory, so
    the common case costs one memory read), then says whether training should stop."""

    def __init__(self, address, pending_address=None, run_pending=None):
        self._cell = ctypes.c_int32.from_address(int(address))
        self._pending = ctypes.c_int32.from_address(int(pending_address)) if pending_address else None
        self._run_pending = run_pending

    @property
    def requested(self):
        return self._cell.value != 0

    @requested.setter
    def requested(self, value):
        self._cell.value = 1 if value else 0

    def between_batches(self):
        if self._pending is not None and self._pending.value > 0:
            self._run_pending()
        return self._cell.value != 0


def new_stop_flag(address, pending_address=None, run_pending=None):
    return SharedStopFlag(address, pending_address, run_pending)


def fit(model, x, y, options_json, val_x, val_y, on_epoch_end, stop_flag, sample_weight=None, dispatch=None,
        val_sample_weight=None):
    """dispatch(index, hook, step, logs_json, stop_training) -> float runs the C# callbacks' hooks and schedules
    (kerasbridge/dotnet_callbacks.py); None when the fit has none. val_sample_weight: validation_data's third
    entry (one array, or a dict of arrays by output name)."""
    if val_sample_weight is not None and val_x is None:
        raise InvalidArgumentError(
            "fit: validation sample weights need validation_data (x_val, y_val, sample_weight_val); "
            "got weights without validation data.", argument="validation_data")
    options = json.loads(options_json)
    report = None
    if on_epoch_end is not None:
        def report(epoch, logs):
            on_epoch_end(int(epoch), dumps(logs))
    class_weight = options.get("class_weight")
    if class_weight is not None:
        # JSON keys are strings; Keras's class_weight is keyed by int class ids.
        class_weight = {int(k): v for k, v in class_weight.items()}
    result = model.fit(
        x, y,
        epochs=options["epochs"],
        batch_size=options["batch_size"],
        validation_split=options["validation_split"],
        validation_data=_validation_data(val_x, val_y, val_sample_weight),
        shuffle=options["shuffle"],
        callbacks=options["callbacks"],
        on_epoch_end=report,
        stop_flag=stop_flag,
        initial_epoch=options.get("initial_epoch", 0),
        sample_weight=sample_weight,
        class_weight=class_weight,
        dispatch=dispatch,
        **({"verbose": options["verbose"]} if options.get("verbose") else {}),
    )
    return dumps(result)


def _validation_data(val_x, val_y, val_sample_weight):
    """fit's validation_data as Keras takes it: None, (x_val, y_val) or (x_val, y_val, sample_weight_val)."""
    if val_x is None:
        return None
    return (val_x, val_y) if val_sample_weight is None else (val_x, val_y, val_sample_weight)


def evaluate(model, x, y, batch_size, verbose=0, sample_weight=None):
    options = {"verbose": int(verbose)} if verbose else {}
    if sample_weight is not None:
        options["sample_weight"] = sample_weight
    return dumps(model.evaluate(x, y, batch_size=int(batch_size), **options))


def predict(model, x, batch_size, verbose=0):
    if verbose:
        return model.predict(x, batch_size=int(batch_size), verbose=int(verbose))
    return model.predict(x, batch_size=int(batch_size))


def predict_outputs(model, x, batch_size, verbose=0):
    """predict's outputs as a list, one array per output in the model's output order."""
    if verbose:
        result = model.predict(x, batch_size=int(batch_size), verbose=int(verbose))
    else:
        result = model.predict(x, batch_size=int(batch_size))
    return list(result) if isinstance(result, (list, tuple)) else [result]


def predict_into(model, x_address, x_nbytes, x_dtype, x_shape, out_address, out_nbytes, out_dtype, out_shape, batch_size):
    """predict with x read from, and the output written into, pinned .NET memory: one call per Predict from C#.
    Returns None when the output was written there; otherwise (its shape or dtype does not fit) the output
    array, which the caller then copies the general way."""
    x = arrays.from_address(x_address, x_nbytes, x_dtype, x_shape)
    y = model.predict(x, batch_size=int(batch_size))
    return None if arrays.copy_if_fits(y, out_address, out_nbytes, out_dtype, out_shape) else y


def _one_shape(shape):
    """A model's single input/output shape as a list; None when unknown or when the model has several
    (a Functional model's list of shapes, which the C# Model's one-array API does not describe)."""
    if shape is None:
        return None
    shape = list(shape)
    return None if any(isinstance(d, (list, tuple)) for d in shape) else shape


def _count(shape):
    """How many tensors a model's input_shape/output_shape describes (a list of shapes for several)."""
    if shape is None:
        return 1
    shape = list(shape)
    return len(shape) if shape and all(isinstance(d, (list, tuple)) for d in shape) else 1


def _shape_list(shape):
    """A model's input_shape/output_shape as a list of shapes, one per input/output (empty when unknown)."""
    if shape is None:
        return []
    shape = list(shape)
    if shape and all(isinstance(d, (list, tuple)) for d in shape):
        return [list(s) for s in shape]
    return [shape]


def info(model):
    config = model.config()
    return dumps({
        "name": config.get("config", {}).get("name"),
        "input_shape": _one_shape(model.input_shape),
        "output_shape": _one_shape(model.output_shape),
        "inputs": _count(model.input_shape),
        "outputs": _count(model.output_shape),
        "layers": list(model.layer_names()),
        "input_names": list(getattr(model, "input_names", []) or []),
        "output_names": list(getattr(model, "output_names", []) or []),
        "input_shapes": _shape_list(model.input_shape),
        "output_shapes": _shape_list(model.output_shape),
    })


def config(model):
    return dumps(model.config())


def input_dtypes(model):
    """Each model input's dtype ("float32", "int32", "string", ...) in input_names order, read from the InputLayers of
    the model's config (keras/src/layers/core/input_layer.py get_config); "float32" where the config has none."""
    layers = (model.config().get("config") or {}).get("layers") or []
    dtypes = {}
    for layer in layers:
        if layer.get("class_name") == "InputLayer":
            config = layer.get("config") or {}
            dtype = config.get("dtype")
            if isinstance(dtype, dict):  # a DTypePolicy
                dtype = (dtype.get("config") or {}).get("name")
            dtypes[config.get("name") or layer.get("name")] = dtype or "float32"
    return dumps([dtypes.get(name, "float32") for name in (getattr(model, "input_names", []) or [])])


def set_trainable(model, name, flag):
    model.set_trainable(None if name is None else str(name), bool(flag))


def is_trainable(model, name):
    return model.is_trainable(None if name is None else str(name))


def copy_layer_weights(target, copies):
    """Gives layers of `target` the weights of layers of other models: copies is [(name, source, source_name)]
    (a layer taken from a built model into a new one keeps its trained weights)."""
    for name, source, source_name in copies:
        weights = source.get_weights() if source_name is None else source.get_layer_weights(str(source_name))
        if weights:  # a layer its model never built has no weights yet: the new model's own stay
            target.set_layer_weights(str(name), weights)


def output_shapes(entry_json, request_json):
    from kerasbridge import symbolic

    return symbolic.output_shapes(entry_json, request_json)


def loss_value(engine_object, loss_json, y_true, y_pred):
    values = engine_object.loss_values(json.loads(loss_json), y_true, y_pred)
    return float(np.mean(np.asarray(values, dtype=np.float64)))


class SmallBatchPredictor:
    """predict for up to `capacity` float32 rows through buffers pinned in .NET memory for the model's life:
    C# writes the rows and their count there and calls this with no arguments; the outputs are written into
    the output buffer. The views over the buffers (one per row count) are made once. On the PyTorch engine they
    are tensors handed to the model's predict_small_batch (one forward pass, written straight into the buffer);
    elsewhere numpy views handed to the engine's predict. Returns False (nothing written) when the output does
    not fit the buffer."""

    def __init__(self, model, rows_address, x_address, x_shape, y_address, y_shape):
        self._rows = ctypes.c_int32.from_address(int(rows_address))
        x = arrays.view_float32(int(x_address), x_shape)
        y = arrays.view_float32(int(y_address), y_shape)
        run = getattr(model, "predict_small_batch", None)
        if run is not None:
            import torch  # only the PyTorch engine has predict_small_batch

            x, y = torch.from_numpy(x), torch.from_numpy(y)
            self._run = run
        else:
            self._predict = model.predict
            self._run = self._through_predict
        # The views for each row count, made once: slicing costs more than the rest of the call.
        self._views = {n: (x[:n], y[:n]) for n in range(1, x_shape[0] + 1)}

    def __call__(self):
        return self._run(*self._views[self._rows.value])

    def _through_predict(self, x, out):
        y = self._predict(x, batch_size=x.shape[0])
        if type(y) is not np.ndarray or y.shape != out.shape:
            return False  # e.g. several outputs: the caller takes the general path
        out[...] = y
        return True


def small_batch_predictor(model, rows_address, x_address, x_shape, y_address, y_shape):
    return SmallBatchPredictor(model, rows_address, x_address, tuple(int(d) for d in x_shape),
                               y_address, tuple(int(d) for d in y_shape))


def export_onnx(model, path, opset):
    model.export_onnx(str(path), None if opset is None else int(opset))
def application(engine_object, function, kwargs_json, auto_name=None):
    """keras.applications.<function>(**kwargs) on the engine (kerasbridge/applications/api.py)."""
    from kerasbridge.applications import api

    return api.create(engine_object, str(function), json.loads(kwargs_json),
                      None if auto_name is None else (lambda prefix: str(auto_name(prefix))))


def application_missing_layers(engine_object, function, kwargs_json):
    from kerasbridge.applications import api

    return dumps(api.missing_layers(engine_object, str(function), json.loads(kwargs_json)))


def missing_layers(engine_object, config_json):
    from kerasbridge.applications import api

    return dumps(api.missing_layers_of_config(engine_object, json.loads(config_json)))


def application_preprocess(x, mode):
    from kerasbridge.applications import preprocessing

    return preprocessing.preprocess_input(x, None if mode is None else str(mode))


def application_decode(preds, top):
    from kerasbridge.applications import preprocessing

    return dumps(preprocessing.decode_predictions(preds, int(top)))
