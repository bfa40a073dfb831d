using Python.Runtime;

namespace KerasBridge.Tests.Extras;

/// <summary>
/// The pieces of the tuner that must match Python exactly, checked against the embedded interpreter: float repr and
/// <c>:.5g</c> (keras_tuner prints values with them), <c>random.Random(seed).random()</c> (keras_tuner's draws),
/// and the hyperparameter value lists keras_tuner computes.
/// </summary>
public sealed class TunerFormattingTests
{
    private static string PythonEval(string expression) => PythonRuntime.Run(() =>
    {
        using var builtins = Py.Import("builtins");
        using var globals = new PyDict();
        using var result = builtins.InvokeMethod("eval", new PyString(expression), globals);
        return result.As<string>();
    });

    [Fact]
    public void FloatReprAndFormatMatchPython()
    {
        double[] values = [0.1, 0.30000000000000004, 1.0, 16, 0.6931471824645996, 1e-05, 0.0001, 123456789.125, 1e16, 1.5e16, 9999999999999998,
            2.5e-7, -0.25, 0.001, 3.0e22, 12345.678, 99999.5, 0.00012345678, 100000, 5e-5];
        foreach (var value in values)
        {
            var literal = value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(PythonEval($"repr(float('{literal}'))"), PythonFloat.Repr(value));
            Assert.Equal(PythonEval($"f\"{{float('{literal}'):.5g}}\""), PythonFloat.General5(value));
        }
        Assert.Equal("16", PythonFloat.General5(16));
    }

    [Fact]
    public void FloorDivMatchesPython()
    {
        (double A, double B)[] pairs = [(0.4, 0.2), (0.5 - 0.1, 0.2), (1.0, 0.1), (0.9 - 0.1, 0.2), (7.5, 2.5), (1e-3, 3e-4)];
        foreach (var (a, b) in pairs)
        {
            var la = a.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            var lb = b.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(PythonEval($"repr(float('{la}') // float('{lb}'))"), PythonFloat.Repr(PythonFloat.FloorDiv(a, b)));
        }
    }

    [Fact]
    public void FirstRandomMatchesPythonsRandom()
    {
        foreach (var seed in new long[] { 0, 1, 7, 42, 4095, 10000, 123456789, 4294967296L + 5 })
        {
            Assert.Equal(PythonEval($"repr(__import__('random').Random({seed}).random())"), PythonFloat.Repr(PythonRandom.First(seed)));
        }
    }

    [Fact]
    public void ValuesAreKerasTunersValues()
    {
        var hp = new HyperParameters([], new Dictionary<string, object>());
        Assert.Equal(16, hp.Int("units", 16, 64, step: 16));
        Assert.Equal(0.1, hp.Float("dropout", 0.1, 0.5, step: 0.2));
        Assert.Equal("adam", hp.Choice("optimizer", ["adam", "sgd"]));
        Assert.False(hp.Boolean("bn"));
        Assert.Equal([16, 32, 48, 64], hp.Space[0].Values.Cast<int>());
        Assert.Equal([0.1, 0.30000000000000004, 0.5], hp.Space[1].Values.Cast<double>());
        Assert.Equal(["adam", "sgd"], hp.Space[2].Values.Cast<string>());
        var log = new HyperParameters([], new Dictionary<string, object>());
        log.Float("lr", 1e-4, 1e-2, step: 10, sampling: "log");
        Assert.Equal(3, log.Space[0].Values.Count);
        Assert.Equal(1e-4 * 100, (double)log.Space[0].Values[2], 12);

        Assert.Equal("minValue", Assert.Throws<ArgumentException>(() => hp.Int("bad", 5, 1)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => hp.Choice("empty", Array.Empty<string>())).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => hp.Int("units", 1, 8)).ParamName);
        Assert.Equal("objective", Assert.Throws<ArgumentException>(() => { Objective o = "val_something_odd"; }).ParamName);
        Assert.Equal("max", ((Objective)"val_accuracy").Direction);
        Assert.Equal("Objective(name=\"val_loss\", direction=\"min\")", ((Objective)"val_loss").ToString());
    }
}
