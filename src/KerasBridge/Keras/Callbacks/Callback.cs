using System.Reflection;
using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// A callback given to <see cref="Model.Fit(Array, Array, int, int, double, Nullable{ValueTuple{Array, Array}}, bool, IReadOnlyList{Callback}, IProgress{EpochProgress}, CancellationToken, float[], IReadOnlyDictionary{int, double}, Verbosity)"/>, as Keras's <c>keras.callbacks.Callback</c>. Subclass it and override
/// the hooks you need; they are called during training, on the engine's Python thread, with Keras's logs (the keys
/// of <see cref="History"/>: "loss", "val_loss", metrics, "learning_rate" when a learning-rate callback runs).
/// Set <see cref="KerasBridge.Model.StopTraining"/> from a hook to end training, as Keras's <c>model.stop_training</c>.
/// An exception thrown by a hook ends the Fit and reaches its caller unchanged. The built-in callbacks
/// (<see cref="EarlyStopping"/>, <see cref="ModelCheckpoint"/>, ...) run inside the engine instead.
/// </summary>
public abstract class Callback
{
    /// <summary>The model being trained (set when Fit starts, kept afterwards), as Keras's <c>callback.model</c>.</summary>
    /// <remarks>From a hook, the model's methods (GetWeights, Save, Evaluate, ...) may be called; another Fit may not.</remarks>
    public Model? Model { get; internal set; }

    /// <summary>Called once when training starts (Keras's <c>on_train_begin</c>); the logs are empty.</summary>
    /// <param name="logs">Empty, as in Keras.</param>
    public virtual void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
    {
    }

    /// <summary>Called once when training ends, unless it was cancelled (Keras's <c>on_train_end</c>).</summary>
    /// <param name="logs">The last epoch's logs.</param>
    public virtual void OnTrainEnd(IReadOnlyDictionary<string, double> logs)
    {
    }

    /// <summary>Called at the start of each epoch (Keras's <c>on_epoch_begin</c>).</summary>
    /// <param name="epoch">The epoch, 0-based.</param>
    /// <param name="logs">Empty, as in Keras.</param>
    public virtual void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs)
    {
    }

    /// <summary>Called at the end of each epoch, after validation (Keras's <c>on_epoch_end</c>).</summary>
    /// <param name="epoch">The epoch, 0-based.</param>
    /// <param name="logs">The epoch's training and "val_" values, and what callbacks before this one added.</param>
    public virtual void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
    }

    /// <summary>Called before each training batch (Keras's <c>on_train_batch_begin</c>). Overriding it costs a call per batch.</summary>
    /// <param name="batch">The batch within the epoch, 0-based.</param>
    /// <param name="logs">Empty, as in Keras.</param>
    public virtual void OnBatchBegin(int batch, IReadOnlyDictionary<string, double> logs)
    {
    }

    /// <summary>
    /// Called after each training batch (Keras's <c>on_train_batch_end</c>). Overriding it costs a call per batch, and on
    /// the Keras engine makes Keras run its batch callbacks synchronously (as any Python callback with this hook does).
    /// </summary>
    /// <param name="batch">The batch within the epoch, 0-based.</param>
    /// <param name="logs">The epoch's running averages so far (loss and metrics), as Keras 3 reports them.</param>
    public virtual void OnBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
    }

    /// <summary>
    /// The entry this callback is in the list the engine gets: a built-in callback's Keras config, or for a C# callback
    /// a "DotnetCallback" naming the hooks it overrides (only those are called back).
    /// </summary>
    /// <param name="index">This callback's position in the Fit's list (how the engine calls back into it).</param>
    internal virtual JsonObject ToConfig(int index) => new()
    {
        ["class_name"] = "DotnetCallback",
        ["config"] = new JsonObject { ["index"] = index, ["hooks"] = new JsonArray(OverriddenHooks().Select(h => (JsonNode?)h).ToArray()) },
    };

    /// <summary>Whether the engine needs to call back into .NET for this callback.</summary>
    internal virtual bool NeedsDispatch => true;

    private static readonly (string Method, string Hook)[] Hooks =
    [
        (nameof(OnTrainBegin), "train_begin"), (nameof(OnTrainEnd), "train_end"),
        (nameof(OnEpochBegin), "epoch_begin"), (nameof(OnEpochEnd), "epoch_end"),
        (nameof(OnBatchBegin), "train_batch_begin"), (nameof(OnBatchEnd), "train_batch_end"),
    ];

    private IEnumerable<string> OverriddenHooks()
    {
        foreach (var (method, hook) in Hooks)
        {
            var declared = GetType().GetMethod(method, BindingFlags.Public | BindingFlags.Instance)?.DeclaringType;
            if (declared is not null && declared != typeof(Callback))
            {
                yield return hook;
            }
        }
    }
}
