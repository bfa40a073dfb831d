using KerasBridge.Tests.ModelFiles;
using Python.Runtime;

namespace KerasBridge.Tests.Support;

/// <summary>Layers real Keras builds only with TensorFlow (IntegerLookup, StringLookup, Hashing, HashedCrossing): its own refusal must reach .NET.</summary>
internal static class TensorFlowLayers
{
    /// <summary>
    /// Asserts that building a model with <paramref name="className"/> on the Keras engine fails with Keras's
    /// "Layer X requires TensorFlow"; skipped without Keras, or where TensorFlow is installed (Keras then runs the layer).
    /// </summary>
    public static void AssertKerasRequiresTensorFlow(string className, Action build)
    {
        FixtureModels.Require(EngineKind.Keras);
        var tensorFlow = PythonRuntime.Run(() =>
        {
            using var util = Py.Import("importlib.util");
            return !util.InvokeMethod("find_spec", new PyString("tensorflow")).IsNone();
        });
        Assert.SkipWhen(tensorFlow, $"TensorFlow is installed: Keras runs {className} itself");
        var error = Assert.ThrowsAny<PythonError>(build);
        Assert.Contains($"Layer {className} requires TensorFlow", error.Message);
    }
}
