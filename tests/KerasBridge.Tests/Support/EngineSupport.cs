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

    private static readonly Dictionary<string, bool> TorchFunctions = [];

    /// <summary>
    /// Skips a real-Keras test when torch lacks <c>torch.nn.functional.&lt;function&gt;</c>, which Keras's torch backend calls
    /// (RMSNormalization's F.rms_norm is torch 2.4's); nothing to check when <paramref name="function"/> is null.
    /// </summary>
    public static void RequireTorchFunction(string? function, string what)
    {
        if (function is null)
        {
            return;
        }
        bool present;
        lock (TorchFunctions)
        {
            if (!TorchFunctions.TryGetValue(function, out present))
            {
                present = PythonRuntime.Run(() =>
                {
                    using var functional = Py.Import("torch.nn.functional");
                    return functional.HasAttr(function);
                });
                TorchFunctions[function] = present;
            }
        }
        Assert.SkipWhen(!present, $"{what}: Keras's torch backend calls torch.nn.functional.{function}, which this torch does not have");
    }

    private static readonly Lazy<string?> PythonWithoutKeras = new(() =>
    {
        if (!KerasAvailable)
        {
            return PythonRuntime.Installation.SysExecutable;
        }
        // Keras is installed in the test venv only (python-env/.venv); the system interpreter it was made from
        // has NumPy and torch from Debian but no Keras, so a child process started on it shows the missing-Keras path.
        const string system = "/usr/bin/python3";
        if (!File.Exists(system))
        {
            return null;
        }
        var probe = ProcessRunner.Run(system, ["-c", "import numpy, importlib.util, sys; sys.exit(0 if importlib.util.find_spec('keras') is None else 1)"]);
        return probe.ExitCode == 0 ? system : null;
    });

    /// <summary>
    /// An interpreter (with NumPy) in which Keras does not import, for child processes that test the missing-Keras
    /// path; skips the test with the reason when this machine has none.
    /// </summary>
    public static string RequirePythonWithoutKeras()
    {
        Assert.SkipWhen(PythonWithoutKeras.Value is null, "no interpreter without Keras here: /usr/bin/python3 has Keras too, or lacks NumPy");
        return PythonWithoutKeras.Value!;
    }
}
