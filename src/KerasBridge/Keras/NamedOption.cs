namespace KerasBridge;

/// <summary>Looks up Keras's string names for an option kind and builds the "unknown name" error that lists the valid ones.</summary>
internal static class NamedOption
{
    public static T Resolve<T>(string? name, IReadOnlyDictionary<string, Func<T>> known, string what, string parameterName)
    {
        if (name is not null && known.TryGetValue(name, out var make))
        {
            return make();
        }
        throw new ArgumentException(
            $"Unknown {what} '{name}'. Expected one of: {string.Join(", ", known.Keys.Order(StringComparer.Ordinal))}.", parameterName);
    }
}
