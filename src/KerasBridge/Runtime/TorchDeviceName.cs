using System.Text.RegularExpressions;

namespace KerasBridge;

/// <summary><see cref="PythonOptions.TorchDevice"/>: checked before Python starts, fixed once it has.</summary>
internal static partial class TorchDeviceName
{
    /// <summary>The device in the engine's spelling ("cpu", "cuda", "cuda:N"); null for the default choice (null or "auto").</summary>
    /// <exception cref="ArgumentException">Any other name.</exception>
    public static string? Normalize(string? device)
    {
        if (device is null)
        {
            return null;
        }
        var name = device.Trim().ToLowerInvariant();
        if (name == "auto")
        {
            return null;
        }
        return name == "cpu" || CudaName().IsMatch(name)
            ? name
            : throw new ArgumentException(
                $"Expected PythonOptions.TorchDevice to be \"auto\", \"cpu\", \"cuda\" or \"cuda:N\" (or null); got \"{device}\".",
                nameof(PythonOptions.TorchDevice));
    }

    /// <summary>Refuses a device other than the one Python started with: the engines read it once per process.</summary>
    /// <exception cref="InvalidOperationException">Another device was asked for than the running one.</exception>
    public static void CheckSame(string? running, string? requested)
    {
        if (requested is not null && requested != running)
        {
            throw new InvalidOperationException(
                $"PythonOptions.TorchDevice \"{requested}\" was asked for, but Python is already running with "
                + $"{(running is null ? "the default device choice" : $"TorchDevice \"{running}\"")}: the device is chosen once per "
                + "process, before the first model. Set it in the first PythonRuntime.Initialize call.");
        }
    }

    [GeneratedRegex(@"^cuda(:\d+)?$")]
    private static partial Regex CudaName();
}
