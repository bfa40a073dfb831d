using Python.Runtime;

namespace KerasBridge;

/// <summary>
/// The embedded CPython of this process: found, probed and started once (thread-safe, lazily on first use
/// or explicitly), with the GIL released right after start so every thread can call in.
/// </summary>
public static class PythonRuntime
{
    private static readonly object StartLock = new();
    private static PythonInstallation? _installation;
    private static PythonSetupException? _startFailure;
    private static string? _torchDevice; // PythonOptions.TorchDevice Python was started with (null: the default choice)
    private static PythonThread? _thread;
    private static string? _packageFolder;
    private static TextWriter _stdout = Console.Out;
    private static TextWriter _stderr = Console.Error;

    /// <summary>True once Python has been started in this process.</summary>
    public static bool IsInitialized => Volatile.Read(ref _installation) is not null;

    /// <summary>The interpreter in use; starts Python when it is not running yet.</summary>
    public static PythonInstallation Installation => Volatile.Read(ref _installation) ?? Initialize();

    /// <summary>
    /// Starts Python with the given options, or returns the running installation when it was started with the
    /// same interpreter. Safe to call from any thread, any number of times.
    /// </summary>
    /// <exception cref="PythonSetupException">No usable interpreter (the subtype says why), or a different
    /// interpreter was asked for after Python started.</exception>
    public static PythonInstallation Initialize(PythonOptions? options = null)
    {
        options ??= new PythonOptions();
        var device = TorchDeviceName.Normalize(options.TorchDevice);
        var running = Volatile.Read(ref _installation);
        if (running is not null)
        {
            CheckSameInterpreter(running, options);
            TorchDeviceName.CheckSame(_torchDevice, device);
            return running;
        }
        lock (StartLock)
        {
            if (_installation is not null)
            {
                CheckSameInterpreter(_installation, options);
                TorchDeviceName.CheckSame(_torchDevice, device);
                return _installation;
            }
            if (_startFailure is not null)
            {
                // Python was started but could not be set up (e.g. numpy missing); it cannot be restarted.
                throw _startFailure;
            }
            var candidate = new PythonLocator().Locate(options.PythonExecutable);
            var installation = InterpreterProbe.Probe(candidate);
            // Python starts on its own thread and every later call runs there (see PythonThread).
            _torchDevice = device;
            _thread = new PythonThread(() => Start(installation, options, device));
            Volatile.Write(ref _installation, installation);
            return installation;
        }
    }

    /// <summary>
    /// Redirects Python's stdout and stderr (print, warnings, tracebacks) to the given writers from now on.
    /// Null restores <see cref="Console.Out"/> / <see cref="Console.Error"/>.
    /// </summary>
    public static void SetOutput(TextWriter? standardOutput, TextWriter? standardError)
    {
        Volatile.Write(ref _stdout, standardOutput ?? Console.Out);
        Volatile.Write(ref _stderr, standardError ?? Console.Error);
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the Python thread holding the GIL, translating Python exceptions to
    /// <see cref="PythonError"/> (and a bad argument reported by an engine to <see cref="ArgumentException"/>).
    /// Callable from any thread; the caller waits. Never call it while holding a lock the Python side may need.
    /// </summary>
    public static T Run<T>(Func<T> action) => Run(action, mayRunBetweenBatches: true);

    /// <summary>
    /// <see cref="Run{T}(Func{T})"/>; with <paramref name="mayRunBetweenBatches"/> false (a training loop) the call never
    /// runs nested between the batches of another Fit, but only when the Python thread is free.
    /// </summary>
    internal static T Run<T>(Func<T> action, bool mayRunBetweenBatches)
    {
        ArgumentNullException.ThrowIfNull(action);
        _ = Installation;
        return _thread!.Invoke(() =>
        {
            using (Py.GIL())
            {
                try
                {
                    return action();
                }
                catch (PythonException e)
                {
                    throw PythonErrorTranslator.TranslateAny(e);
                }
            }
        }, mayRunBetweenBatches);
    }

    /// <summary>True on the thread that runs all Python code (inside a callback from Python into .NET).</summary>
    internal static bool IsPythonThread => _thread?.IsCurrent ?? false;

    /// <summary>Address of the pinned count of calls waiting to run between training batches (see PythonThread).</summary>
    internal static IntPtr PendingBetweenBatchesAddress => _thread!.PendingCountAddress;

    /// <summary>Runs, on the Python thread, the calls that wait while a Fit trains (called by the fit loop between batches).</summary>
    internal static void RunPendingBetweenBatches() => _thread!.RunPendingBetweenBatches();

    /// <summary>Runs work on the Python thread if it is free within the timeout (used at process exit).</summary>
    internal static bool TryRunOnPythonThread(Action work, TimeSpan timeout) => _thread?.TryInvoke(work, timeout) ?? false;

    /// <inheritdoc cref="Run{T}(Func{T})"/>
    public static void Run(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Run<object?>(() =>
        {
            action();
            return null;
        });
    }

    private static void CheckSameInterpreter(PythonInstallation running, PythonOptions options)
    {
        var requested = options.PythonExecutable;
        if (string.IsNullOrWhiteSpace(requested))
        {
            return;
        }
        var full = Path.GetFullPath(requested);
        if (!SamePath(full, running.Executable) && !SamePath(full, running.SysExecutable))
        {
            throw new PythonRuntimeConflictException(running.Executable, full);
        }
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static void Start(PythonInstallation installation, PythonOptions options, string? torchDevice)
    {
        _stdout = options.StandardOutput ?? Console.Out;
        _stderr = options.StandardError ?? Console.Error;
        _packageFolder = PythonPackageFiles.Extract();

        // Registered before pythonnet's own handler so ours runs first and makes shutdown fast (see ExitHandler).
        ExitHandler.Register();

        Runtime.PythonDLL = installation.SharedLibrary;
        // The program name decides sys.executable and sys.prefix, which is what makes a venv take effect.
        PythonEngine.ProgramName = installation.SysExecutable;
        try
        {
            PythonEngine.Initialize(setSysArgv: true, initSigs: false);
        }
        catch (Exception e) when (e is not PythonSetupException)
        {
            throw new PythonInterpreterInvalidException(installation.Executable,
                $"starting it in-process from {installation.SharedLibrary} failed: {e.Message}", e);
        }

        try
        {
            using (Py.GIL())
            {
                try
                {
                    using var sys = Py.Import("sys");
                    using var path = sys.GetAttr("path");
                    path.InvokeMethod("insert", new PyInt(0), new PyString(_packageFolder));
                    // Before anything imports keras, torch or h5py: they read these variables once (see the module).
                    using (var hostEnvironment = Py.Import("kerasbridge.host_environment"))
                    {
                        hostEnvironment.InvokeMethod("prepare", torchDevice is null ? PyObject.None : new PyString(torchDevice));
                    }
                    RouteStandardStreams();
                    RequireNumpy(installation);
                }
                catch (PythonException e)
                {
                    throw PythonErrorTranslator.Translate(e);
                }
            }
        }
        catch (PythonSetupException e)
        {
            _startFailure = e;
            throw;
        }
        finally
        {
            // Always release the GIL taken by Initialize: otherwise every other thread blocks forever
            // in Py.GIL() and the process hangs at exit, even when setting up failed.
            PythonEngine.BeginAllowThreads();
        }
    }

    private static void RouteStandardStreams()
    {
        // A GUI app or service has no usable fd 1/2 (sys.stdout is None there: the peers' "'NoneType' object
        // has no attribute 'write'"); routing through .NET writers works in every host. A write that fails (stdout
        // or stderr closed) is dropped instead of failing the call that printed (see PythonOutput).
        using var streams = Py.Import("kerasbridge.streams");
        streams.InvokeMethod("install",
            new Action<string>(text => PythonOutput.Write(Volatile.Read(ref _stdout), text)).ToPython(),
            new Action<string>(text => PythonOutput.Write(Volatile.Read(ref _stderr), text)).ToPython());
    }

    private static void RequireNumpy(PythonInstallation installation)
    {
        try
        {
            Py.Import("numpy").Dispose();
        }
        catch (PythonException e) when (e.Type?.Name is "ModuleNotFoundError" or "ImportError")
        {
            throw new PythonPackageMissingException("numpy", installation.Executable,
                $"{SetupRemedy.Command}, or 'pip install numpy' in that environment, or 'apt-get install python3-numpy' for the system Python.", e);
        }
    }
}
