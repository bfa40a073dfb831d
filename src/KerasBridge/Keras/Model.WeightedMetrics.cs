using System.Text.Json.Nodes;
using Python.Runtime;

namespace KerasBridge;

/// <summary>
/// compile's metrics and weighted_metrics (keras/src/trainers/compile_utils.py CompileMetrics): the lists and
/// per-output dicts C# sends, and the call that hands them to either engine.
/// </summary>
public sealed partial class Model
{
    /// <summary>A metric list as Keras's serialized configs, refusing null entries (naming the argument).</summary>
    private static JsonArray MetricList(IReadOnlyList<Metric>? metrics, string argument, string? output = null) =>
        new((metrics ?? []).Select(m => (JsonNode?)(m ?? throw new ArgumentException(output is null
            ? $"Expected {argument} without null entries."
            : $"Expected the {argument} of output '{output}' without null entries.", argument)).ToConfig()).ToArray());

    /// <summary>Metrics per output name (a subset of <see cref="OutputNames"/>), in output order; null stays null.</summary>
    private JsonObject? MetricsPerOutput(IReadOnlyDictionary<string, IReadOnlyList<Metric>>? metrics, string argument)
    {
        if (metrics is null)
        {
            return null;
        }
        CheckNames(metrics.Keys, argument, exact: false);
        var perOutput = new JsonObject();
        foreach (var name in OutputNames.Where(metrics.ContainsKey))
        {
            var list = metrics[name] ?? throw new ArgumentException($"Expected a metric list for output '{name}'; got null.", argument);
            perOutput[name] = MetricList(list, argument, name);
        }
        return perOutput;
    }

    /// <summary>
    /// Keras's <c>model.compile(optimizer, loss, metrics, loss_weights, weighted_metrics)</c> on the engine; null
    /// loss weights and weighted metrics are left out.
    /// </summary>
    private void CompileOnEngine(JsonNode optimizer, JsonNode loss, JsonNode? metrics, JsonNode? lossWeights, JsonNode? weightedMetrics) =>
        Use(nameof(Compile), handle =>
        {
            using var o = new PyString(KerasJson.Serialize(optimizer));
            using var l = new PyString(KerasJson.Serialize(loss));
            using var m = new PyString(metrics is null ? "null" : KerasJson.Serialize(metrics));
            using var w = new PyString(lossWeights is null ? "null" : KerasJson.Serialize(lossWeights));
            using var wm = new PyString(weightedMetrics is null ? "null" : KerasJson.Serialize(weightedMetrics));
            PythonFunctions.Api("compile_model").Invoke(handle, o, l, m, w, wm).Dispose();
            return 0;
        });
}
