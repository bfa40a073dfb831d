using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// An optimizer's learning rate: a number or a <see cref="LearningRateSchedule"/>. Both convert implicitly, so
/// <c>learningRate: 0.01</c> and <c>learningRate: Schedules.ExponentialDecay(0.1, 3, 0.5)</c> both work.
/// </summary>
public sealed class LearningRate
{
    private LearningRate(double? value, LearningRateSchedule? schedule)
    {
        Value = value;
        Schedule = schedule;
    }

    /// <summary>The constant learning rate, or null for a schedule.</summary>
    public double? Value { get; }

    /// <summary>The schedule, or null for a constant learning rate.</summary>
    public LearningRateSchedule? Schedule { get; }

    /// <summary>A constant learning rate.</summary>
    public static implicit operator LearningRate(double value) => new(value, null);

    /// <summary>A learning rate that follows a schedule (called with the optimizer's iteration count).</summary>
    public static implicit operator LearningRate(LearningRateSchedule schedule) => new(null, schedule ?? throw new ArgumentNullException(nameof(schedule)));

    /// <summary>The config value: a float, or the serialized schedule. A number must be finite and > 0.</summary>
    internal JsonNode ToNode(string parameterName)
    {
        if (Schedule is not null)
        {
            return Schedule.ToConfig();
        }
        var value = Value!.Value;
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"Expected a learning rate > 0 (finite); got {value}.");
        }
        return JsonValue.Create(value);
    }

    /// <inheritdoc />
    public override string ToString() => Schedule?.ToString() ?? Value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
