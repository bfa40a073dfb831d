using KerasBridge.Tests.Support;
using Python.Runtime;

namespace KerasBridge.Tests.Runtime;

/// <summary>The process-wide embedded interpreter: start, threads, errors, output routing.</summary>
public sealed class PythonRuntimeTests
{
    [Fact]
    public void StartsOnceAndRepeatsTheSameInstallation()
    {
        var first = PythonRuntime.Initialize();
        var second = PythonRuntime.Initialize(new PythonOptions { PythonExecutable = first.Executable });
        Assert.Same(first, second);
        Assert.True(PythonRuntime.IsInitialized);
        var executable = PythonRuntime.Run(() => Py.Import("sys").GetAttr("executable").As<string>());
        Assert.Equal(first.SysExecutable, executable);
    }

    [Fact]
    public void ADifferentInterpreterAfterStartIsAClearError()
    {
        var running = PythonRuntime.Initialize();
        using var dir = new TempDirectory();
        var other = dir.Combine("python3");
        File.CreateSymbolicLink(other, TestPaths.SystemPython);
        var e = Assert.Throws<PythonRuntimeConflictException>(() => PythonRuntime.Initialize(new PythonOptions { PythonExecutable = other }));
        Assert.Equal(running.Executable, e.Running);
        Assert.Contains(other, e.Message);
        Assert.Contains("once per process", e.Message);
    }

    [Fact]
    public void EightThreadsCallInAtOnce()
    {
        PythonRuntime.Initialize();
        var results = new long[8];
        var threads = Enumerable.Range(0, 8).Select(i => new Thread(() =>
        {
            for (var k = 0; k < 50; k++)
            {
                results[i] += PythonRuntime.Run(() =>
                {
                    using var builtins = Py.Import("builtins");
                    using var range = builtins.InvokeMethod("range", new PyInt(i * 100));
                    return builtins.InvokeMethod("sum", range).As<long>();
                });
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        // A hang guard, not a timing assertion: a deadlock must fail the test, not stall the run.
        Assert.All(threads, t => Assert.True(t.Join(TimeSpan.FromMinutes(2)), "a thread deadlocked waiting for the GIL"));
        for (var i = 0; i < 8; i++)
        {
            long n = i * 100;
            Assert.Equal(50 * (n * (n - 1) / 2), results[i]);
        }
    }

    [Fact]
    public void PythonExceptionBecomesPythonErrorWithTraceback()
    {
        var e = Assert.Throws<PythonError>(() => PythonRuntime.Run(() =>
        {
            PythonEngine.Exec("def inner():\n    raise ValueError('bad value 42')\ninner()");
        }));
        Assert.Equal("ValueError", e.PythonType);
        Assert.Equal("bad value 42", e.PythonMessage);
        Assert.Equal("ValueError: bad value 42", e.Message);
        Assert.Contains("Traceback (most recent call last)", e.PythonTraceback);
        Assert.Contains("in inner", e.PythonTraceback);
        Assert.EndsWith("ValueError: bad value 42\n", e.PythonTraceback);
    }

    [Fact]
    public void ErrorWithoutPythonFramesStillCarriesTypeAndMessage()
    {
        var e = Assert.Throws<PythonError>(() => PythonRuntime.Run(() => Py.Import("no_such_module_kb")));
        Assert.Equal("ModuleNotFoundError", e.PythonType);
        Assert.Contains("no_such_module_kb", e.PythonMessage);
        Assert.Contains("ModuleNotFoundError: No module named 'no_such_module_kb'", e.PythonTraceback);
    }

    [Fact]
    public void PythonOutputIsRoutedThroughDotNetWriters()
    {
        PythonRuntime.Initialize();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        PythonRuntime.SetOutput(stdout, stderr);
        try
        {
            PythonRuntime.Run(() => PythonEngine.Exec("import sys\nprint('hello from python')\nprint('to stderr', file=sys.stderr)"));
        }
        finally
        {
            PythonRuntime.SetOutput(null, null);
        }
        Assert.Equal("hello from python\n", stdout.ToString());
        Assert.Equal("to stderr\n", stderr.ToString());
    }
}
