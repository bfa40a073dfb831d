using Python.Runtime;

namespace KerasBridge;

public static partial class Plots
{
    /// <summary>
    /// A scatter plot of y against x (e.g. predicted against true values); with <paramref name="identityLine"/>, the
    /// line y = x that perfect predictions would lie on, and a legend.
    /// </summary>
    /// <param name="x">The x values (at least one).</param>
    /// <param name="y">The y values, one per x value.</param>
    /// <param name="path">The .png file to write.</param>
    /// <param name="xLabel">The x axis label.</param>
    /// <param name="yLabel">The y axis label.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="identityLine">Also draw the line y = x.</param>
    /// <returns>The full path written.</returns>
    /// <exception cref="ArgumentException">An argument is null, empty or of the wrong length (the message names it), or the path does not end in .png.</exception>
    public static string Scatter(IReadOnlyList<double> x, IReadOnlyList<double> y, string path, string xLabel, string yLabel, string title, bool identityLine = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count == 0)
        {
            throw new ArgumentException("Expected at least one point; got no x values.", nameof(x));
        }
        if (y.Count != x.Count)
        {
            throw new ArgumentException($"Expected one y value per x value ({x.Count}); got {y.Count}.", nameof(y));
        }
        RequireText(xLabel, nameof(xLabel), "an x axis label");
        RequireText(yLabel, nameof(yLabel), "a y axis label");
        RequireText(title, nameof(title), "a title");
        var full = PreparePath(path);
        return Draw("scatter", () =>
        [
            Numbers(x), Numbers(y), new PyString(title), new PyString(xLabel), new PyString(yLabel), identityLine.ToPython(), new PyString(full),
        ]);
    }
}
