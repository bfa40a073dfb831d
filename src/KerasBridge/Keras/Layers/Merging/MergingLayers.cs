using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary><c>keras.layers.Concatenate</c>: Joins its inputs along an axis.</summary>
public sealed class Concatenate : KerasLayer
{
    internal Concatenate(JsonObject config, string? name) : base("Concatenate", config, name) { }
}

/// <summary><c>keras.layers.Add</c>: The elementwise sum of its inputs.</summary>
public sealed class Add : KerasLayer
{
    internal Add(JsonObject config, string? name) : base("Add", config, name) { }
}

/// <summary><c>keras.layers.Subtract</c>: The first input minus the second.</summary>
public sealed class Subtract : KerasLayer
{
    internal Subtract(JsonObject config, string? name) : base("Subtract", config, name) { }
}

/// <summary><c>keras.layers.Multiply</c>: The elementwise product of its inputs.</summary>
public sealed class Multiply : KerasLayer
{
    internal Multiply(JsonObject config, string? name) : base("Multiply", config, name) { }
}

/// <summary><c>keras.layers.Average</c>: The elementwise mean of its inputs.</summary>
public sealed class Average : KerasLayer
{
    internal Average(JsonObject config, string? name) : base("Average", config, name) { }
}

/// <summary><c>keras.layers.Maximum</c>: The elementwise maximum of its inputs.</summary>
public sealed class Maximum : KerasLayer
{
    internal Maximum(JsonObject config, string? name) : base("Maximum", config, name) { }
}

/// <summary><c>keras.layers.Minimum</c>: The elementwise minimum of its inputs.</summary>
public sealed class Minimum : KerasLayer
{
    internal Minimum(JsonObject config, string? name) : base("Minimum", config, name) { }
}

/// <summary><c>keras.layers.Dot</c>: The dot product of two inputs along the given axes.</summary>
public sealed class Dot : KerasLayer
{
    internal Dot(JsonObject config, string? name) : base("Dot", config, name) { }
}
