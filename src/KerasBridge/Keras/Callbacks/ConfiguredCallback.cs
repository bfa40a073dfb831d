using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>A callback given by Keras's class name and arguments (what <see cref="Callbacks.Create"/> makes).</summary>
public sealed class ConfiguredCallback : Callback
{
    private readonly JsonObject _arguments;

    internal ConfiguredCallback(string className, JsonObject arguments)
    {
        ClassName = className;
        _arguments = arguments;
    }

    /// <summary>Keras's class name, e.g. "ReduceLROnPlateau".</summary>
    public string ClassName { get; }

    /// <summary>The arguments given (a copy), keyed by Keras's parameter names.</summary>
    public JsonObject Arguments => (JsonObject)_arguments.DeepClone();

    internal override bool NeedsDispatch => false;

    internal override JsonObject ToConfig(int index) => KerasConfig.Serialized("keras.callbacks", ClassName, Arguments);
}
