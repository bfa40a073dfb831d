namespace KerasBridge;

/// <summary>
/// Resolves the string names Keras's <c>get</c> functions take for initializers, regularizers and constraints: a class
/// name ("GlorotUniform") or its snake_case alias ("glorot_uniform"), made with Keras's defaults.
/// </summary>
internal static class CatalogNames
{
    public static T Parse<T>(string name, string group, string what, Func<string, object?, T> create)
    {
        var catalog = KerasCatalog.Group(group);
        if (name is not null && catalog.TryGet(name, out var entry))
        {
            return create(entry.Name, null);
        }
        var snake = catalog.Names.Where(n => n.Length > 0 && char.IsLower(n[0])).ToList();
        throw new ArgumentException(
            $"Unknown {what} '{name}'. Expected one of (closest first): {string.Join(", ", Closest.Order(name ?? "", snake))} (or a class name: {string.Join(", ", catalog.Classes.Select(c => c.Name))}).",
            what);
    }
}
