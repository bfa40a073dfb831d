using System.IO.Compression;
using System.Text.Json.Nodes;
using KerasBridge.Tests.Support;
using Python.Runtime;

namespace KerasBridge.Tests.ModelFiles;

/// <summary>
/// Damaged and dangerous model files, made from the real fixtures: each is refused with a
/// <see cref="ModelFileException"/> (or <see cref="UnsafeModelException"/>) whose message is "PATH: problem",
/// and nothing half-loaded is returned.
/// </summary>
public sealed class BadModelFileTests(ITestOutputHelper output)
{
    public static TheoryData<EngineKind> Engines => [EngineKind.Torch, EngineKind.Keras];

    private static string Fixture(string extension) => FixtureModels.PathOf("penguins_mlp", extension);

    [Theory]
    [MemberData(nameof(Engines))]
    public void NotAZip(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var dir = new TempDirectory();
        var path = dir.Combine("notes.keras");
        File.WriteAllText(path, "species,bill_length_mm\nAdelie,39.1\n");
        AssertRefused(engine, path, "is neither a Keras 3 model archive (.keras zip) nor an HDF5 file");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void TruncatedZip(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var dir = new TempDirectory();
        var bytes = File.ReadAllBytes(Fixture(".keras"));
        // Cut in the middle of the weights member, and cut only the end (the zip's central directory).
        foreach (var length in new[] { bytes.Length / 2, bytes.Length - 100 })
        {
            var path = dir.Combine($"truncated_{length}.keras");
            File.WriteAllBytes(path, bytes[..length]);
            AssertRefused(engine, path, "is not a valid .keras archive: the zip is truncated or corrupt");
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void TruncatedH5(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var dir = new TempDirectory();
        var path = dir.Combine("truncated.h5");
        var bytes = File.ReadAllBytes(Fixture(".h5"));
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        AssertRefused(engine, path, "is not a readable HDF5 file; it is truncated or corrupt");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void NoConfigJson(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var dir = new TempDirectory();
        var path = dir.Combine("no_config.keras");
        Rewrite(Fixture(".keras"), path, drop: "config.json");
        AssertRefused(engine, path, "has no config.json, so it is not a Keras 3 model archive (members: metadata.json, model.weights.h5)");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void WeightsWhoseShapesDoNotMatchTheConfig(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var dir = new TempDirectory();
        var path = dir.Combine("shapes.keras");
        // The config says the first Dense has 9 units; its stored kernel is (4, 10).
        Rewrite(Fixture(".keras"), path, config: c => c["config"]!["layers"]![1]!["config"]!["units"] = 9);
        AssertRefused(engine, path, "weights of layer 'dense' (Dense) do not match the config: 'kernel' has shape (4, 10) in model.weights.h5, expected (4, 9)");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void WeightsFileOfAnotherModel(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var model = FixtureModels.Build("penguins_mlp", engine);
        var before = model.GetWeights();
        var path = FixtureModels.PathOf("regression_bn_dropout", ".weights.h5");
        var e = Assert.Throws<ModelFileException>(() => model.LoadWeights(path));
        AssertNames(e, path);
        Assert.Contains("(10, 100)", e.Message); // regression's first kernel, where penguins has (4, 10)
        output.WriteLine($"{engine}: {e.Message}");
        Assert.Equal(before, model.GetWeights()); // nothing half-loaded
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void UnknownLayerClass(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var dir = new TempDirectory();
        var path = dir.Combine("unknown_layer.keras");
        Rewrite(Fixture(".keras"), path, config: c => c["config"]!["layers"]![2]!["class_name"] = "FancyDense");
        // The PyTorch engine names the layer and what it supports; real Keras reports the class it cannot find.
        AssertRefused(engine, path, engine == EngineKind.Torch
            ? "unsupported layer class in layer(s) 'dense_1' (FancyDense); supported layers: InputLayer, Dense, Activation"
            : "FancyDense");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void NewerFormatThanSupported(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var dir = new TempDirectory();
        var path = dir.Combine("keras4.keras");
        Rewrite(Fixture(".keras"), path, metadata: m => m["keras_version"] = "4.0.1");
        AssertRefused(engine, path, "was saved by Keras 4.0.1, a newer format than supported (Keras 3.x files, written as 3.15.1)");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void FileThatDoesNotExist(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var dir = new TempDirectory();
        AssertRefused(engine, dir.Combine("missing.keras"), "file does not exist");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void WeightsFileIsNotAModel(EngineKind engine)
    {
        FixtureModels.Require(engine);
        AssertRefused(engine, Fixture(".weights.h5"), "is a Keras 3 weights file (.weights.h5) without a model config; load it into a model of the same layers with LoadWeights (Keras: load_weights)");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void LambdaLayerIsRefusedInSafeMode(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var dir = new TempDirectory();
        var path = dir.Combine("lambda.keras");
        WriteLambdaModel(path);
        var e = Assert.Throws<UnsafeModelException>(() => Models.LoadModel(path, engine: engine));
        AssertNames(e, path);
        Assert.Contains("refusing to load in safe mode: layer 'lambda' (Lambda): a Lambda layer runs Python code", e.Message);
        Assert.Contains("safeMode: false", e.Message);
        output.WriteLine($"{engine}: {e.Message}");
    }

    [Fact]
    public void LambdaLayerLoadsWithSafeModeOffButThePyTorchEngineCannotRunIt()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("lambda.keras");
        WriteLambdaModel(path);
        // Safe mode off: the file is read (no UnsafeModelException), then the engine refuses to build the Lambda,
        // with a plain ModelFileException that says why; no model is returned.
        var e = Assert.Throws<ModelFileException>(() => Models.LoadModel(path, safeMode: false, engine: EngineKind.Torch));
        Assert.IsNotType<UnsafeModelException>(e);
        AssertNames(e, path);
        Assert.Contains("layer 'lambda' (Lambda) runs Python code written for Keras, which the PyTorch engine cannot run", e.Message);
        output.WriteLine(e.Message);
        // The engine is unharmed.
        using var good = Models.LoadModel(Fixture(".keras"), engine: EngineKind.Torch);
        FixtureModels.AssertMatchesPredictions("penguins_mlp", good.Predict(FixtureModels.Inputs("penguins_mlp")), "after the refusals");
    }

    [Fact]
    public void LambdaLayerRunsOnKerasWithSafeModeOff()
    {
        EngineSupport.RequireKeras();
        using var dir = new TempDirectory();
        var path = dir.Combine("lambda.keras");
        WriteLambdaModel(path);
        // Keras deserializes the lambda (x * 2) when told the file is trusted. Should this Keras refuse it anyway,
        // the refusal must be a clear ModelFileException naming the file.
        Model model;
        try
        {
            model = Models.LoadModel(path, safeMode: false, engine: EngineKind.Keras);
        }
        catch (ModelFileException e)
        {
            AssertNames(e, path);
            output.WriteLine(e.Message);
            return;
        }
        using (model)
        {
            var doubled = model.Predict(FixtureModels.Inputs("penguins_mlp"));
            var expected = FixtureModels.Expected("penguins_mlp");
            for (var i = 0; i < expected.GetLength(0); i++)
            {
                for (var j = 0; j < expected.GetLength(1); j++)
                {
                    Assert.True(Math.Abs(doubled[i, j] - 2 * expected[i, j]) <= FixtureModels.Tolerance * Math.Max(2 * Math.Abs(expected[i, j]), FixtureModels.Floor));
                }
            }
        }
    }

    private void AssertRefused(EngineKind engine, string path, string problem)
    {
        var e = Assert.Throws<ModelFileException>(() => Models.LoadModel(path, engine: engine));
        Assert.IsNotType<UnsafeModelException>(e);
        AssertNames(e, path);
        Assert.Contains(problem, e.Problem);
        output.WriteLine($"{engine}: {e.Message}");
    }

    private static void AssertNames(ModelFileException e, string path)
    {
        Assert.Equal(Path.GetFullPath(path), e.FilePath);
        Assert.StartsWith(Path.GetFullPath(path) + ": ", e.Message);
        Assert.Equal($"{e.FilePath}: {e.Problem}", e.Message);
    }

    /// <summary>Copies a .keras zip member by member, editing config.json / metadata.json or dropping a member.</summary>
    internal static void Rewrite(string source, string target, Action<JsonNode>? config = null, Action<JsonNode>? metadata = null, string? drop = null)
    {
        using var input = ZipFile.OpenRead(source);
        using var stream = File.Create(target);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
        foreach (var entry in input.Entries)
        {
            if (entry.FullName == drop)
            {
                continue;
            }
            using var memory = new MemoryStream();
            using (var reader = entry.Open())
            {
                reader.CopyTo(memory);
            }
            var data = memory.ToArray();
            var edit = entry.FullName switch
            {
                "config.json" => config,
                "metadata.json" => metadata,
                _ => null,
            };
            if (edit is not null)
            {
                var node = JsonNode.Parse(data)!;
                edit(node);
                data = System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
            }
            using var writer = zip.CreateEntry(entry.FullName, CompressionLevel.NoCompression).Open();
            writer.Write(data);
        }
    }

    /// <summary>
    /// penguins_mlp.keras with a Keras 3 Lambda layer (x * 2) appended, serialized as Keras does it: the lambda's
    /// marshalled bytecode, base64-encoded (keras.src.utils.python_utils.func_dump).
    /// </summary>
    internal static void WriteLambdaModel(string path)
    {
        var code = PythonRuntime.Run(() =>
        {
            using var module = PyModule.FromString("kb_test_lambda", """
                import codecs, marshal
                code = codecs.encode(marshal.dumps((lambda x: x * 2).__code__), "base64").decode("ascii")
                """);
            return module.GetAttr("code").As<string>();
        });
        Rewrite(Fixture(".keras"), path, config: c =>
        {
            var layers = c["config"]!["layers"]!.AsArray();
            layers.Add(JsonNode.Parse("""
                {"module": "keras.layers", "class_name": "Lambda", "registered_name": null,
                 "config": {"name": "lambda", "trainable": true,
                            "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
                            "function": {"class_name": "__lambda__", "config": {"code": CODE, "defaults": null, "closure": null}},
                            "output_shape": null, "arguments": {}}}
                """.Replace("CODE", System.Text.Json.JsonSerializer.Serialize(code), StringComparison.Ordinal)));
        });
    }
}
