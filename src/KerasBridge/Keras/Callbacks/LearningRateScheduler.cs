using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// <c>keras.callbacks.LearningRateScheduler</c>: at the start of each epoch the optimizer's learning rate becomes
/// <c>schedule(epoch, currentLearningRate)</c> (epoch 0-based; the rate is the optimizer's float32 value). Each
/// epoch's logs (and the History) get "learning_rate". The optimizer must have a plain learning rate, not a schedule.
/// </summary>
public sealed class LearningRateScheduler : KerasCallback
{
    /// <summary>Creates the callback.</summary>
    /// <param name="schedule">(epoch, learning rate) → the new learning rate; called in .NET during training.</param>
    public LearningRateScheduler(Func<int, double, double> schedule)
    {
        Schedule = schedule ?? throw new ArgumentNullException(nameof(schedule), "Expected a function (epoch, learningRate) -> learningRate; got null.");
    }

    /// <summary>The schedule.</summary>
    public Func<int, double, double> Schedule { get; }

    internal override bool NeedsDispatch => true;

    private protected override JsonObject Config(int index) => new()
    {
        // The engine calls back into .NET for the schedule, naming this callback by its position in the Fit's list.
        ["schedule"] = new JsonObject { ["dotnet"] = index },
        ["verbose"] = 0,
    };
}
