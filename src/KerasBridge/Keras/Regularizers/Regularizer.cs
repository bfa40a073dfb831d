using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// A Keras weight regularizer (keras.regularizers), a penalty added to the loss: typed through <see cref="Regularizers"/>
/// (<c>kernelRegularizer: Regularizers.L2(0.01)</c>) or Keras's names ("l1", "l2", "l1_l2", "orthogonal_regularizer"),
/// which convert implicitly with Keras's defaults.
/// </summary>
public sealed class Regularizer : KerasObjectConfig
{
    internal Regularizer(string className, JsonObject config)
        : base("keras.regularizers", className, config)
    {
    }

    /// <summary>Parses a Keras regularizer name ("l2" or "L2"), with Keras's defaults.</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the valid ones.</exception>
    public static Regularizer Parse(string name) => CatalogNames.Parse(name, "regularizers", "regularizer", Regularizers.Create);

    /// <summary>Keras's string names convert implicitly: <c>kernelRegularizer: "l2"</c>.</summary>
    public static implicit operator Regularizer(string name) => Parse(name);
}
