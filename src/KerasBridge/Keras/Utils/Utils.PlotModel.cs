using System.Text.Json.Nodes;
using Python.Runtime;

namespace KerasBridge;

// keras.utils.plot_model (the rest of Utils is in Keras.cs).
public static partial class Utils
{
    private static readonly string[] Formats = [".png", ".svg", ".pdf", ".jpg", ".jpeg", ".gif", ".dot"];
    private static readonly string[] RankDirs = ["TB", "LR", "BT", "RL"];

    /// <summary>
    /// Draws the model, as Keras's <c>keras.utils.plot_model(model, to_file=path, show_shapes=...)</c>: one box per
    /// layer with Keras's labels, arrows along the graph (a Functional model's branches and merges as they are), laid
    /// out by Graphviz. The format follows the extension (.png, .svg, .pdf, .jpg, .gif; .dot writes the Graphviz text).
    /// The picture is made from the model's Keras config, so both engines draw the same one. Writes atomically and
    /// creates the folder of <paramref name="path"/>; returns the full path written.
    /// </summary>
    /// <param name="model">The model to draw (it needs an input shape, as Keras's needs a built model).</param>
    /// <param name="path">The file to write, e.g. "model.png".</param>
    /// <param name="showShapes">Show each layer's input and output shapes.</param>
    /// <param name="showDtype">Show each layer's output dtype.</param>
    /// <param name="showLayerNames">Show layer names ("dense (Dense)") rather than only classes.</param>
    /// <param name="rankdir">"TB" (top to bottom) or "LR" (left to right); also "BT", "RL".</param>
    /// <param name="dpi">Resolution of raster formats.</param>
    /// <param name="showLayerActivations">Show the activation of layers that have one.</param>
    /// <param name="showTrainable">Mark layers with weights as trainable or not.</param>
    /// <exception cref="GraphvizNotFoundException">Graphviz's dot is not installed.</exception>
    public static string PlotModel(Model model, string path = "model.png", bool showShapes = false, bool showDtype = false,
        bool showLayerNames = false, string rankdir = "TB", int dpi = 200, bool showLayerActivations = false, bool showTrainable = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"Expected the path of the picture to write, e.g. \"model.png\"; got {(path is null ? "null" : $"'{path}'")}.", nameof(path));
        }
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension.Length > 0 && !Formats.Contains(extension))
        {
            throw new ArgumentException($"Expected a path ending in one of {string.Join(", ", Formats)}; got '{path}'.", nameof(path));
        }
        if (!RankDirs.Contains(rankdir))
        {
            throw new ArgumentException($"Expected rankdir to be one of {string.Join(", ", RankDirs)}; got '{rankdir}'.", nameof(rankdir));
        }
        if (dpi <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dpi), dpi, $"Expected dpi > 0; got {dpi}.");
        }
        var config = model.ToJson();
        if (model.InputShape is null && JsonNode.Parse(config)?["class_name"]?.GetValue<string>() == "Sequential")
        {
            throw new InvalidOperationException(
                $"Model '{model.Name}' has no input shape yet, so it cannot be drawn: start it with Input(shape: [...]) or fit it first.");
        }
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }
        try
        {
            return PythonRuntime.Run(() =>
            {
                using var kwargs = new PyDict();
                kwargs["show_shapes"] = showShapes.ToPython();
                kwargs["show_dtype"] = showDtype.ToPython();
                kwargs["show_layer_names"] = showLayerNames.ToPython();
                kwargs["rankdir"] = new PyString(rankdir);
                kwargs["dpi"] = new PyInt(dpi);
                kwargs["show_layer_activations"] = showLayerActivations.ToPython();
                kwargs["show_trainable"] = showTrainable.ToPython();
                using var written = PythonFunctions.Get("kerasbridge.plot_model", "plot_model_json")
                    .Invoke([new PyString(config), new PyString(full)], kwargs);
                return written.As<string>();
            });
        }
        catch (PythonError e) when (e.PythonType == "GraphvizMissingError")
        {
            throw new GraphvizNotFoundException(e);
        }
    }
}
