using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// A Keras layer, described exactly as Keras serializes it. Layers are descriptions: the engine builds
/// them when a model is made from them.
/// </summary>
public abstract partial class Layer
{
    /// <summary>Creates the layer with the given name, or Keras's automatic one (dense, dense_1, ...).</summary>
    protected Layer(string className, string? name)
    {
        ClassName = className;
        if (name is not null && string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"Expected a non-empty layer name or null; got '{name}'.", nameof(name));
        }
        Name = name ?? LayerNames.Next(LayerNames.SnakeCase(className));
    }

    /// <summary>Keras's class name, e.g. "Dense".</summary>
    public string ClassName { get; }

    /// <summary>The layer's name, unique in its model.</summary>
    public string Name { get; }

    /// <summary>
    /// Whether training updates this layer's weights (Keras's <c>layer.trainable</c>). A frozen layer counts as
    /// non-trainable in the summary, and a frozen BatchNormalization runs in inference mode, as in Keras 3.
    /// </summary>
    public bool Trainable
    {
        get => Owner is { IsDisposed: false } owner ? owner.IsLayerTrainable(Name) : _trainable;
        set
        {
            _trainable = value;
            if (Owner is { IsDisposed: false } owner)
            {
                owner.SetLayerTrainable(Name, value);
            }
        }
    }

    private bool _trainable = true;

    /// <summary>The layer's own config entries (beyond name, trainable and dtype).</summary>
    private protected abstract JsonObject LayerConfig();

    /// <summary>The serialized layer, as in a .keras file's config.json.</summary>
    internal virtual JsonObject ToConfig()
    {
        var config = new JsonObject
        {
            ["name"] = Name,
            ["trainable"] = Trainable,
            ["dtype"] = KerasConfig.DTypePolicy(),
        };
        foreach (var (key, value) in LayerConfig())
        {
            config[key] = value?.DeepClone();
        }
        return KerasConfig.Serialized("keras.layers", ClassName, config);
    }

    /// <summary>Checks an integer argument is positive.</summary>
    private protected static int Positive(int value, string parameterName, string what) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(parameterName, value, $"Expected {what} > 0; got {value}.");

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({ClassName})";
}
