using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// <c>keras.callbacks.SwapEMAWeights</c>: with an optimizer made with <c>useEma: true</c>, validation inside Fit runs on the
/// exponential moving average of the weights (swapped into the model before it and back after it, so training goes on from
/// the weights themselves). With <see cref="SwapOnEpoch"/>, the model also holds the averages from the end of each epoch to
/// the start of the next, so the callbacks after this one (e.g. a <see cref="ModelCheckpoint"/>) see them. A Fit whose
/// optimizer does not keep averages fails with an <see cref="ArgumentException"/> naming <c>use_ema</c>.
/// </summary>
public sealed class SwapEMAWeights : KerasCallback
{
    /// <summary>Creates the callback.</summary>
    /// <param name="swapOnEpoch">Also swap at the end of each epoch (back at the start of the next), for the callbacks after this one.</param>
    public SwapEMAWeights(bool swapOnEpoch = false)
    {
        SwapOnEpoch = swapOnEpoch;
    }

    /// <summary>Whether the averages are in the model between epochs too.</summary>
    public bool SwapOnEpoch { get; }

    private protected override JsonObject Config(int index) => new() { ["swap_on_epoch"] = SwapOnEpoch };
}
