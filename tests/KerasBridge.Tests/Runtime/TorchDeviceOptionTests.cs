using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Runtime;

/// <summary>
/// PythonOptions.TorchDevice: checked before Python starts, fixed for the process once it has, and followed by the
/// engine. Starting Python with an option needs a fresh process (tests/KerasBridge.Tests.SaveChild, mode "device").
/// </summary>
public sealed class TorchDeviceOptionTests
{
    private static string ChildAssembly => Path.Combine(AppContext.BaseDirectory, "KerasBridge.Tests.SaveChild.dll");

    private static ProcessRunner.Result Child(string engine, string device) =>
        ProcessRunner.Run("dotnet", [ChildAssembly, "device", engine, device], timeout: TimeSpan.FromMinutes(2));

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("")]
    public void AnUnknownDeviceIsRefusedNamingTheOption(string device)
    {
        var e = Assert.Throws<ArgumentException>(() => PythonRuntime.Initialize(new PythonOptions { TorchDevice = device }));
        Assert.Equal("TorchDevice", e.ParamName);
        Assert.Contains("\"cpu\", \"cuda\" or \"cuda:N\"", e.Message);
        Assert.Contains($"got \"{device}\"", e.Message);
    }

    [Fact]
    public void AnotherDeviceOnceStartedIsRefused()
    {
        PythonRuntime.Initialize();
        var e = Assert.Throws<InvalidOperationException>(() => PythonRuntime.Initialize(new PythonOptions { TorchDevice = "cuda:3" }));
        Assert.Contains("chosen once per process", e.Message);
        // Asking for the default choice again is fine.
        PythonRuntime.Initialize(new PythonOptions { TorchDevice = "auto" });
    }

    [Fact]
    public void TheEngineComputesOnTheCpuWhenAskedTo()
    {
        var result = Child("torch", "CPU");
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Contains("predicted 3 on cpu", result.StandardOutput);
    }

    [Fact]
    public void AGpuTorchCannotSeeIsRefusedWithTheReason()
    {
        if (PythonRuntime.Run(() => Python.Runtime.Py.Import("torch").GetAttr("cuda").InvokeMethod("is_available").As<bool>()))
        {
            return; // a machine with a GPU: nothing to refuse
        }
        var result = Child("torch", "cuda");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("device 'cuda'", result.StandardOutput);
        Assert.Contains("sees no CUDA GPU", result.StandardOutput);
    }
}
