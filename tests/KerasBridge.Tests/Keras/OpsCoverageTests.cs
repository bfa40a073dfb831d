using System.Reflection;
using System.Text.Json.Nodes;
using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;
using Python.Runtime;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.Keras;

/// <summary>
/// Every op the PyTorch engine runs that Keras offers as <c>keras.ops.name</c> has its <see cref="Ops"/> method; one model uses
/// the methods OpsTests does not (arithmetic, logic, rounding, norms, one_hot, repeat, reductions over several axes): real Keras
/// writes its op entries back as C# wrote them, both engines predict alike, and it saves and reloads exactly.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class OpsCoverageTests
{
    // Ops of the engine's list that have no Ops method of their class name, and why.
    private static readonly Dictionary<string, string> NotOpsMethods = new()
    {
        ["Absolute"] = "Abs", // ops.abs and ops.absolute both record Absolute
        ["Abs"] = "", // Keras's alias class (class Abs(Absolute)), which no keras.ops call records; read from older configs only
        ["GetItem"] = "", // x[key]: KerasTensor's indexer
        ["ReLU"] = "", // keras.activations.relu(x, negative_slope, max_value, threshold), not a keras.ops function
    };

    private static Model Build(EngineKind engine)
    {
        ClearSession(); // the same automatic op names on each engine
        var x = Input(shape: [3, 4], name: "x");
        var h = Layers.Dense(4, name: "dense").Apply(x);
        var arithmetic = Ops.Subtract(Ops.Multiply(Ops.Add(h, x), 2.0), Ops.Multiply(h, x))
            + Ops.Divide(Ops.Subtract(h, 0.5), Ops.Add(Ops.Abs(x), 1.0)) + Ops.Divide(h, 3.0)
            + Ops.TrueDivide(h, Ops.Add(Ops.OnesLike(h), Ops.Square(x))) + Ops.TrueDivide(h, 4.0)
            + Ops.Negative(Ops.Power(Ops.Add(Ops.Abs(h), 0.5), x)) + Ops.Maximum(h, 0.1) + Ops.Minimum(h, -0.1) + Ops.Expm1(h);
        // The steps of floor, mod and round on the input itself (the same values on both engines, none at a step).
        var seven = Ops.Add(Ops.ZerosLike(x), 0.7);
        var steps = Ops.FloorDivide(x, 0.3) + Ops.Mod(x, 0.3) + Ops.FloorDivide(x, seven) + Ops.Mod(x, seven)
            + Ops.Round(Ops.Multiply(x, 4.0)) + Ops.Round(x, decimals: 1) + Ops.Cumsum(h, axis: 2) + Ops.Cast(Ops.ZerosLike(x, dtype: "int32"), "float32");
        var condition = Ops.LogicalOr(
            Ops.LogicalAnd(Ops.GreaterEqual(x, 0.0), Ops.LessEqual(x, h)),
            Ops.LogicalNot(Ops.LogicalOr(Ops.NotEqual(Ops.Round(x), 0.0), Ops.Equal(Ops.Round(x), 1.0))));
        var logic = Ops.Where(Ops.LogicalAnd(condition, Ops.LogicalOr(Ops.GreaterEqual(x, h), Ops.NotEqual(x, h))), h, -1.0)
            + Ops.Cast(Ops.LessEqual(x, 0.2), "float32");
        var classes = Ops.OneHot(Ops.Argmax(x, axis: -1), 4) + Ops.Normalize(h, axis: 1, order: 1);
        var elementwise = Ops.Reshape(arithmetic + steps + logic + classes, -1, 12);
        var reduced = Ops.Concatenate(
            [
                Ops.Prod(Ops.Add(Ops.Abs(h), 0.5), [2]), Ops.Reshape(Ops.Var(h, [1, 2], keepdims: true), -1, 1),
                Ops.ExpandDims(Ops.Std(h, [1, 2]), 1), Ops.ExpandDims(Ops.Logsumexp(h, [1, 2]), 1),
                Ops.Norm(h, 1.0, axis: 2), Ops.ExpandDims(Ops.Norm(h, axes: [1, 2]), 1),
                Ops.Reshape(Ops.Norm(h, "nuc", [1, 2], keepdims: true), -1, 1), Ops.Reshape(Ops.Repeat(h, 2, axis: 1), -1, 24),
            ],
            axis: -1);
        var model = Model(x, Ops.Concatenate([elementwise, reduced], axis: -1), name: "ops_coverage", engine: engine);
        model.SetLayerWeights("dense", new float[,]
        {
            { 0.5f, -0.3f, 0.2f, 0.1f }, { -0.4f, 0.6f, 0.3f, -0.2f }, { 0.25f, 0.15f, -0.5f, 0.35f }, { -0.1f, -0.45f, 0.4f, 0.55f },
        }, new float[] { 0.1f, -0.2f, 0.05f, 0.3f });
        return model;
    }

    [Fact]
    public void KerasWritesTheOpsBackAndBothEnginesAgree()
    {
        FixtureModels.Require(EngineKind.Keras);
        FixtureModels.Require(EngineKind.Torch);
        using var keras = Build(EngineKind.Keras);
        using var torch = Build(EngineKind.Torch);
        var kerasOps = OpsTests.OperationEntries(keras); // Keras's own get_config of the graph it read from ours
        var torchOps = OpsTests.OperationEntries(torch);
        Assert.Equal(kerasOps.Keys.Order(), torchOps.Keys.Order());
        foreach (var (name, entry) in torchOps)
        {
            Assert.Equal(kerasOps[name], entry);
        }
        Assert.Equal([null, 47], torch.OutputShape);
        var x = OpsTests.Inputs();
        var expected = keras.Predict(x);
        var error = FixtureModels.MaxRelativeError(torch.Predict(x), TestData.ToDouble(expected));
        Assert.True(error <= FixtureModels.Tolerance, $"max relative error {error:E2}");
    }

    [Theory]
    [InlineData(EngineKind.Torch)]
    [InlineData(EngineKind.Keras)]
    public void SavesAndReloadsExactly(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var model = Build(engine);
        var x = OpsTests.Inputs();
        var predictions = model.Predict(x);
        using var folder = new TempDirectory();
        var path = folder.Combine("ops_coverage.keras");
        model.Save(path);
        using var loaded = Models.LoadModel(path, engine: engine);
        Assert.Equal(predictions, loaded.Predict(x));
        Assert.Equal(OpsTests.OperationEntries(model), OpsTests.OperationEntries(loaded));
    }

    [Fact]
    public void DefaultsAreTheOnesKerasOpsWrite()
    {
        // Keras's write-back above keeps what it reads; here each call's config is held against the keras.ops call itself.
        FixtureModels.Require(EngineKind.Keras);
        const string calls = """
            import json, keras
            from keras import ops
            x = keras.Input((3, 4)); i = keras.Input((3,), dtype="int32")
            outs = [ops.one_hot(i, 4), ops.normalize(x), ops.norm(x, axis=(1, 2)), ops.norm(x, 1, axis=2), ops.norm(x, "nuc", axis=(1, 2)),
                    ops.cumsum(x, axis=1), ops.round(x), ops.ones_like(x), ops.zeros_like(x, dtype="int32"), ops.prod(x, axis=(1, 2)),
                    ops.repeat(x, 2, axis=1), ops.var(x, axis=(1, 2)), ops.std(x), ops.logsumexp(x, axis=(1, 2)), ops.expm1(x),
                    ops.average(x, axis=1), ops.multi_hot(i, 5), ops.unstack(x, axis=1)[0]]
            configs = json.dumps([{k: v for k, v in o._keras_history.operation.get_config().items() if k != "name"} for o in outs])
            """;
        var expected = PythonRuntime.Run(() =>
        {
            using var scope = Py.CreateScope();
            scope.Exec(calls);
            return scope.Get<string>("configs");
        });
        var x = Input(shape: [3, 4]);
        var i = Input(shape: [3], dtype: "int32");
        KerasTensor[] outputs =
        [
            Ops.OneHot(i, 4), Ops.Normalize(x), Ops.Norm(x, axes: [1, 2]), Ops.Norm(x, 1, axis: 2), Ops.Norm(x, "nuc", [1, 2]),
            Ops.Cumsum(x, axis: 1), Ops.Round(x), Ops.OnesLike(x), Ops.ZerosLike(x, dtype: "int32"), Ops.Prod(x, [1, 2]),
            Ops.Repeat(x, 2, axis: 1), Ops.Var(x, [1, 2]), Ops.Std(x), Ops.Logsumexp(x, [1, 2]), Ops.Expm1(x),
            Ops.Average(x, axis: 1), Ops.MultiHot(i, 5), Ops.Unstack(x, axis: 1)[0],
        ];
        var written = new JsonArray(outputs.Select(t =>
        {
            var config = (JsonObject)t.Node.Operation.ToEntry()["config"]!.DeepClone();
            config.Remove("name");
            return (JsonNode)config;
        }).ToArray());
        Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(), written.ToJsonString());
    }

    [Fact]
    public void EveryKerasOpTheEngineRunsHasAnOpsMethod()
    {
        FixtureModels.Require(EngineKind.Torch);
        var supported = PythonRuntime.Run(() =>
        {
            using var operations = Py.Import("kerasbridge.model_files.operations");
            using var names = operations.GetAttr("OPERATIONS");
            return names.As<string[]>();
        });
        var methods = typeof(Ops).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).ToHashSet();
        var missing = supported.Where(op => !methods.Contains(op) && !NotOpsMethods.ContainsKey(op)).ToList();
        Assert.True(missing.Count == 0, $"ops the engine runs without an Ops method: {string.Join(", ", missing)}");
        Assert.All(NotOpsMethods.Keys, op => Assert.Contains(op, supported)); // the exclusions stay real
        Assert.All(NotOpsMethods.Values.Where(m => m != ""), m => Assert.Contains(m, methods));
        if (EngineSupport.KerasAvailable)
        {
            // Each Ops method is a keras.ops function of the same name in snake case.
            var notKeras = PythonRuntime.Run(() =>
            {
                using var ops = Py.Import("keras.ops");
                return methods.Where(m => !ops.HasAttr(LayerNames.SnakeCase(m))).ToList();
            });
            Assert.True(notKeras.Count == 0, $"Ops methods that are not keras.ops functions: {string.Join(", ", notKeras)}");
        }
    }

    [Fact]
    public void RepeatWithOneCountPerEntryRunsOnTheTorchEngine()
    {
        // Keras 3.15.1's torch backend fails on a list of counts with torch 1.13 (Invalid dtype: object), so not in the model above.
        FixtureModels.Require(EngineKind.Torch);
        ClearSession();
        var x = Input(shape: [3], name: "x");
        using var model = Model(x, Ops.Repeat(x, [1, 0, 2], axis: 1), engine: EngineKind.Torch);
        Assert.Equal([null, 3], model.OutputShape);
        Assert.Equal(new float[,] { { 1f, 3f, 3f }, { -4f, 6f, 6f } }, model.Predict(new float[,] { { 1f, 2f, 3f }, { -4f, 5f, 6f } }));
    }

    [Fact]
    public void NewMethodsRefuseBadArgumentsNamingThem()
    {
        FixtureModels.Require(EngineKind.Torch);
        var x = Input(shape: [3, 4]);
        Assert.Equal("numClasses", Assert.Throws<ArgumentOutOfRangeException>(() => Ops.OneHot(Ops.Argmax(x, axis: -1), 0)).ParamName);
        Assert.Equal("order", Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Normalize(x, order: 0)).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Normalize(x, epsilon: double.NaN)).ParamName);
        Assert.Equal("repeats", Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Repeat(x, [1, -1, 1], axis: 1)).ParamName);
        Assert.Equal("ord", Assert.Throws<ArgumentException>(() => Ops.Norm(x, "max", [1, 2])).ParamName);
        Assert.Equal("ord", Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Norm(x, double.PositiveInfinity, axis: 1)).ParamName);
        Assert.Equal("x2", Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Mod(x, double.NaN)).ParamName);
        Assert.Contains("argument 'dtype' of Cumsum", Assert.Throws<ArgumentException>(() => Ops.Cumsum(x, 1, dtype: "float8")).Message,
            StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Ops.Repeat(x, [1, 2], axis: 1)); // one count per entry of the axis (3)
        Assert.Throws<ArgumentNullException>(() => Ops.LogicalNot(null!));
        // The shapes and dtypes Keras gives.
        Assert.Equal([null, 3, 4, 5], Ops.OneHot(Ops.Cast(x, "int32"), 5).Shape);
        Assert.Equal("float32", Ops.OneHot(Ops.Cast(x, "int32"), 5).DType);
        Assert.Equal("bool", Ops.LogicalAnd(Ops.GreaterEqual(x, 0.0), Ops.NotEqual(x, 1.0)).DType);
        Assert.Equal("int32", Ops.ZerosLike(x, dtype: "int32").DType);
        Assert.Equal([null, 3], Ops.Norm(x, axis: 2, ord: 2.0).Shape);
        Assert.Equal([null, 6, 4], Ops.Repeat(x, 2, axis: 1).Shape);
        Assert.Equal([null], Ops.Var(x, [1, 2]).Shape);
    }
}
