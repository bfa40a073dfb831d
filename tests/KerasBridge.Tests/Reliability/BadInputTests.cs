using static KerasBridge.Keras;

namespace KerasBridge.Tests.Reliability;

/// <summary>
/// Each bad input gets a .NET exception whose message names the argument, what was expected and what was given,
/// and the model stays usable afterwards.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly Model _model;

    public BadInputTests()
    {
        _model = Sequential([Input(shape: [4]), Layers.Dense(8, activation: "relu"), Layers.Dense(3, activation: "softmax")], engine: EngineKind.Torch);
        _model.Compile(optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"]);
    }

    public void Dispose() => _model.Dispose();

    private static float[,] Rows(int n, int features = 4)
    {
        var x = new float[n, features];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < features; j++)
            {
                x[i, j] = (i + 1) * 0.1f - j * 0.05f;
            }
        }
        return x;
    }

    private static float[,] OneHot(int n, int classes = 3)
    {
        var y = new float[n, classes];
        for (var i = 0; i < n; i++)
        {
            y[i, i % classes] = 1;
        }
        return y;
    }

    private void AssertStillUsable() => Assert.Equal(2, _model.Predict(Rows(2)).GetLength(0));

    private static ArgumentException AssertArgument(Action call, string parameter, params string[] fragments)
    {
        var e = Assert.ThrowsAny<ArgumentException>(call);
        Assert.Equal(parameter, e.ParamName);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, e.Message);
        }
        return e;
    }

    [Fact]
    public void RowCountsOfXAndYDiffer()
    {
        AssertArgument(() => _model.Fit(Rows(10), OneHot(9)), "y", "10", "9");
        AssertStillUsable();
    }

    [Fact]
    public void WrongFeatureCount()
    {
        AssertArgument(() => _model.Fit(Rows(10, features: 5), OneHot(10)), "x", "(None, 4)", "(10, 5)");
        AssertArgument(() => _model.Predict(Rows(3, features: 2)), "x", "(None, 4)", "(3, 2)");
        AssertStillUsable();
    }

    [Fact]
    public void WrongRankForTheModelInput()
    {
        AssertArgument(() => _model.Predict(new float[3, 4, 1]), "x", "(None, 4)", "(3, 4, 1)");
        AssertArgument(() => _model.Predict(new float[4]), "x", "(4,)");
        AssertStillUsable();
    }

    [Fact]
    public void EmptyArrays()
    {
        AssertArgument(() => _model.Fit(new float[0, 4], new float[0, 3]), "x", "no samples", "(0, 4)");
        AssertArgument(() => _model.Predict(new float[0, 4]), "x", "no samples");
        AssertStillUsable();
    }

    [Fact]
    public void NaNOrInfinityInInputsOrTargets()
    {
        var x = Rows(10);
        x[3, 2] = float.NaN;
        AssertArgument(() => _model.Fit(x, OneHot(10)), "x", "NaN");
        var y = OneHot(10);
        y[5, 1] = float.PositiveInfinity;
        AssertArgument(() => _model.Fit(Rows(10), y), "y", "inf");
        AssertStillUsable();
    }

    [Fact]
    public void ClassIdsOutOfRangeForSparseLoss()
    {
        using var model = Sequential([Input(shape: [4]), Layers.Dense(3)], engine: EngineKind.Torch);
        model.Compile(optimizer: "adam", loss: Losses.SparseCategoricalCrossentropy(fromLogits: true));
        AssertArgument(() => model.Fit(Rows(4), new long[] { 0, 1, 3, 2 }), "y", "3", "0", "2");
        AssertArgument(() => model.Fit(Rows(4), new long[] { 0, -1, 1, 2 }), "y", "-1");
    }

    [Fact]
    public void OneHotWidthDifferentFromOutputUnits()
    {
        AssertArgument(() => _model.Fit(Rows(6), OneHot(6, classes: 4)), "y", "3", "4");
        AssertStillUsable();
    }

    [Fact]
    public void NonPositiveUnitsFiltersEpochsOrBatchSize()
    {
        AssertArgument(() => Layers.Dense(0), "units", "> 0", "0");
        AssertArgument(() => Layers.Conv2D(-2, kernelSize: 3), "filters", "> 0", "-2");
        AssertArgument(() => Layers.Conv2D(4, kernelSize: 0), "kernelSize", "> 0", "0");
        AssertArgument(() => _model.Fit(Rows(4), OneHot(4), epochs: 0), "epochs", "> 0", "0");
        AssertArgument(() => _model.Fit(Rows(4), OneHot(4), batchSize: -1), "batchSize", "> 0", "-1");
        AssertArgument(() => _model.Predict(Rows(4), batchSize: 0), "batchSize", "> 0", "0");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void ValidationSplitOutsideZeroToOne(double split) =>
        AssertArgument(() => _model.Fit(Rows(10), OneHot(10), validationSplit: split), "validationSplit", "[0, 1)", split.ToString(System.Globalization.CultureInfo.CurrentCulture));

    [Fact]
    public void UnknownNamesListTheValidOnes()
    {
        AssertArgument(() => Layers.Dense(3, activation: "relux"), "activation", "'relux'", "relu, relu6", "tanh");
        AssertArgument(() => _model.Compile(optimizer: "adabelief", loss: "mse"), "optimizer", "'adabelief'", "adadelta, adafactor, adagrad, adam", "rmsprop, schedulefreeadamw, sgd");
        AssertArgument(() => _model.Compile(optimizer: "adam", loss: "mean_sqared_error"), "loss", "'mean_sqared_error'", "mean_squared_error");
        AssertArgument(() => _model.Compile(optimizer: "adam", loss: "mse", metrics: ["acuracy"]), "metrics", "'acuracy'", "accuracy");
        AssertArgument(() => Layers.Dense(3, kernelInitializer: "glorot"), "initializer", "'glorot'", "glorot_uniform");
    }

    [Fact]
    public void FitBeforeCompile()
    {
        using var model = Sequential([Input(shape: [4]), Layers.Dense(3)], engine: EngineKind.Torch);
        var e = Assert.Throws<InvalidOperationException>(() => model.Fit(Rows(4), OneHot(4)));
        Assert.Contains("must be compiled first", e.Message);
        Assert.IsType<PythonError>(e.InnerException);
        Assert.Equal(4, model.Predict(Rows(4)).GetLength(0));
    }

    [Fact]
    public void PredictOnAModelWithNoInputShape()
    {
        using var model = Sequential([Layers.Dense(3)], engine: EngineKind.Torch);
        Assert.Null(model.InputShape);
        var e = Assert.Throws<InvalidOperationException>(() => model.Predict(Rows(2)));
        Assert.Contains("has no input shape", e.Message);
    }

    [Fact]
    public void AnyCallOnADisposedModel()
    {
        var model = Sequential([Input(shape: [4]), Layers.Dense(3)], engine: EngineKind.Torch);
        model.Dispose();
        model.Dispose();
        Assert.Throws<ObjectDisposedException>(() => model.Predict(Rows(2)));
        Assert.Throws<ObjectDisposedException>(() => model.Fit(Rows(2), OneHot(2)));
        Assert.Throws<ObjectDisposedException>(() => model.Summary());
        Assert.Throws<ObjectDisposedException>(() => model.Compile("adam", "mse"));
        Assert.Throws<ObjectDisposedException>(() => model.Save("/tmp/never.keras"));
        Assert.Throws<ObjectDisposedException>(() => model.GetWeights());
    }
}
