using System.Text.Json.Nodes;
using Python.Runtime;

namespace KerasBridge;

/// <summary>One line of <c>decode_predictions</c>: the ImageNet class id (e.g. "n02504458"), its name ("African_elephant") and the score.</summary>
/// <param name="ClassId">WordNet id of the class.</param>
/// <param name="ClassName">Readable class name.</param>
/// <param name="Score">The model's score for it.</param>
public sealed record ImageNetPrediction(string ClassId, string ClassName, float Score);

/// <summary>Keras's <c>imagenet_utils.decode_predictions</c>, shared by the families.</summary>
internal static class ImageNetDecoding
{
    /// <summary>
    /// The <paramref name="top"/> classes of each sample, best first, read from the ImageNet class index file Keras downloads
    /// (imagenet_class_index.json in KERAS_HOME/models, fetched once).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<ImageNetPrediction>> Decode(float[,] preds, int top)
    {
        ArgumentNullException.ThrowIfNull(preds);
        var json = PythonRuntime.Run(() =>
        {
            using var p = NumpyArrays.ToNumpy(preds, nameof(preds));
            using var t = new PyInt(top);
            return PythonFunctions.Api("application_decode").Invoke(p, t).As<string>();
        });
        return JsonNode.Parse(json)!.AsArray()
            .Select(sample => (IReadOnlyList<ImageNetPrediction>)sample!.AsArray()
                .Select(r => new ImageNetPrediction(r![0]!.GetValue<string>(), r[1]!.GetValue<string>(), r[2]!.GetValue<float>()))
                .ToList())
            .ToList();
    }
}
