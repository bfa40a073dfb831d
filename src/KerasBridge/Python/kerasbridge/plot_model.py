"""keras.utils.plot_model for a model's Keras config, so it draws the same picture on both engines.

Follows keras/src/utils/model_visualization.py (Keras 3.15.1): the same graph attributes (rankdir,
concentrate, dpi, splines, record nodes), the same HTML-like node labels (make_layer_label: name and class,
activation, input/output shapes as Python prints tuples, dtype, trainable) and the same edges (Sequential:
consecutive layers of model.layers, no InputLayer box; Functional: every InputLayer and layer of
model._operations, one edge per inbound tensor, drawn once per pair). Keras hands the graph to pydot,
which runs Graphviz's `dot`; here the DOT text is written directly and `dot` is run as a process.
Nested models are drawn as one box (Keras's expand_nested=False).
"""
import os
import shutil
import subprocess
import tempfile

from kerasbridge.errors import InvalidArgumentError

INSTALL_HINT = (
    "Graphviz's 'dot' program is needed to draw models: on Debian/Ubuntu run 'sudo apt-get install -y graphviz' "
    "(macOS: 'brew install graphviz'; Windows: 'winget install graphviz'), or set KERASBRIDGE_DOT to the dot executable."
)
_FORMATS = {"png", "svg", "pdf", "jpg", "jpeg", "gif", "dot"}


class GraphvizMissingError(RuntimeError):
    """Graphviz's dot is not installed (the C# side raises GraphvizNotFoundException)."""


def find_dot():
    """The path of Graphviz's dot, or None: KERASBRIDGE_DOT, else dot on PATH."""
    explicit = os.environ.get("KERASBRIDGE_DOT")
    if explicit:
        return explicit if os.path.isfile(explicit) and os.access(explicit, os.X_OK) else None
    return shutil.which("dot")


def graphviz_version():
    """Graphviz's version line (dot -V), or None when dot is missing."""
    dot = find_dot()
    if dot is None:
        return None
    try:
        done = subprocess.run([dot, "-V"], capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    text = (done.stderr or done.stdout).strip()
    return text or None


def _activation_name(value):
    # get_layer_activation_name: the activation function's name.
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        config = value.get("config")
        if isinstance(config, str):
            return config
        if isinstance(config, dict) and isinstance(config.get("name"), str):
            return config["name"]
        return str(value.get("class_name"))
    return str(value)


def _dtype_name(config):
    dtype = config.get("dtype")
    if isinstance(dtype, dict):
        inner = dtype.get("config") or {}
        name = inner.get("name") if isinstance(inner, dict) else None
        # A policy "mixed_float16" computes (and outputs) float16.
        return {"mixed_float16": "float16", "mixed_bfloat16": "bfloat16"}.get(name, name) or "float32"
    return dtype if isinstance(dtype, str) else "float32"


def _shape_text(shape):
    # format_shape: f"{shape}" of the layer's input/output shape(s), Python's repr of tuples and lists.
    if shape is None:
        return "?"
    return f"{shape}".replace("}", "").replace("{", "")


def make_layer_label(layer, input_shape, show_layer_names, show_layer_activations, show_dtype, show_shapes,
                     show_trainable):
    """model_visualization.make_layer_label, from a model_files LayerSpec."""
    class_name = layer.class_name
    table = '<<table border="0" cellborder="1" bgcolor="black" cellpadding="10">'
    colspan_max = int(show_dtype) + int(show_trainable)
    if show_shapes:
        colspan_max += 2
    colspan = max(1, colspan_max)
    title = f"<b>{layer.name}</b> ({class_name})" if show_layer_names else f"<b>{class_name}</b>"
    table += f'<tr><td colspan="{colspan}" bgcolor="black"><font point-size="16" color="white">{title}</font></td></tr>'
    config = layer.config
    if show_layer_activations and config.get("activation") is not None:
        table += (f'<tr><td bgcolor="white" colspan="{colspan}"><font point-size="14">'
                  f"Activation: <b>{_activation_name(config['activation'])}</b></font></td></tr>")
    cols = []
    if show_shapes:
        if class_name != "InputLayer":
            cols.append('<td bgcolor="white"><font point-size="14">'
                        f"Input shape: <b>{_shape_text(input_shape)}</b></font></td>")
        cols.append('<td bgcolor="white"><font point-size="14">'
                    f"Output shape: <b>{_shape_text(layer.output_shape)}</b></font></td>")
    if show_dtype:
        cols.append('<td bgcolor="white"><font point-size="14">'
                    f"Output dtype: <b>{_dtype_name(config)}</b></font></td>")
    if show_trainable and layer.variables:
        if layer.trainable:
            cols.append('<td bgcolor="forestgreen"><font point-size="14" color="white"><b>Trainable</b></font></td>')
        else:
            cols.append('<td bgcolor="firebrick"><font point-size="14" color="white"><b>Non-trainable</b></font></td>')
    if cols:
        table += f"<tr>{''.join(cols)}</tr>"
    table += "</table>>"
    return table


def graph_of(config):
    """(nodes, edges) of the picture: nodes as [(name, LayerSpec, input shape)] in Keras's order, edges as
    [(source name, destination name)] without repeats, in the order Keras adds them."""
    from kerasbridge.model_files.shapes import model_spec

    spec = model_spec(config, allow_code_layers=True)
    edges = []

    def add_edge(source, destination):
        if (source, destination) not in edges:
            edges.append((source, destination))

    if spec.graph is None:
        nodes = []
        previous_shape = spec.input_shape
        for layer in spec.layers:
            nodes.append((layer.name, layer, layer.input_shape if layer.input_shape is not None else previous_shape))
            previous_shape = layer.output_shape
        for first, second in zip(spec.layers, spec.layers[1:]):
            add_edge(first.name, second.name)
        return nodes, edges
    nodes = [(layer.name, layer, layer.input_shape) for layer in spec.layers]
    graph = spec.graph
    for layer in spec.layers:
        for node in graph.layer_nodes(layer.name):
            for ref in node.inputs:
                add_edge(ref.layer, layer.name)
    return nodes, edges


def _quote(text):
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def model_to_dot(config, show_shapes=False, show_dtype=False, show_layer_names=True, rankdir="TB", dpi=200,
                 show_layer_activations=False, show_trainable=False, splines="ortho"):
    """The DOT text Keras's model_to_dot makes (as pydot writes it) for the model `config`."""
    if rankdir not in ("TB", "LR", "BT", "RL"):
        raise InvalidArgumentError(f"plot_model: argument 'rankdir' must be one of TB, LR, BT, RL; got {rankdir!r}.")
    if splines not in ("ortho", "curved", "polyline", "spline", "line", "true", "false", "none"):
        raise InvalidArgumentError(
            f"plot_model: argument 'splines' must be one of ortho, curved, polyline, spline, line; got {splines!r}.")
    if not isinstance(dpi, int) or dpi <= 0:
        raise InvalidArgumentError(f"plot_model: argument 'dpi' must be a positive int; got {dpi!r}.")
    nodes, edges = graph_of(config)
    lines = ["digraph G {", f"rankdir={rankdir};", "concentrate=True;", f"dpi={dpi};", f"splines={splines};",
             "node [shape=record];"]
    for name, layer, input_shape in nodes:
        label = make_layer_label(layer, input_shape, show_layer_names, show_layer_activations, show_dtype,
                                 show_shapes, show_trainable)
        lines.append(f"{_quote(name)} [label={label}, fontname=Helvetica, border=0, margin=0];")
    for source, destination in edges:
        lines.append(f"{_quote(source)} -> {_quote(destination)}  [penwidth=2];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def plot_model_json(config_json, to_file, **options):
    """plot_model for the config as JSON text (what the C# Model.ToJson gives)."""
    import json
    return plot_model(json.loads(config_json), to_file, **options)


def plot_model(config, to_file, show_shapes=False, show_dtype=False, show_layer_names=False, rankdir="TB",
               dpi=200, show_layer_activations=False, show_trainable=False, splines="ortho"):
    """Draws the model to `to_file`, the format from its extension (png when none), as keras.utils.plot_model.
    Returns the path written."""
    to_file = str(to_file)
    extension = os.path.splitext(to_file)[1][1:].lower() or "png"
    if extension not in _FORMATS:
        raise InvalidArgumentError(
            f"plot_model: argument 'to_file' must end in one of {', '.join('.' + f for f in sorted(_FORMATS))}; "
            f"got {to_file!r}.")
    text = model_to_dot(config, show_shapes=show_shapes, show_dtype=show_dtype, show_layer_names=show_layer_names,
                        rankdir=rankdir, dpi=dpi, show_layer_activations=show_layer_activations,
                        show_trainable=show_trainable, splines=splines)
    directory = os.path.dirname(os.path.abspath(to_file))
    if not os.path.isdir(directory):
        raise InvalidArgumentError(f"plot_model: argument 'to_file' must be in an existing folder; got {to_file!r}.")
    if extension == "dot":
        with open(to_file, "w", encoding="utf-8") as handle:
            handle.write(text)
        return to_file
    dot = find_dot()
    if dot is None:
        raise GraphvizMissingError(INSTALL_HINT)
    # dot writes a temporary file that replaces to_file when complete: a finished picture or none.
    fd, temporary = tempfile.mkstemp(prefix=".plot_model-", suffix="." + extension, dir=directory)
    os.close(fd)
    try:
        done = subprocess.run([dot, f"-T{extension}", "-o", temporary], input=text.encode("utf-8"),
                              capture_output=True, timeout=300)
        if done.returncode != 0:
            raise RuntimeError(f"plot_model: Graphviz's dot failed (exit {done.returncode}): "
                               f"{done.stderr.decode('utf-8', 'replace').strip()}")
        os.replace(temporary, to_file)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return to_file
