using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;
using Python.Runtime;

namespace KerasBridge.Tests.KerasApplications;

/// <summary>Shared helpers of the application tests: fixture paths, the engine's missing layers, name normalization.</summary>
internal static partial class ApplicationSupport
{
    public static string Folder => Path.Combine(TestPaths.Keras3Fixtures, "applications");

    public static string ConfigsFolder => Path.Combine(TestPaths.Keras3Fixtures, "application-configs");

    /// <summary>
    /// Skips a PyTorch-engine test, naming the layers, when the engine cannot build them yet (they are being added on
    /// other branches); the Keras engine skips only when Keras is missing.
    /// </summary>
    public static void RequireLayers(EngineKind engine, IReadOnlyList<string> missing)
    {
        FixtureModels.Require(engine);
        Assert.SkipWhen(missing.Count > 0, $"the {engine} engine does not support these layers yet: {string.Join(", ", missing)}");
    }

    /// <summary>The config.json of a .keras file.</summary>
    public static string KerasFileConfig(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        using var reader = new StreamReader(zip.GetEntry("config.json")!.Open());
        return reader.ReadToEnd();
    }

    /// <summary>A gzipped application-config fixture: {"application", "call", "model", "param_counts", "total_params", ...}.</summary>
    public static JsonObject ConfigFixture(string name)
    {
        using var file = File.OpenRead(Path.Combine(ConfigsFolder, name + ".json.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        return JsonNode.Parse(gzip)!.AsObject();
    }

    [GeneratedRegex("^(input_layer|zero_padding2d|rescaling|normalization|global_average_pooling2d|global_max_pooling2d|max_pooling2d|average_pooling2d|conv2d|batch_normalization|activation|add|concatenate|multiply|re_lu|dropout|flatten|layer_normalization)(_\\d+)?$")]
    private static partial Regex AutoName();

    /// <summary>
    /// The inner config of a Functional model with its automatic names (input_layer_7, zero_padding2d_3: they depend on
    /// what the process made before) numbered per prefix in order of appearance.
    /// </summary>
    public static string Normalized(JsonObject modelConfig)
    {
        var inner = modelConfig["config"]!.AsObject();
        var text = inner.ToJsonString();
        var counts = new Dictionary<string, int>();
        var renames = new Dictionary<string, string>();
        foreach (var layer in inner["layers"]!.AsArray())
        {
            var name = layer!["name"]!.GetValue<string>();
            var match = AutoName().Match(name);
            if (match.Success)
            {
                var prefix = match.Groups[1].Value;
                counts.TryGetValue(prefix, out var n);
                renames[name] = $"{prefix}#{n}";
                counts[prefix] = n + 1;
            }
        }
        foreach (var (old, renamed) in renames.OrderByDescending(r => r.Key.Length))
        {
            // Names as values only: a layer named "activation" must not rename the config key "activation".
            text = Regex.Replace(text, $"\"{Regex.Escape(old)}\"(?!:)", $"\"{renamed}\"");
        }
        return text;
    }

    /// <summary>Sets KERAS_HOME for the bridge (os.environ) and for Keras (which read it at import) to a folder, until disposed.</summary>
    public static IDisposable KerasHome(string folder)
    {
        string? previousEnv = null;
        string? previousKeras = null;
        PythonRuntime.Run(() =>
        {
            using var os = Py.Import("os");
            using var environ = os.GetAttr("environ");
            using var get = environ.InvokeMethod("get", new PyString("KERAS_HOME"));
            previousEnv = get.IsNone() ? null : get.As<string>();
            environ.SetItem(new PyString("KERAS_HOME"), new PyString(folder));
            if (EngineSupport.KerasAvailable)
            {
                using var config = Py.Import("keras.src.backend.config");
                previousKeras = config.GetAttr("_KERAS_DIR").As<string>();
                config.SetAttr("_KERAS_DIR", new PyString(folder));
            }
        });
        return new Restore(() => PythonRuntime.Run(() =>
        {
            using var os = Py.Import("os");
            using var environ = os.GetAttr("environ");
            if (previousEnv is null)
            {
                environ.InvokeMethod("pop", new PyString("KERAS_HOME"), PyObject.None).Dispose();
            }
            else
            {
                environ.SetItem(new PyString("KERAS_HOME"), new PyString(previousEnv));
            }
            if (previousKeras is not null)
            {
                using var config = Py.Import("keras.src.backend.config");
                config.SetAttr("_KERAS_DIR", new PyString(previousKeras));
            }
        }));
    }

    private sealed class Restore(Action action) : IDisposable
    {
        public void Dispose() => action();
    }

    /// <summary>Images (samples, height, width, 3) of a fixed pseudo-random pattern, values in [0, 1).</summary>
    public static float[,,,] Images(int samples, int size, int seed)
    {
        var random = new Random(seed);
        var x = new float[samples, size, size, 3];
        for (var i = 0; i < samples; i++)
        {
            for (var h = 0; h < size; h++)
            {
                for (var w = 0; w < size; w++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        x[i, h, w, c] = (float)random.NextDouble();
                    }
                }
            }
        }
        return x;
    }
}
