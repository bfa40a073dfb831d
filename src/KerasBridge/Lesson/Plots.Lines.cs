using Python.Runtime;

namespace KerasBridge;

public static partial class Plots
{
    /// <summary>
    /// A line chart of one or more series over the same x values (matplotlib's <c>plot</c>), with a legend when
    /// there are several. Short series (a single x value, e.g. a one-epoch History) are drawn as points (markers)
    /// as well, so they stay visible where a line would have nothing to connect.
    /// </summary>
    /// <param name="x">The x values (at least one).</param>
    /// <param name="series">The lines: each a name and one y value per x (NaN leaves a gap).</param>
    /// <param name="path">The .png file to write.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="xLabel">The x axis label.</param>
    /// <param name="yLabel">The y axis label.</param>
    /// <returns>The full path written.</returns>
    /// <exception cref="ArgumentException">An argument is null, empty or of the wrong length (the message names it), or the path does not end in .png.</exception>
    public static string Lines(IReadOnlyList<double> x, IReadOnlyList<Series> series, string path, string title, string xLabel = "x", string yLabel = "y")
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(series);
        if (x.Count == 0)
        {
            throw new ArgumentException("Expected at least one x value; got none.", nameof(x));
        }
        if (series.Count == 0)
        {
            throw new ArgumentException("Expected at least one series; got none.", nameof(series));
        }
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i] ?? throw new ArgumentException($"Expected every series to be non-null; entry {i} is null.", nameof(series));
            if (string.IsNullOrWhiteSpace(s.Name))
            {
                throw new ArgumentException($"Expected every series to have a name for the legend; entry {i} has {(s.Name is null ? "null" : $"'{s.Name}'")}.", nameof(series));
            }
            if (s.Values is null || s.Values.Count != x.Count)
            {
                throw new ArgumentException($"Expected series '{s.Name}' to have one value per x value ({x.Count}); got {s.Values?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}.", nameof(series));
            }
        }
        var repeated = series.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"Expected distinct series names; '{repeated.Key}' is used {repeated.Count()} times.", nameof(series));
        }
        RequireText(title, nameof(title), "a title");
        RequireText(xLabel, nameof(xLabel), "an x axis label");
        RequireText(yLabel, nameof(yLabel), "a y axis label");
        var full = PreparePath(path);
        return Draw("lines", () =>
        [
            Numbers(x),
            Strings(series.Select(s => s.Name)),
            new PyList(series.Select(s => Numbers(s.Values)).ToArray()),
            new PyString(title), new PyString(xLabel), new PyString(yLabel), new PyString(full),
        ]);
    }
}
