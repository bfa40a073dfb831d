using Python.Runtime;

namespace KerasBridge.Tests.Support;

/// <summary>Which engines this machine can run; Keras-engine tests skip themselves with the reason when Keras does not import.</summary>
internal static class EngineSupport
{
    private static readonly Lazy<string?> KerasMissingReason = new(() =>
    {
        try
        {
            PythonRuntime.Run(() => Py.Import("keras").Dispose());
            return null;
        }
        catch (PythonError e)
        {
            return $"real Keras does not import in {PythonRuntime.Installation.SysExecutable} ({e.Message}); install it with pip install \"tensorflow>=2.16\" to run these tests";
        }
    });

    public static void RequireKeras() => Assert.SkipWhen(KerasMissingReason.Value is not null, KerasMissingReason.Value ?? "");

    public static bool KerasAvailable => KerasMissingReason.Value is null;
}
