using System.Diagnostics;
using KerasBridge.Tests.Support;
using static KerasBridge.Keras;

namespace KerasBridge.Tests.ModelFiles;

/// <summary>
/// Saves are atomic: a save that fails part-way, or whose process is killed part-way, leaves the previous file
/// whole (byte for byte when it fails) and, when it fails, no temporary file. The failing and killed saves run in a
/// child process (tests/KerasBridge.Tests.SaveChild) that saves a 16 MB model: the file-size limit and SIGKILL
/// must not touch the test process.
/// </summary>
public sealed class AtomicSaveTests(ITestOutputHelper output)
{
    private static string ChildAssembly => Path.Combine(AppContext.BaseDirectory, "KerasBridge.Tests.SaveChild.dll");

    public static TheoryData<EngineKind, string> Cases => new()
    {
        { EngineKind.Torch, ".keras" },
        { EngineKind.Torch, ".weights.h5" },
        { EngineKind.Keras, ".keras" },
        { EngineKind.Keras, ".weights.h5" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SaveThatFailsPartWayLeavesThePreviousFileByteForByteAndNoTemporaryFile(EngineKind engine, string extension)
    {
        FixtureModels.Require(engine);
        using var dir = new TempDirectory();
        var target = dir.Combine("model" + extension);
        File.Copy(FixtureModels.PathOf("penguins_mlp", extension), target);
        var previous = File.ReadAllBytes(target);

        // A real write failure half-way: the child may write files of at most 2 MiB (RLIMIT_FSIZE) and its save is
        // about 16 MB, so the kernel fails the write with EFBIG ("File too large") once 2 MiB are in the temporary
        // file. SIGXFSZ is ignored so that the write fails instead of killing the process.
        // (DOTNET_EnableWriteXorExecute=0: the runtime's double-mapped code memory is a file the limit would refuse.)
        var result = ProcessRunner.Run("bash",
            ["-c", "trap '' XFSZ; ulimit -f 2048; exec dotnet \"$0\" once \"$1\" \"$2\"", ChildAssembly, engine.ToString().ToLowerInvariant(), target],
            new Dictionary<string, string?> { ["DOTNET_EnableWriteXorExecute"] = "0" });
        output.WriteLine($"exit {result.ExitCode}\nstdout: {result.StandardOutput}\nstderr: {result.StandardError}");

        Assert.Contains("saving 0", result.StandardOutput); // it got as far as saving
        Assert.DoesNotContain("saved 0", result.StandardOutput);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"ModelFileException: {target}: could not be written: File too large", result.StandardError);
        Assert.Contains("the previous file, if any, is unchanged", result.StandardError);
        Assert.Equal(previous, File.ReadAllBytes(target));
        Assert.Equal([target], Directory.GetFileSystemEntries(dir.Path));
        AssertLoads(target, engine, extension);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SaveIntoAMissingFolderOrOverAFolderIsRefusedNamingTheFile(EngineKind engine, string extension)
    {
        FixtureModels.Require(engine);
        using var dir = new TempDirectory();
        using var model = FixtureModels.Build("single_neuron", engine);
        var missing = dir.Combine("no-such-folder", "model" + extension);
        var e = Assert.Throws<ModelFileException>(() => Save(model, missing, extension));
        Assert.Equal($"{missing}: cannot be saved: the folder {dir.Combine("no-such-folder")} does not exist", e.Message);

        var folder = dir.Combine("taken" + extension);
        Directory.CreateDirectory(folder);
        e = Assert.Throws<ModelFileException>(() => Save(model, folder, extension));
        Assert.Equal($"{folder}: cannot be saved: a folder of that name is in the way", e.Message);
        Assert.Equal([folder], Directory.GetFileSystemEntries(dir.Path));
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ProcessKilledMidSaveLeavesAFileThatLoads(EngineKind engine, string extension)
    {
        FixtureModels.Require(engine);
        // Killed as soon as the temporary file appears, then (another child) when it is nearly complete.
        foreach (var nearlyComplete in new[] { false, true })
        {
            using var dir = new TempDirectory();
            var target = dir.Combine("big" + extension);
            var (midWrite, lastStarted) = KillWhileSaving(engine, target, nearlyComplete);
            var version = AssertLoads(target, engine, extension);
            output.WriteLine($"{engine} {extension}, killed {(nearlyComplete ? "near the end" : "at the start")} of save {lastStarted}: "
                             + $"temporary file left: {midWrite}; the target holds save {version}");
            Assert.True(midWrite, "the child was killed while its temporary file was being written");
            Assert.InRange(version, 0, lastStarted);
        }
    }

    /// <summary>Runs the child's save loop until a temporary file is being written, then SIGKILLs it.</summary>
    [Fact]
    public void TemporaryFilesLeftByAKilledSaveAreRemovedByTheNextSave()
    {
        using var dir = new TempDirectory();
        using var model = FixtureModels.Build("single_neuron", EngineKind.Torch);
        var target = dir.Combine("model.keras");
        var stale = dir.Combine(".model.keras.killed1.tmp");
        var fresh = dir.Combine(".model.keras.inprogress.tmp");
        File.WriteAllText(stale, "partial");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-2));
        File.WriteAllText(fresh, "another process may still be writing this");

        model.Save(target);

        Assert.False(File.Exists(stale), "a temporary file two hours old is left over from a killed save");
        Assert.True(File.Exists(fresh), "a recent temporary file may belong to a save in progress");
        using var loaded = Models.LoadModel(target, engine: EngineKind.Torch);
        Assert.Equal(model.LayerNames, loaded.LayerNames);
    }

    private static (bool MidWrite, int LastStarted) KillWhileSaving(EngineKind engine, string target, bool nearlyComplete)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        foreach (var argument in new[] { ChildAssembly, "loop", engine.ToString().ToLowerInvariant(), target })
        {
            start.ArgumentList.Add(argument);
        }
        var lines = new List<string>();
        var errors = new List<string>();
        using var child = Process.Start(start)!;
        child.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (lines) { lines.Add(e.Data); } } };
        child.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (errors) { errors.Add(e.Data); } } };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        try
        {
            var folder = Path.GetDirectoryName(target)!;
            var temporaryPrefix = "." + Path.GetFileName(target) + ".";
            var clock = Stopwatch.StartNew();
            // Two whole saves first, so that the target exists; then watch for the next save's temporary file.
            while (!Saw("saved 1"))
            {
                Assert.False(child.HasExited, $"the child exited: {Errors()}");
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"the child saved nothing in 2 minutes: {Errors()}");
                Thread.Sleep(10);
            }
            var complete = new FileInfo(target).Length;
            while (true)
            {
                Assert.False(child.HasExited, $"the child exited: {Errors()}");
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), "no temporary file was seen");
                var temporary = Directory.EnumerateFiles(folder, temporaryPrefix + "*").Select(f => new FileInfo(f)).FirstOrDefault();
                if (temporary is not null && temporary.Length > (nearlyComplete ? complete * 9 / 10 : 0))
                {
                    break;
                }
                Thread.SpinWait(1000);
            }
            child.Kill(); // SIGKILL on Linux: no cleanup runs in the child
            child.WaitForExit();
            var midWrite = Directory.EnumerateFiles(folder, temporaryPrefix + "*").Any();
            int lastStarted;
            lock (lines)
            {
                lastStarted = lines.Where(l => l.StartsWith("saving ", StringComparison.Ordinal)).Select(l => int.Parse(l[7..])).Max();
            }
            return (midWrite, lastStarted);
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }
        }

        // The reader appends on its own thread, and assertion messages are built eagerly: read under its lock.
        string Errors()
        {
            lock (errors)
            {
                return string.Join('\n', errors);
            }
        }

        bool Saw(string line)
        {
            lock (lines)
            {
                return lines.Contains(line);
            }
        }
    }

    /// <summary>Loads the file (a model, or weights into the child's architecture) and returns its save number: every weight of save v is v.</summary>
    private static int AssertLoads(string target, EngineKind engine, string extension)
    {
        IReadOnlyList<Array> weights;
        if (Path.GetFileName(target).StartsWith("big", StringComparison.Ordinal))
        {
            using var model = extension == ".keras" ? Models.LoadModel(target, engine: engine) : BigModel(engine);
            if (extension != ".keras")
            {
                model.LoadWeights(target);
            }
            weights = model.GetWeights();
        }
        else
        {
            using var model = extension == ".keras" ? Models.LoadModel(target, engine: engine) : FixtureModels.Build("penguins_mlp", engine);
            if (extension != ".keras")
            {
                model.LoadWeights(target);
            }
            FixtureModels.AssertMatchesPredictions("penguins_mlp", model.Predict(FixtureModels.Inputs("penguins_mlp")), "after the failed save");
            return 0;
        }
        var values = weights.SelectMany(w => w.Cast<float>()).Distinct().ToList();
        Assert.Single(values);
        return (int)values[0];
    }

    /// <summary>The child's model: 500 → 2000 → 1500 → 1, about 4 million weights (16 MB).</summary>
    private static Model BigModel(EngineKind engine) => Sequential(
        [Input(shape: [500], name: "input"), Layers.Dense(2000, name: "wide"), Layers.Dense(1500, name: "wider"), Layers.Dense(1, name: "out")],
        name: "big", engine: engine);

    private static void Save(Model model, string path, string extension)
    {
        if (extension == ".keras")
        {
            model.Save(path);
        }
        else
        {
            model.SaveWeights(path);
        }
    }
}
