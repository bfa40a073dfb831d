using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.ModelFiles;

/// <summary>
/// Hostile conditions around model files, on both engines: a full disk during a save, a file rewritten in place by
/// another process while it loads, file names of 250 characters, and a small archive whose config.json unpacks to
/// a gigabyte. The full disk and the rewritten file run in child processes (tests/KerasBridge.Tests.SaveChild):
/// before the fixes they crashed (segfault) or hung the process.
/// </summary>
public sealed class HardFileTests(ITestOutputHelper output)
{
    public static TheoryData<EngineKind> Engines => [EngineKind.Torch, EngineKind.Keras];

    private static string ChildAssembly => Path.Combine(AppContext.BaseDirectory, "KerasBridge.Tests.SaveChild.dll");

    /// <summary>
    /// SaveWeights and Save onto a full file system (a 1 MiB tmpfs, mounted in a private mount namespace of the
    /// child) fail cleanly, and the same process then loads good .h5 and .keras files, predicts and exits 0. Before,
    /// HDF5 1.10 wrote the weights file itself and was left corrupt by ENOSPC: the next load crashed (PyTorch
    /// engine, exit 134) or the process crashed at exit (Keras engine, exit 139).
    /// </summary>
    [Theory]
    [MemberData(nameof(Engines))]
    public void SavingOntoAFullDiskFailsCleanlyAndTheProcessKeepsWorking(EngineKind engine)
    {
        FixtureModels.Require(engine);
        Assert.SkipWhen(Environment.UserName != "root" || !File.Exists("/usr/bin/unshare"),
            "needs root and unshare to mount a small tmpfs in a private mount namespace (CI runs as root)");
        using var dir = new TempDirectory();
        var full = dir.Combine("full");
        Directory.CreateDirectory(full);
        var good = new[] { FixtureModels.PathOf("penguins_mlp", ".h5"), FixtureModels.PathOf("penguins_mlp", ".keras") };
        var result = ProcessRunner.Run("unshare",
            ["--mount", "--propagation", "private", "bash", "-c",
             "mount -t tmpfs -o size=1m tmpfs \"$1\" || exit 90; shift; exec dotnet \"$@\"", "child",
             full, ChildAssembly, "fulldisk", engine.ToString().ToLowerInvariant(), full, .. good],
            timeout: TimeSpan.FromMinutes(4));
        output.WriteLine($"exit {result.ExitCode}\nstdout: {result.StandardOutput}\nstderr: {result.StandardError}");
        Assert.SkipWhen(result.ExitCode == 90, "mounting a tmpfs failed here: " + result.StandardError);

        Assert.Equal(0, result.ExitCode);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in new[] { "big.weights.h5", "big.keras" })
        {
            var target = Path.Combine(full, name);
            Assert.Contains(lines, l => l.StartsWith($"save failed: ModelFileException: {target}: could not be written: No space left on device ([Errno 28]); the previous file, if any, is unchanged", StringComparison.Ordinal));
        }
        foreach (var file in good)
        {
            var line = Assert.Single(lines, l => l.StartsWith($"predicted {file}: ", StringComparison.Ordinal));
            var actual = line[$"predicted {file}: ".Length..].Split(' ').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            using var model = Models.LoadModel(file, engine: engine);
            var expected = model.Predict(new float[,] { { 1, 1, 1, 1 } });
            Assert.Equal(Enumerable.Range(0, expected.GetLength(1)).Select(j => expected[0, j]), actual);
        }
    }

    /// <summary>
    /// Another process rewrites the file in place (two good files, truncations, garbage) while the library loads
    /// it again and again: every load either works or throws ModelFileException, and none hangs. Before, HDF5 read
    /// the live file and could spin forever in H5HG_read (or crash). (Measured with the old code: both engines'
    /// children hung on the .h5, and all eight tests here failed.)
    /// </summary>
    [Theory]
    [MemberData(nameof(Engines))]
    public void LoadingAFileThatAnotherProcessRewritesGivesAModelOrAModelFileException(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var dir = new TempDirectory();
        foreach (var extension in new[] { ".h5", ".keras", ".weights.h5" })
        {
            var source = FixtureModels.PathOf("regression_bn_dropout", extension);
            var target = dir.Combine("rewritten" + extension);
            File.Copy(source, target);
            using var writer = StartRewriter(target, source, FixtureModels.PathOf("penguins_mlp", extension));
            // Fewer loads of whole HDF5 files: each is first read in a child interpreter (about 0.3 s; hdf5_probe.py).
            var loads = extension == ".keras" ? "200" : "80";
            string[] childArguments = extension == ".weights.h5"
                ? [ChildAssembly, "reload", engine.ToString().ToLowerInvariant(), target, loads, FixtureModels.PathOf("regression_bn_dropout", ".keras")]
                : [ChildAssembly, "reload", engine.ToString().ToLowerInvariant(), target, loads];
            var clock = Stopwatch.StartNew();
            ProcessRunner.Result result;
            try
            {
                result = ProcessRunner.Run("dotnet", childArguments, timeout: TimeSpan.FromMinutes(3));
            }
            finally
            {
                writer.Kill();
                writer.WaitForExit();
            }
            output.WriteLine($"{extension}: exit {result.ExitCode} in {clock.Elapsed.TotalSeconds:F1} s: {result.StandardOutput.Trim()} {result.StandardError.Trim()}");
            Assert.Equal(0, result.ExitCode);
            Assert.Matches(@"^loaded \d+ refused \d+$", result.StandardOutput.Trim());
        }
    }

    /// <summary>
    /// A writer process that rewrites TARGET in place (never by rename) until killed: one good file or another (so a
    /// load may see a mix of both), truncations, and garbage at the start. Not random bytes in the middle of an HDF5
    /// file: HDF5 1.10 itself can crash on such a file even when it does not change (docs/model-files.md).
    /// </summary>
    private static Process StartRewriter(string target, string first, string second)
    {
        const string script = """
            import os, random, sys
            target, first, second = sys.argv[1], sys.argv[2], sys.argv[3]
            good = [open(first, "rb").read(), open(second, "rb").read()]
            rnd = random.Random(1)
            while True:
                choice = rnd.randrange(10)
                with open(target, "r+b") as f:
                    if choice < 8:
                        f.seek(0); f.write(good[choice % 2]); f.truncate()
                    elif choice == 8:
                        f.truncate(rnd.randrange(len(good[0])))
                    else:
                        f.seek(0); f.write(os.urandom(rnd.randrange(1, 4096)))
            """;
        var start = new ProcessStartInfo(TestPaths.SystemPython) { UseShellExecute = false };
        foreach (var argument in new[] { "-c", script, target, first, second })
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start)!;
    }

    /// <summary>
    /// A legal file name of 250 characters saves and loads with Save and SaveWeights: the temporary file beside it
    /// must not exceed the 255-byte name limit ("File name too long" before).
    /// </summary>
    [Theory]
    [MemberData(nameof(Engines))]
    public void FileNamesOf250CharactersSaveAndLoad(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var dir = new TempDirectory();
        using var model = Models.LoadModel(FixtureModels.PathOf("penguins_mlp", ".keras"), engine: engine);
        var keras = dir.Combine(new string('k', 250 - ".keras".Length) + ".keras");
        var weights = dir.Combine(new string('w', 250 - ".weights.h5".Length) + ".weights.h5");
        Assert.Equal(250, Path.GetFileName(keras).Length);
        Assert.Equal(250, Path.GetFileName(weights).Length);

        for (var round = 0; round < 2; round++) // the second save replaces the first file
        {
            model.Save(keras);
            model.SaveWeights(weights);
        }

        Assert.Equal(new[] { keras, weights }.Order(), Directory.GetFileSystemEntries(dir.Path).Order());
        using var loaded = Models.LoadModel(keras, engine: engine);
        FixtureModels.AssertMatchesPredictions("penguins_mlp", loaded.Predict(FixtureModels.Inputs("penguins_mlp")), "250-character .keras");
        using var built = FixtureModels.Build("penguins_mlp", engine);
        built.LoadWeights(weights);
        FixtureModels.AssertMatchesPredictions("penguins_mlp", built.Predict(FixtureModels.Inputs("penguins_mlp")), "250-character .weights.h5");
    }

    /// <summary>
    /// A 1 MB .keras whose config.json unpacks to 1 GiB is refused by its declared size, before anything is read
    /// (it used to drive memory to 2.4 GB before "not valid JSON").
    /// </summary>
    [Theory]
    [MemberData(nameof(Engines))]
    public void AConfigJsonOver64MiBIsRefusedBeforeItIsRead(EngineKind engine)
    {
        FixtureModels.Require(engine);
        using var dir = new TempDirectory();
        var path = dir.Combine("bomb.keras");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using (var metadata = new StreamWriter(zip.CreateEntry("metadata.json").Open()))
            {
                metadata.Write("""{"keras_version": "3.15.1", "date_saved": "2026-01-01@00:00:00"}""");
            }
            using var config = zip.CreateEntry("config.json", CompressionLevel.Optimal).Open();
            var spaces = new byte[1 << 20];
            Array.Fill(spaces, (byte)' ');
            for (var i = 0; i < 1024; i++)
            {
                config.Write(spaces);
            }
        }
        output.WriteLine($"{path}: {new FileInfo(path).Length} bytes on disk");
        Assert.InRange(new FileInfo(path).Length, 1, 16 << 20);

        using (Models.LoadModel(FixtureModels.PathOf("penguins_mlp", ".keras"), engine: engine))
        {
            // the engine is loaded before memory is measured
        }
        var before = CurrentProcessMemory();
        var e = Assert.Throws<ModelFileException>(() => Models.LoadModel(path, engine: engine));
        Assert.Equal($"{path}: archive member config.json is too large for a Keras config: it declares 1073741824 bytes; "
                     + "JSON members over 64 MiB (67108864 bytes) are refused", e.Message);
        Assert.InRange(CurrentProcessMemory() - before, long.MinValue, 256L << 20);
    }

    private static long CurrentProcessMemory()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
