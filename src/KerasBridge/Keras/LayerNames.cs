using System.Collections.Concurrent;

namespace KerasBridge;

/// <summary>
/// Gives layers and models the names Keras would: the snake_case class name, then _1, _2, ... counted per
/// prefix across the process (Keras's backend uid counter), reset by <see cref="Keras.ClearSession"/>.
/// </summary>
internal static class LayerNames
{
    private static readonly ConcurrentDictionary<string, int> Counters = new();

    public static string Next(string prefix)
    {
        var n = Counters.AddOrUpdate(prefix, 0, (_, current) => current + 1);
        return n == 0 ? prefix : $"{prefix}_{n}";
    }

    public static void Reset() => Counters.Clear();

    /// <summary>Keras's to_snake_case: "MaxPooling2D" → "max_pooling2d", "BatchNormalization" → "batch_normalization".</summary>
    public static string SnakeCase(string className)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < className.Length; i++)
        {
            var c = className[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(className[i - 1]) || (i + 1 < className.Length && char.IsLower(className[i + 1]) && char.IsUpper(className[i - 1]))))
            {
                builder.Append('_');
            }
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
