namespace KerasBridge;

/// <summary>
/// A one-hot encoded categorical column (<c>pd.get_dummies</c>): one row per sample, one 0/1 column per class.
/// </summary>
public sealed class OneHotEncoding
{
    /// <summary>Makes an encoding from its matrix and class names.</summary>
    /// <param name="values">Samples × classes, 1 in the column of each sample's class.</param>
    /// <param name="classes">The class of each column.</param>
    /// <exception cref="ArgumentException">The number of classes differs from the matrix's columns, or a class name is null or repeated.</exception>
    public OneHotEncoding(float[,] values, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Count != values.GetLength(1))
        {
            throw new ArgumentException($"Expected one class name per column of values ({values.GetLength(1)}); got {classes.Count}.", nameof(classes));
        }
        if (classes.Any(c => c is null) || classes.Distinct(StringComparer.Ordinal).Count() != classes.Count)
        {
            throw new ArgumentException($"Expected distinct, non-null class names; got {string.Join(", ", classes.Select(c => c ?? "null"))}.", nameof(classes));
        }
        Values = values;
        Classes = classes.ToArray();
    }

    /// <summary>Samples × classes, 0 or 1 (the targets for categorical crossentropy).</summary>
    public float[,] Values { get; }

    /// <summary>The class of each column, in column order (the DataFrame's column names).</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>
    /// The class with the highest score in each row (pandas' <c>idxmax(axis="columns")</c>), for one-hot targets or
    /// predicted probabilities with one column per class; ties go to the first class.
    /// </summary>
    /// <param name="scores">Samples × classes.</param>
    /// <exception cref="ArgumentException">Another number of columns than there are classes.</exception>
    public string[] Decode(float[,] scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.GetLength(1) != Classes.Count)
        {
            throw new ArgumentException($"Expected one column per class ({Classes.Count}); got {scores.GetLength(1)}.", nameof(scores));
        }
        var names = new string[scores.GetLength(0)];
        for (var i = 0; i < names.Length; i++)
        {
            var best = 0;
            for (var j = 1; j < Classes.Count; j++)
            {
                if (scores[i, j] > scores[i, best])
                {
                    best = j;
                }
            }
            names[i] = Classes[best];
        }
        return names;
    }
}
