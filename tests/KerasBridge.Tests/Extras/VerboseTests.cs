using System.Globalization;
using System.Text.RegularExpressions;
using KerasBridge.Tests.Support;
using static KerasBridge.Tests.Support.PythonOutputCapture;

namespace KerasBridge.Tests.Extras;

/// <summary>verbose on Fit/Evaluate/Predict prints Keras's progress lines (to Python's stdout, here captured), silent by default.</summary>
[Collection(SerialCollection.Name)]
public sealed partial class VerboseTests
{
    private static EngineKind Require(string engine)
    {
        var kind = Enum.Parse<EngineKind>(engine);
        if (kind == EngineKind.Keras)
        {
            EngineSupport.RequireKeras();
        }
        return kind;
    }

    [Theory]
    [InlineData("Torch")]
    [InlineData("Keras")]
    public void PrintsKerasProgressLines(string engine)
    {
        var kind = Require(engine);
        Engine.Get(kind).SetRandomSeed(5);
        var (x, y) = TensorBoardTests.Blobs(40, 4);
        using var model = KerasBridge.Keras.Sequential([KerasBridge.Keras.Input([3]), Layers.Dense(2, activation: "softmax")], engine: kind);
        model.Compile(optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"]);

        Assert.Equal("", Captured(() => model.Fit(x, y, epochs: 1, batchSize: 8)));

        History? history = null;
        var two = Captured(() => history = model.Fit(x, y, epochs: 2, batchSize: 8, validationSplit: 0.25, verbose: 2));
        var lines = two.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("Epoch 1/2", lines[0]);
        Assert.Equal("Epoch 2/2", lines[2]);
        string F(string key, int epoch) => Regex.Escape(Keras4(history!.Values[key][epoch]));
        Assert.Matches(new Regex($@"^4/4 - \d+s - \d+(us|ms|s)/step - accuracy: {F("accuracy", 1)} - loss: {F("loss", 1)} - val_accuracy: {F("val_accuracy", 1)} - val_loss: {F("val_loss", 1)}$"), lines[3]);

        EvaluationResult? scores = null;
        var evaluated = Captured(() => scores = model.Evaluate(x, y, batchSize: 8, verbose: 1));
        Assert.Contains("5/5 ━━━━━━━━━━━━━━━━━━━━", evaluated);
        Assert.Contains($"accuracy: {Keras4(scores!["accuracy"])} - loss: {Keras4(scores["loss"])}", evaluated);
        Assert.EndsWith("\n", evaluated);

        float[,]? predicted = null;
        var predicting = Captured(() => predicted = model.Predict(x, batchSize: 8, verbose: "auto"));
        Assert.Contains("5/5 ━━━━━━━━━━━━━━━━━━━━", predicting);
        Assert.Equal(model.Predict(x, batchSize: 8), predicted);
        Assert.Equal("verbose", Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(x, y, verbose: 3)).ParamName);
    }

    /// <summary>Progbar's value format: 4 decimals above 1e-3, else Python's <c>.4e</c>.</summary>
    private static string Keras4(double value) => Math.Abs(value) > 1e-3
        ? value.ToString("F4", CultureInfo.InvariantCulture)
        : value.ToString("0.0000e+00", CultureInfo.InvariantCulture);

}
