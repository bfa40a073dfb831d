using Python.Runtime;

namespace KerasBridge;

public static partial class Plots
{
    /// <summary>
    /// <c>seaborn.pairplot</c>: every pair of features as a scatter plot and each feature's distribution on the
    /// diagonal, coloured by class when <paramref name="hue"/> is given.
    /// </summary>
    /// <param name="features">Samples × features (NaN marks a missing value; seaborn leaves it out).</param>
    /// <param name="featureNames">One name per feature column.</param>
    /// <param name="hue">The class of each sample, or null for one colour.</param>
    /// <param name="path">The .png file to write.</param>
    /// <param name="hueName">The legend's title, e.g. "species".</param>
    /// <param name="title">The chart's title.</param>
    /// <returns>The full path written.</returns>
    /// <exception cref="ArgumentException">No samples or features, names or classes of the wrong number or empty, or a bad path.</exception>
    public static string Pairplot(double[,] features, IReadOnlyList<string> featureNames, IReadOnlyList<string>? hue, string path,
        string hueName = "class", string title = "Pair plot")
    {
        ArgumentNullException.ThrowIfNull(features);
        var (rows, columns) = (features.GetLength(0), features.GetLength(1));
        if (rows < 2 || columns == 0)
        {
            throw new ArgumentException($"Expected at least two samples and one feature; got {rows} × {columns}.", nameof(features));
        }
        RequireNames(featureNames, nameof(featureNames), "feature name");
        if (featureNames.Count != columns)
        {
            throw new ArgumentException($"Expected one name per feature column ({columns}); got {featureNames.Count}.", nameof(featureNames));
        }
        if (featureNames.Distinct(StringComparer.Ordinal).Count() != columns)
        {
            throw new ArgumentException($"Expected distinct feature names; got {string.Join(", ", featureNames)}.", nameof(featureNames));
        }
        if (hue is not null)
        {
            RequireNames(hue, nameof(hue), "class");
            if (hue.Count != rows)
            {
                throw new ArgumentException($"Expected one class per sample ({rows}); got {hue.Count}.", nameof(hue));
            }
            RequireText(hueName, nameof(hueName), "a name for the classes (the legend's title)");
            if (featureNames.Contains(hueName, StringComparer.Ordinal))
            {
                throw new ArgumentException($"Expected a hue name other than the feature names; got '{hueName}'.", nameof(hueName));
            }
        }
        RequireText(title, nameof(title), "a title");
        var full = PreparePath(path);
        return Draw("pairplot", () =>
        [
            NumpyArrays.ToNumpy(features), Strings(featureNames), hue is null ? PyObject.None : Strings(hue),
            new PyString(hueName ?? "class"), new PyString(title), new PyString(full),
        ]);
    }

    /// <summary>
    /// <c>seaborn.pairplot(table, hue=...)</c>: the table's numeric columns (or the given ones) against each other,
    /// coloured by the <paramref name="hue"/> column; rows whose hue is missing are left out, other missing values
    /// are left out of the panels they fall in.
    /// </summary>
    /// <param name="table">The data, e.g. the penguins read by <see cref="DataTable.ReadCsv"/>.</param>
    /// <param name="hue">The categorical column to colour by, or null for one colour.</param>
    /// <param name="path">The .png file to write.</param>
    /// <param name="columns">The numeric columns to plot; null means every numeric column other than the hue.</param>
    /// <param name="title">The chart's title; null means "Pair plot by &lt;hue&gt;".</param>
    /// <returns>The full path written.</returns>
    /// <exception cref="ArgumentException">An unknown or non-numeric column, no numeric column, fewer than two rows, or a bad path.</exception>
    public static string Pairplot(DataTable table, string? hue, string path, IReadOnlyList<string>? columns = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (hue is not null && !table.HasColumn(hue))
        {
            throw new ArgumentException($"Expected one of the table's columns ({string.Join(", ", table.Columns)}); got '{hue}'.", nameof(hue));
        }
        var names = columns?.ToArray() ?? table.NumericColumns.Where(c => c != hue).ToArray();
        if (names.Length == 0)
        {
            throw new ArgumentException($"Expected at least one numeric column to plot; the table's columns are {string.Join(", ", table.Columns)}.", nameof(columns));
        }
        foreach (var name in names)
        {
            if (name is null || !table.HasColumn(name) || !table.IsNumeric(name))
            {
                throw new ArgumentException(
                    $"Expected numeric columns of the table ({string.Join(", ", table.NumericColumns)}); got '{name ?? "null"}'.", nameof(columns));
            }
        }
        var rows = hue is null ? table : table.DropNA([hue]);
        var values = names.Select(rows.Numbers).ToArray();
        var features = new double[rows.RowCount, names.Length];
        for (var i = 0; i < rows.RowCount; i++)
        {
            for (var j = 0; j < names.Length; j++)
            {
                features[i, j] = values[j][i];
            }
        }
        if (rows.RowCount < 2)
        {
            throw new ArgumentException($"Expected at least two rows with a {hue ?? "value"}; got {rows.RowCount}.", nameof(table));
        }
        return Pairplot(features, names, hue is null ? null : rows.Strings(hue), path, hue ?? "class", title ?? (hue is null ? "Pair plot" : $"Pair plot by {hue}"));
    }
}
