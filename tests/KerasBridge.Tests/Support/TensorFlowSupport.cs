using KerasBridge.Tests.ModelFiles;
using Python.Runtime;

namespace KerasBridge.Tests.Support;

/// <summary>For the layers real Keras builds only with TensorFlow (IntegerLookup, Hashing, ...): their Keras-engine test
/// checks Keras's "requires TensorFlow" error, so it needs Keras without TensorFlow.</summary>
internal static class TensorFlowSupport
{
    /// <summary>Skips the test unless the Keras engine runs here and TensorFlow is not installed.</summary>
    public static void RequireKerasWithoutTensorFlow(string layer)
    {
        FixtureModels.Require(EngineKind.Keras);
        var tensorFlow = PythonRuntime.Run(() =>
        {
            using var util = Py.Import("importlib.util");
            return !util.InvokeMethod("find_spec", new PyString("tensorflow")).IsNone();
        });
        Assert.SkipWhen(tensorFlow, $"TensorFlow is installed: Keras runs {layer} itself");
    }
}
