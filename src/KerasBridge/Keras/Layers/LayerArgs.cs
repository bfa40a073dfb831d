using System.Globalization;
using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>Checks the typed factories' arguments and turns them into the JSON values Keras's get_config writes.</summary>
internal static class LayerArgs
{
    public static JsonArray Ints(params int[] values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    /// <summary>[a, b], each checked positive.</summary>
    public static JsonArray PositivePair(Pair pair, string parameterName)
    {
        Positive(pair.First, parameterName);
        Positive(pair.Second, parameterName);
        return Ints(pair.First, pair.Second);
    }

    /// <summary>[a, b, c], each checked positive.</summary>
    public static JsonArray PositiveTriple(Triple triple, string parameterName) =>
        Ints(Positive(triple.First, parameterName), Positive(triple.Second, parameterName), Positive(triple.Third, parameterName));

    /// <summary>[n], checked positive.</summary>
    public static JsonArray PositiveOne(int value, string parameterName) => Ints(Positive(value, parameterName));

    public static int Positive(int value, string parameterName) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(parameterName, value, $"Expected {parameterName} > 0; got {value}.");

    public static int NonNegative(int value, string parameterName) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(parameterName, value, $"Expected {parameterName} >= 0; got {value}.");

    public static double NonNegative(double value, string parameterName) =>
        value >= 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(parameterName, value, $"Expected {parameterName} >= 0 (finite); got {Text(value)}.");

    /// <summary>A dropout-like rate in [0, 1).</summary>
    public static double Rate(double value, string parameterName) =>
        value is >= 0 and < 1
            ? value
            : throw new ArgumentOutOfRangeException(parameterName, value, $"Expected {parameterName} in [0, 1); got {Text(value)}.");

    /// <summary>"valid" or "same" ("causal" where the layer allows it: Conv1D).</summary>
    public static string PaddingName(Padding padding, string parameterName, bool causalAllowed = false) => padding switch
    {
        Padding.Valid => "valid",
        Padding.Same => "same",
        Padding.Causal when causalAllowed => "causal",
        _ => throw new ArgumentException($"Expected padding Valid or Same{(causalAllowed ? " or Causal" : "")}; got {padding}.", parameterName),
    };

    /// <summary>Keras's data_format: null means Keras's image_data_format(), "channels_last".</summary>
    public static string DataFormat(string? dataFormat, string parameterName) => dataFormat switch
    {
        null or "channels_last" => "channels_last",
        "channels_first" => "channels_first",
        _ => throw new ArgumentException($"Expected dataFormat \"channels_last\" or \"channels_first\" (or null); got \"{dataFormat}\".", parameterName),
    };

    public static JsonObject Init(Initializer? initializer, Func<Initializer> keras) => (initializer ?? keras()).ToConfig();

    /// <summary>
    /// Appends the kernel and bias entries EinsumDense, the attention layers built of it and the convolutions (BaseConv,
    /// BaseConvTranspose) write, in their get_config order (glorot_uniform and zeros when null).
    /// </summary>
    public static JsonObject AddKernelBias(JsonObject config, Initializer? kernelInitializer, Initializer? biasInitializer,
        Regularizer? kernelRegularizer, Regularizer? biasRegularizer, Regularizer? activityRegularizer, Constraint? kernelConstraint,
        Constraint? biasConstraint)
    {
        config["kernel_initializer"] = Init(kernelInitializer, () => Initializers.GlorotUniform());
        config["bias_initializer"] = Init(biasInitializer, Initializers.Zeros);
        config["kernel_regularizer"] = Reg(kernelRegularizer);
        config["bias_regularizer"] = Reg(biasRegularizer);
        config["activity_regularizer"] = Reg(activityRegularizer);
        config["kernel_constraint"] = Con(kernelConstraint);
        config["bias_constraint"] = Con(biasConstraint);
        return config;
    }

    public static JsonNode? Reg(Regularizer? regularizer) => regularizer?.ToConfig();

    public static JsonNode? Con(Constraint? constraint) => constraint?.ToConfig();

    public static string Act(Activation? activation, Activation keras) => (activation ?? keras).Name;

    public static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
