namespace KerasBridge;

/// <summary>One named line of a <c>Plots.Lines</c> chart: its name in the legend and one y value per x.</summary>
/// <param name="Name">The legend entry, e.g. "sigmoid".</param>
/// <param name="Values">The y values, one per x value.</param>
public sealed partial record Series(string Name, IReadOnlyList<double> Values);
