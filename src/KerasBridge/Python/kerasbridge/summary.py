"""Keras 3's `model.summary()` text, without Keras and without rich.

Keras (keras/src/utils/summary_utils.py) renders a rich Table (box HEAVY_HEAD, show_lines=True,
width = line_length = min(88, terminal columns - 4), columns at positions 0.45 / 0.80 / 1.0 with
"Layer (type)" and "Output Shape" left-justified and "Param #" right-justified) on a console that,
when not attached to a terminal, is 80 columns wide - which is how the reference fixtures were
made. This module reproduces rich's layout rules for that table (column width reduction, word
wrapping of cells, ellipsis truncation) and the lines after it.

    format_summary(model_name, rows, trainable, non_trainable, optimizer_params) -> str
    summary_rows_from_config(config) -> [SummaryRow]
    summary_from_config(config, optimizer_params=None) -> str

The returned text ends like the reference files NAME.summary.txt: the captured console output
(every line ending in "\\n") followed by one more "\\n".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, List, Optional, Sequence, Tuple, Union

from .model_files.specs import python_class_name

__all__ = [
    "SummaryRow",
    "format_summary",
    "summary_rows_from_config",
    "summary_from_config",
    "readable_memory_size",
    "format_shape",
]

DEFAULT_COLUMNS = 80  # rich's console width when not on a terminal
_POSITIONS = (0.45, 0.80, 1.0)
_HEADER = ("Layer (type)", "Output Shape", "Param #")
_JUSTIFY = ("left", "left", "right")


@dataclass
class SummaryRow:
    name: str
    class_name: str
    output_shape: Union[Tuple[Optional[int], ...], str, None]  # None -> "?" (unknown)
    params: Optional[int]  # None -> "0 (unbuilt)"


# ----------------------------------------------------------------------------------------------
# formatting helpers (Keras's)


def readable_memory_size(size: float) -> str:
    """keras.src.utils.summary_utils.readable_memory_size."""
    units = ["B", "KB", "MB", "GB", "TB", "PB"]
    scale = 1024
    for unit in units:
        if size / scale < 1:
            return "{:.2f} {}".format(size, unit)
        size /= scale
    return "{:.2f} {}".format(size, units[-1])


def format_shape(shape: Any) -> str:
    """Keras's format_layer_shape for one output: "(None, 6, 6, 16)"; a 1-tuple is "(None)"."""
    if shape is None:
        return "?"
    if isinstance(shape, str):
        return shape
    if isinstance(shape, list):  # a layer with several outputs (an RNN with return_state)
        return "[" + ", ".join(format_shape(s) for s in shape) + "]"
    return "(" + ", ".join(str(d) for d in shape) + ")"


# ----------------------------------------------------------------------------------------------
# rich's text measuring and wrapping


def _char_width(ch: str) -> int:
    if ch in "\u200b\u200c\u200d\ufeff":
        return 0
    if unicodedata.combining(ch):
        return 0
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cf") and ch not in "\t":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _cell_len(text: str) -> int:
    return sum(_char_width(c) for c in text)


def _set_cell_size(text: str, total: int) -> str:
    """Crop or pad `text` to exactly `total` cells (rich.cells.set_cell_size)."""
    size = _cell_len(text)
    if size == total:
        return text
    if size < total:
        return text + " " * (total - size)
    if total <= 0:
        return ""
    out = []
    used = 0
    for ch in text:
        w = _char_width(ch)
        if used + w > total:
            break
        out.append(ch)
        used += w
    result = "".join(out)
    return result + " " * (total - used)


def _chop_cells(text: str, width: int) -> List[str]:
    lines: List[str] = []
    current = ""
    used = 0
    for ch in text:
        w = _char_width(ch)
        if current and used + w > width:
            lines.append(current)
            current, used = "", 0
        current += ch
        used += w
    if current or not lines:
        lines.append(current)
    return lines


_RE_WORD = re.compile(r"\s*\S+\s*")


def _divide_line(text: str, width: int, fold: bool) -> List[int]:
    """rich._wrap.divide_line: offsets at which to break `text`."""
    breaks: List[int] = []
    cell_offset = 0
    pos = 0
    while True:
        m = _RE_WORD.match(text, pos)
        if m is None:
            break
        start, end = m.span()
        word = m.group(0)
        pos = end
        word_length = _cell_len(word.rstrip())
        remaining = width - cell_offset
        if remaining >= word_length:
            cell_offset += _cell_len(word)
        elif word_length > width:
            if fold:
                folded = _chop_cells(word, width)
                for i, line in enumerate(folded):
                    if start:
                        breaks.append(start)
                    if i == len(folded) - 1:
                        cell_offset = _cell_len(line)
                    else:
                        start += len(line)
            else:
                if start:
                    breaks.append(start)
                cell_offset = _cell_len(word)
        elif cell_offset and start:
            breaks.append(start)
            cell_offset = _cell_len(word)
    return breaks


def _rstrip_end(text: str, size: int) -> str:
    length = len(text)
    if length > size:
        m = re.search(r"\s+$", text)
        if m is not None:
            crop = min(len(m.group(0)), length - size)
            text = text[: length - crop]
    return text


def _truncate(text: str, width: int, overflow: str, pad: bool = False) -> str:
    length = _cell_len(text)
    if length > width:
        if overflow == "ellipsis":
            text = _set_cell_size(text, width - 1) + "…"
        else:
            text = _set_cell_size(text, width)
    if pad and length < width:
        text = text + " " * (width - length)
    return text


def _expand_tabs(line: str, tab_size: int = 8) -> str:
    """rich Text.expand_tabs: a tab becomes a space, then spaces up to the next tab stop."""
    out = []
    position = 0
    parts = line.split("\t")
    for i, part in enumerate(parts):
        out.append(part)
        position += _cell_len(part)
        if i < len(parts) - 1:
            out.append(" ")
            position += 1
            remainder = position % tab_size
            if remainder:
                out.append(" " * (tab_size - remainder))
                position += tab_size - remainder
    return "".join(out)


def _wrap(text: str, width: int, justify: str, overflow: str) -> List[str]:
    """rich Text.wrap + Lines.justify for one cell / console line."""
    out: List[str] = []
    for line in text.split("\n"):
        if "\t" in line:
            line = _expand_tabs(line)
        offsets = _divide_line(line, width, fold=(overflow == "fold"))
        bounds = [0, *offsets, len(line)]
        pieces = [line[a:b] for a, b in zip(bounds, bounds[1:])] if offsets else [line]
        pieces = [_rstrip_end(p, width) for p in pieces]
        justified = []
        for p in pieces:
            if justify == "left":
                p = _truncate(p, width, overflow, pad=True)
            elif justify == "right":
                p = _truncate(p.rstrip(), width, overflow)
                p = " " * (width - _cell_len(p)) + p
            elif justify == "center":
                p = _truncate(p.rstrip(), width, overflow)
                left = (width - _cell_len(p)) // 2
                p = " " * left + p
                p = p + " " * (width - _cell_len(p))
            justified.append(_truncate(p, width, overflow))
        out.extend(justified)
    return out


# ----------------------------------------------------------------------------------------------
# rich's column width arithmetic (rich._ratio / Table._calculate_column_widths)


def _ratio_reduce(total: int, ratios: List[int], maximums: List[int], values: List[int]) -> List[int]:
    ratios = [r if m else 0 for r, m in zip(ratios, maximums)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _ratio_distribute(total: int, ratios: List[int]) -> List[int]:
    total_ratio = sum(ratios)
    remaining = total
    out = []
    for ratio in ratios:
        if total_ratio > 0:
            distributed = max(0, -(-ratio * remaining // total_ratio))  # ceil
        else:
            distributed = remaining
        out.append(distributed)
        total_ratio -= ratio
        remaining -= distributed
    return out


def _table_widths(line_length: int, column_widths: Sequence[int]) -> List[int]:
    """Rendered column widths (padding included, borders excluded) of a rich Table with
    width=line_length, fixed-width columns, HEAVY_HEAD box with edges and padding (0, 1)."""
    extra = 2 + (len(column_widths) - 1)
    max_width = line_length - extra
    widths = [min(w + 2, max_width) for w in column_widths]
    table_width = sum(widths)
    if table_width > max_width:
        # no column is wrapable (all have a width), so rich reduces them evenly
        widths = _ratio_reduce(table_width - max_width, [1] * len(widths), widths, widths)
        table_width = sum(widths)
    if table_width < max_width:  # expand (a Table with a width expands)
        pads = _ratio_distribute(max_width - table_width, widths)
        widths = [w + p for w, p in zip(widths, pads)]
    return widths


# ----------------------------------------------------------------------------------------------
# the summary


def _render_table(line_length: int, rows: Sequence[Sequence[str]], positions: Sequence[float] = _POSITIONS,
                  header: Sequence[str] = _HEADER, justify: Sequence[str] = _JUSTIFY) -> List[str]:
    column_widths = []
    current = 0
    for pos in positions:
        width = int(pos * line_length) - current
        if width < 4:
            raise ValueError("Insufficient console width to print summary.")
        column_widths.append(width)
        current += width
    widths = _table_widths(line_length, column_widths)

    def render_row(cells: Sequence[str], header: bool) -> List[str]:
        rendered = []
        for text, width, cell_justify in zip(cells, widths, justify):
            inner = max(width - 2, 0)
            lines = _wrap(text, inner, cell_justify, "ellipsis")
            rendered.append([" " + line + " " for line in lines])
        height = max(len(c) for c in rendered)
        for c, width in zip(rendered, widths):
            blank = [" " * width] * (height - len(c))
            c[:] = (blank + c) if header else (c + blank)  # header cells align bottom, body top
        edge = "┃" if header else "│"
        return [edge + edge.join(c[i] for c in rendered) + edge for i in range(height)]

    out = ["┏" + "┳".join("━" * w for w in widths) + "┓"]
    out += render_row(header, header=True)
    out.append("┡" + "╇".join("━" * w for w in widths) + "┩")
    for i, row in enumerate(rows):
        if i:
            out.append("├" + "┼".join("─" * w for w in widths) + "┤")
        out += render_row(row, header=False)
    out.append("└" + "┴".join("─" * w for w in widths) + "┘")
    return out


def _console_lines(text: str, columns: int) -> List[str]:
    return _wrap(text, columns, "default", "fold")


def format_summary(
    model_name: str,
    rows: Sequence[SummaryRow],
    trainable: int,
    non_trainable: int,
    optimizer_params: Optional[int] = None,
    *,
    columns: int = DEFAULT_COLUMNS,
    line_length: Optional[int] = None,
    trainable_bytes: Optional[float] = None,
    non_trainable_bytes: Optional[float] = None,
    optimizer_bytes: Optional[float] = None,
) -> str:
    """The text Keras 3.15.1's model.summary() prints for a Sequential model.

    rows: one per layer in model.layers. trainable / non_trainable: parameter counts.
    optimizer_params: the number of values in optimizer.variables when the optimizer is built
    (the "Optimizer params" line is printed only then), else None.
    Byte sizes default to 4 bytes per value (float32 weights, int32/float32 optimizer scalars).
    columns: the terminal width Keras would see (80 when not on a terminal);
    line_length: Keras's summary(line_length=...) (default min(88, columns - 4)).
    """
    if line_length is None:
        line_length = min(88, columns - 4)
    table_rows = []
    for row in rows:
        params = "0 (unbuilt)" if row.params is None else f"{int(row.params):,}"
        table_rows.append((f"{row.name} ({python_class_name(row.class_name)})", format_shape(row.output_shape), params))

    lines: List[str] = []
    lines += _console_lines(f'Model: "{model_name}"', columns)
    lines += _render_table(line_length, table_rows)
    lines += _totals(trainable, non_trainable, optimizer_params, columns, trainable_bytes, non_trainable_bytes,
                     optimizer_bytes)
    # Exactly what model.summary() prints on stdout: every console line ends in one "\n", nothing after.
    return "".join(line + "\n" for line in lines)


def _totals(trainable, non_trainable, optimizer_params, columns, trainable_bytes=None, non_trainable_bytes=None,
            optimizer_bytes=None) -> List[str]:
    t_bytes = 4 * trainable if trainable_bytes is None else trainable_bytes
    n_bytes = 4 * non_trainable if non_trainable_bytes is None else non_trainable_bytes
    opt_count = optimizer_params or 0
    o_bytes = (4 * opt_count if optimizer_bytes is None else optimizer_bytes) if optimizer_params is not None else 0
    total = trainable + non_trainable + opt_count
    total_bytes = t_bytes + n_bytes + o_bytes
    lines: List[str] = []
    lines += _console_lines(f" Total params: {total:,} ({readable_memory_size(total_bytes)})", columns)
    lines += _console_lines(f" Trainable params: {trainable:,} ({readable_memory_size(t_bytes)})", columns)
    lines += _console_lines(
        f" Non-trainable params: {non_trainable:,} ({readable_memory_size(n_bytes)})", columns)
    if optimizer_params is not None:
        lines += _console_lines(
            f" Optimizer params: {opt_count:,} ({readable_memory_size(o_bytes)})", columns)
    return lines


def format_functional_summary(config: dict, trainable: int, non_trainable: int,
                              optimizer_params: Optional[int] = None, *, columns: int = DEFAULT_COLUMNS) -> str:
    """The text Keras 3.15.1's model.summary() prints for a Functional model (summary_utils.print_summary):
    model.layers with their InputLayers; when the graph is not "sequential-like" (a depth with two nodes,
    a node with several inputs, or a shared layer) a fourth "Connected to" column lists each layer's
    inbound tensors as name[node][tensor], at positions 0.3/0.56/0.74/1.0 of min(108, columns - 4)."""
    from .model_files.shapes import model_spec

    spec = model_spec(config, allow_code_layers=True)
    sequential_like = spec.graph.sequential_like()
    rows = []
    for layer in spec.layers:
        row = [f"{layer.name} ({python_class_name(layer.class_name)})", format_shape(layer.output_shape),
               "0 (unbuilt)" if layer.params is None else f"{int(layer.params):,}"]
        if not sequential_like:
            row.append(", ".join(c for node in layer.connections for c in node) or "-")
        rows.append(row)
    if sequential_like:
        line_length = min(88, columns - 4)
        table = _render_table(line_length, rows)
    else:
        line_length = min(108, columns - 4)
        table = _render_table(line_length, rows, (0.3, 0.56, 0.74, 1.0),
                              _HEADER + ("Connected to",), _JUSTIFY + ("left",))
    lines = _console_lines(f'Model: "{spec.name}"', columns) + table
    lines += _totals(trainable, non_trainable, optimizer_params, columns)
    return "".join(line + "\n" for line in lines)


# ----------------------------------------------------------------------------------------------
# from a config


def summary_rows_from_config(config: dict) -> List[SummaryRow]:
    """One SummaryRow per layer of model.layers, with output shapes and params derived from the
    config (see kerasbridge.model_files.shapes). Raises ValueError for unsupported configs."""
    from .model_files.shapes import model_spec

    spec = model_spec(config, allow_code_layers=True)
    return [SummaryRow(layer.name, layer.class_name, layer.output_shape, layer.params)
            for layer in spec.layers]


def summary_from_config(config: dict, optimizer_params: Optional[int] = None, **kwargs) -> str:
    """format_summary for the model described by `config` (weights are not needed)."""
    from .model_files.shapes import model_spec

    spec = model_spec(config, allow_code_layers=True)
    if spec.graph is not None:
        return format_functional_summary(config, spec.trainable_params or 0, spec.non_trainable_params or 0,
                                         optimizer_params, **kwargs)
    rows = [SummaryRow(layer.name, layer.class_name, layer.output_shape, layer.params)
            for layer in spec.layers]
    return format_summary(spec.name, rows, spec.trainable_params or 0, spec.non_trainable_params or 0,
                          optimizer_params, **kwargs)
