using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// The callbacks of one Fit: their entries for the engine, and the one function the engine calls back through for
/// C# hooks and schedules (kerasbridge/dotnet_callbacks.py). Remembers an exception a callback throws so that Fit
/// rethrows it unchanged once the engine has unwound.
/// </summary>
internal sealed class FitCallbacks
{
    private readonly Model _model;
    private readonly IReadOnlyList<Callback> _callbacks;

    public FitCallbacks(Model model, IReadOnlyList<Callback>? callbacks)
    {
        _model = model;
        _callbacks = callbacks ?? [];
        var entries = new List<JsonNode?>();
        for (var i = 0; i < _callbacks.Count; i++)
        {
            var callback = _callbacks[i] ?? throw new ArgumentException("Expected callbacks without null entries.", nameof(callbacks));
            entries.Add(callback.ToConfig(i));
        }
        Configs = new JsonArray(entries.ToArray());
        Dispatch = _callbacks.Any(c => c.NeedsDispatch) ? Invoke : null;
    }

    /// <summary>The list the engine's fit gets.</summary>
    public JsonArray Configs { get; }

    /// <summary>dispatch(index, hook, step, logs or lr, stop_training) → new stop_training (or lr); null when no callback runs in .NET.</summary>
    public Func<int, string, int, string, bool, double>? Dispatch { get; }

    /// <summary>The first exception a callback threw, or null.</summary>
    public ExceptionDispatchInfo? Failure { get; private set; }

    /// <summary>Gives every callback the model (as Keras's set_model) and resets StopTraining.</summary>
    public void Begin()
    {
        _model.StopTraining = false;
        foreach (var callback in _callbacks)
        {
            callback.Model = _model;
        }
    }

    private double Invoke(int index, string hook, int step, string payload, bool stopTraining)
    {
        try
        {
            var callback = _callbacks[index];
            if (hook == "schedule")
            {
                var learningRate = double.Parse(payload, CultureInfo.InvariantCulture);
                return ((LearningRateScheduler)callback).Schedule(step, learningRate);
            }
            var logs = History.ReadLogs(payload);
            _model.StopTraining = stopTraining;
            using (_model.EnterCallback())
            {
                switch (hook)
                {
                    case "train_begin": callback.OnTrainBegin(logs); break;
                    case "train_end": callback.OnTrainEnd(logs); break;
                    case "epoch_begin": callback.OnEpochBegin(step, logs); break;
                    case "epoch_end": callback.OnEpochEnd(step, logs); break;
                    case "train_batch_begin": callback.OnBatchBegin(step, logs); break;
                    case "train_batch_end": callback.OnBatchEnd(step, logs); break;
                    default: throw new InvalidOperationException($"Unknown callback hook '{hook}'.");
                }
            }
            return _model.StopTraining ? 1.0 : 0.0;
        }
        catch (Exception e)
        {
            Failure ??= ExceptionDispatchInfo.Capture(e);
            throw;
        }
    }
}
