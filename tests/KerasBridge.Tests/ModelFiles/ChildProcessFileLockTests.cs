using System.Diagnostics;
using KerasBridge.Tests.Support;
using Python.Runtime;
using static KerasBridge.Tests.Training.CallbackTestModels;

namespace KerasBridge.Tests.ModelFiles;

/// <summary>
/// A child process started by the .NET host while an HDF5 file was open inherits the file's descriptor (HDF5 opens
/// without O_CLOEXEC; Process.Start closes nothing). With HDF5's file locks on, the child then holds the lock for
/// its whole life and every later write or read of that file in the host fails with "unable to lock file,
/// errno = 11" (the once-seen flaky BackupAndRestore failure). The runtime turns the locks off
/// (kerasbridge/host_environment.py).
/// </summary>
public sealed class ChildProcessFileLockTests
{
    [Theory]
    [MemberData(nameof(Engines), MemberType = typeof(Training.CallbackTestModels))]
    public void ABackupWritesAFileAChildProcessInherited(EngineKind engine)
    {
        Require(engine);
        using var dir = new TempDirectory();
        using var plain = Classifier(engine);
        // A backup of the starting weights, which BackupAndRestore restores and then overwrites in place each epoch.
        var backup = dir.Combine("latest.weights.h5");
        plain.SaveWeights(backup);
        using var child = StartWhileOpen(backup);
        try
        {
            var expected = plain.Fit(X(), Y(), epochs: 2, batchSize: 20, shuffle: false);
            using var model = Classifier(engine);
            var history = model.Fit(X(), Y(), epochs: 2, batchSize: 20, shuffle: false, callbacks: [Callbacks.BackupAndRestore(dir.Path)]);
            Assert.Equal(expected["loss"], history["loss"]);
            Assert.False(Directory.Exists(dir.Path), "a completed Fit deletes the backup");
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }

    [Fact]
    public void TheRuntimeTurnsHdf5FileLocksOffUnlessTheUserChose()
    {
        var value = PythonRuntime.Run(() =>
        {
            using var os = Py.Import("os");
            using var environ = os.GetAttr("environ");
            using var got = environ.InvokeMethod("get", new PyString("HDF5_USE_FILE_LOCKING"));
            return got.ToString();
        });
        Assert.Equal(Environment.GetEnvironmentVariable("HDF5_USE_FILE_LOCKING") ?? "FALSE", value);
    }

    /// <summary>Opens <paramref name="path"/> with h5py for writing, starts a child process while it is open, then closes it.</summary>
    private static Process StartWhileOpen(string path)
    {
        var held = PythonRuntime.Run(() =>
        {
            using var h5py = Py.Import("h5py");
            return h5py.InvokeMethod("File", new PyString(path), new PyString("r+"));
        });
        try
        {
            return Process.Start(new ProcessStartInfo("sleep", "120") { UseShellExecute = false })
                ?? throw new InvalidOperationException("sleep did not start");
        }
        finally
        {
            PythonRuntime.Run(() =>
            {
                held.InvokeMethod("close").Dispose();
                held.Dispose();
            });
        }
    }
}
