using Python.Runtime;

namespace KerasBridge;

/// <summary>
/// Makes a process that used the bridge exit promptly. Without it, pythonnet's own exit handler finalizes
/// Python with torch/sklearn loaded, which takes ~10 s (most of it the final garbage collection).
/// Collecting once and freezing what is left first brings shutdown to a fraction of a second.
/// </summary>
internal static class ExitHandler
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => ShutDown();
        }
    }

    private static void ShutDown()
    {
        if (!PythonEngine.IsInitialized)
        {
            return;
        }
        try
        {
            var prepared = PythonRuntime.TryRunOnPythonThread(() =>
            {
                using (Py.GIL())
                {
                    using var streams = Py.Import("kerasbridge.streams");
                    streams.InvokeMethod("prepare_exit").Dispose();
                }
            }, TimeSpan.FromSeconds(1));
            if (!prepared)
            {
                // The Python thread is busy in a long call (another thread is inside Python as the process
                // ends). Finalizing would wait for it, so end the process now, as it was asked to.
                PythonOutput.Flush(Console.Out);
                PythonOutput.Flush(Console.Error);
                ExitNow(Environment.ExitCode);
            }
            PythonEngine.Shutdown();
        }
        catch (Exception)
        {
            // The process is exiting; nothing useful can be done with a failure here.
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "_exit")]
    private static extern void PosixExit(int status);

    private static void ExitNow(int code)
    {
        if (OperatingSystem.IsWindows())
        {
            Environment.FailFast(null);
        }
        PosixExit(code);
    }
}
