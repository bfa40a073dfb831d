"""The lesson's plots (pairplot, confusion-matrix heatmap, line charts, scatter), drawn by seaborn and
matplotlib on the non-interactive Agg backend and written as PNG files atomically.

Called from C# (KerasBridge.Plots), which has already checked the arguments; every function takes
plain numpy arrays, lists of str and str, returns the path written and leaves no figure open.
"""
import io

import matplotlib

# No window, no display: the examples run in terminals, CI and services. Chosen before pyplot loads.
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402
import numpy as np  # noqa: E402

from kerasbridge.model_files.atomic import write_bytes_atomic  # noqa: E402

DPI = 100
# Overlapping series (ReLU and linear for x > 0, say) stay visible when each line has its own style too.
LINE_STYLES = ("-", "--", "-.", ":")
# Up to this many x values every point also gets a marker: a one-epoch History has no line to draw, and a
# point between two gaps (NaN on both sides) would otherwise not show either.
MARKERS_UP_TO = 20


def _save(figure, path):
    """Renders the figure to PNG in memory, then replaces `path` in one step; always closes it."""
    try:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI)
        write_bytes_atomic(path, buffer.getvalue())
    finally:
        plt.close(figure)
    return path


def pairplot(data, feature_names, hue_values, hue_name, title, path):
    """seaborn.pairplot of the feature columns, coloured by `hue_values` (None: one colour)."""
    import pandas as pd
    import seaborn as sns

    frame = pd.DataFrame(np.asarray(data, dtype=np.float64), columns=list(feature_names))
    hue = None
    if hue_values is not None:
        hue = str(hue_name)
        frame[hue] = list(hue_values)
    grid = sns.pairplot(frame, hue=hue)
    # Room for the title at the top instead of bbox_inches="tight", which re-lays out all the axes (seconds).
    height = grid.figure.get_figheight()
    grid.figure.subplots_adjust(top=1.0 - 0.6 / height)
    grid.figure.suptitle(title, y=1.0 - 0.15 / height, fontsize=14)
    if grid.legend is not None:
        # seaborn puts the legend flush with the right edge, where long class names lose a few pixels.
        grid.legend.set_bbox_to_anchor((0.985, 0.5), transform=grid.figure.transFigure)
    return _save(grid.figure, path)


def heatmap(matrix, labels, title, x_label, y_label, path):
    """seaborn.heatmap of a confusion matrix with every cell annotated with its count."""
    import pandas as pd
    import seaborn as sns

    labels = list(labels)
    frame = pd.DataFrame(np.asarray(matrix, dtype=np.int64), index=labels, columns=labels)
    side = max(6.0, 0.5 * len(labels) + 3.5)
    figure, axes = plt.subplots(figsize=(side + 1.0, side))
    sns.heatmap(frame, annot=True, fmt="d", cmap="Blues", ax=axes, cbar_kws={"label": "count"})
    axes.set_title(title)
    axes.set_xlabel(x_label)
    axes.set_ylabel(y_label)
    axes.tick_params(axis="y", labelrotation=0)
    figure.tight_layout()
    return _save(figure, path)


def lines(x, names, series, title, x_label, y_label, path):
    """One line per series over the same x; a legend when there are several."""
    x = np.asarray(x, dtype=np.float64)
    marker = "o" if x.size <= MARKERS_UP_TO else None
    figure, axes = plt.subplots(figsize=(8, 5))
    for index, (name, values) in enumerate(zip(names, series)):
        axes.plot(x, np.asarray(values, dtype=np.float64), label=str(name), linewidth=2,
                  linestyle=LINE_STYLES[index % len(LINE_STYLES)], marker=marker, markersize=6)
    _readable_y_axis(axes, series)
    _whole_number_x_ticks(axes, x)
    axes.set_title(title)
    axes.set_xlabel(x_label)
    axes.set_ylabel(y_label)
    axes.grid(True, alpha=0.3)
    if len(names) > 1:
        axes.legend()
    figure.tight_layout()
    return _save(figure, path)


def _whole_number_x_ticks(axes, x):
    """Whole-number x (epochs) gets whole-number ticks, not 0.96, 0.98, ... around a single epoch."""
    finite = np.unique(x[np.isfinite(x)])
    if finite.size == 0 or not np.all(finite == np.round(finite)):
        return
    if finite.size <= MARKERS_UP_TO:
        axes.set_xticks(finite)
    else:
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    if finite.size == 1:
        axes.set_xlim(finite[0] - 1, finite[0] + 1)


def _readable_y_axis(axes, series):
    """Plain tick labels (no "1e-6+1.29e1" offset); a (nearly) flat curve is shown flat, not as magnified noise."""
    axes.ticklabel_format(axis="y", useOffset=False)
    values = np.concatenate([np.asarray(v, dtype=np.float64).ravel() for v in series])
    values = values[np.isfinite(values)]
    if values.size == 0:
        return
    low, high = float(values.min()), float(values.max())
    center = (low + high) / 2
    if high - low <= 1e-6 * max(1.0, abs(center)):
        margin = max(0.05 * abs(center), 0.05)
        axes.set_ylim(center - margin, center + margin)


def scatter(x, y, title, x_label, y_label, identity_line, path):
    """A scatter plot; with `identity_line`, the line y = x (perfect predictions) and a legend."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    figure, axes = plt.subplots(figsize=(7, 6))
    axes.scatter(x, y, alpha=0.6, edgecolors="none", label="samples")
    if identity_line:
        finite = np.concatenate([x[np.isfinite(x)], y[np.isfinite(y)]])
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        axes.plot([low, high], [low, high], color="tab:red", linestyle="--", label="y = x")
        axes.legend()
    axes.set_title(title)
    axes.set_xlabel(x_label)
    axes.set_ylabel(y_label)
    axes.grid(True, alpha=0.3)
    figure.tight_layout()
    return _save(figure, path)
