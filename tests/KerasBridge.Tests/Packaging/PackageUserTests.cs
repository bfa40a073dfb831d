using System.Diagnostics;
using System.Globalization;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Packaging;

/// <summary>
/// What a NuGet package user does, for real, in a folder outside the repository: pack KerasBridge and
/// KerasBridge.Cli into a temporary feed, make a console app that references only the KerasBridge package,
/// install the tool as a local tool, run <c>kerasbridge setup --no-verify</c> there (no venv before), then
/// <c>dotnet run</c> the README's first program and check its real output and the interpreter it ran on.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class PackageUserTests(ITestOutputHelper output)
{
    // Unique per run: the NuGet cache (~/.nuget/packages) would otherwise serve an older package of the same version.
    private readonly string _version = "0.1.0-pkgtest" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);

    private const string AppProgram = """
using KerasBridge;
using static KerasBridge.Keras;

// 60 made-up samples of 4 features in 3 classes, one-hot labels.
var random = new Random(1);
var x = new float[60, 4];
var y = new float[60, 3];
for (var i = 0; i < 60; i++)
{
    var label = i % 3;
    for (var j = 0; j < 4; j++)
    {
        x[i, j] = label + (float)random.NextDouble() * 0.5f;
    }
    y[i, label] = 1;
}

Utils.SetRandomSeed(2);
var model = Sequential(
    Input(shape: [4]),
    Layers.Dense(10, activation: "relu"),
    Layers.Dense(3, activation: "softmax"));
model.Compile(optimizer: "adam", loss: Losses.CategoricalCrossentropy(), metrics: ["accuracy"]);
History history = model.Fit(x, y, epochs: 3, batchSize: 16);
float[,] yPred = model.Predict(x);

Console.WriteLine($"python: {PythonRuntime.Installation.Executable}");
Console.WriteLine($"found by: {PythonRuntime.Installation.Source}");
Console.WriteLine($"engine: {Engine.Current}");
Console.WriteLine($"epochs: {history.Values["loss"].Count}");
Console.WriteLine($"shape: {yPred.GetLength(0)}x{yPred.GetLength(1)}");
for (var i = 0; i < yPred.GetLength(0); i++)
{
    var sum = 0.0;
    var min = double.MaxValue;
    for (var j = 0; j < yPred.GetLength(1); j++)
    {
        sum += yPred[i, j];
        min = Math.Min(min, yPred[i, j]);
    }
    Console.WriteLine(FormattableString.Invariant($"row {i}: sum {sum:R} min {min:R}"));
}
""";

    [Fact]
    public void PackageUserSetsUpPythonWithTheToolAndRunsTheReadmeProgram()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "kerasbridge setup needs bash");
        using var work = new TempDirectory();
        Assert.False(work.Path.StartsWith(TestPaths.RepoRoot, StringComparison.Ordinal), "the app must live outside the repository");
        var feed = work.Combine("feed");
        var app = work.Combine("app");
        Directory.CreateDirectory(app);
        var total = Stopwatch.StartNew();
        try
        {
            // 1. Pack both projects; a separate artifacts folder keeps the repository's bin/ and obj/ untouched.
            var packed = Dotnet(["pack", "src/KerasBridge.Cli/KerasBridge.Cli.csproj", "-o", feed, "-v", "q", "-nodeReuse:false",
                $"-p:Version={_version}", "--artifacts-path", work.Combine("artifacts")], TestPaths.RepoRoot, "pack KerasBridge.Cli");
            Assert.DoesNotContain("warning", packed.StandardOutput, StringComparison.OrdinalIgnoreCase);
            Dotnet(["pack", "src/KerasBridge/KerasBridge.csproj", "-o", feed, "-v", "q", "-nodeReuse:false", "--no-build",
                $"-p:Version={_version}", "--artifacts-path", work.Combine("artifacts")], TestPaths.RepoRoot, "pack KerasBridge");
            Assert.True(File.Exists(Path.Combine(feed, $"KerasBridge.{_version}.nupkg")));
            Assert.True(File.Exists(Path.Combine(feed, $"KerasBridge.Cli.{_version}.nupkg")));

            // 2. A console app referencing only the packed KerasBridge package.
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="{feed}" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
""");
            File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="KerasBridge" Version="{_version}" />
  </ItemGroup>
</Project>
""");
            File.WriteAllText(Path.Combine(app, "Program.cs"), AppProgram);

            // 3. The tool, as a local tool from the feed.
            Dotnet(["new", "tool-manifest"], app, "new tool-manifest");
            Dotnet(["tool", "install", "KerasBridge.Cli", "--version", _version], app, "tool install");

            // 4. kerasbridge setup --no-verify, where there is no venv yet.
            var venv = Path.Combine(app, "python-env", ".venv");
            Assert.False(Directory.Exists(venv));
            var setup = Dotnet(["tool", "run", "kerasbridge", "setup", "--no-verify"], app, "kerasbridge setup");
            Assert.Contains("stage 4/4", setup.StandardOutput);
            var python = Path.Combine(venv, "bin", "python");
            Assert.True(File.Exists(python), $"no {python} after setup");
            Assert.Contains($"the Python environment is {venv}", setup.StandardOutput);

            // 5. The README's first program, run as a user runs it.
            var run = Dotnet(["run"], app, "dotnet run", TimeSpan.FromMinutes(4));
            var lines = run.StandardOutput.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            foreach (var line in lines.Where(l => l.StartsWith("python:", StringComparison.Ordinal) || l.StartsWith("engine:", StringComparison.Ordinal) || l.StartsWith("row 0:", StringComparison.Ordinal)))
            {
                output.WriteLine($"  app: {line}");
            }
            Assert.Contains($"python: {python}", lines);           // the new venv, not the repository's nor the system's
            Assert.Contains("found by: python-env/.venv above the current directory", lines);
            Assert.Contains(lines, l => l.StartsWith("engine: PyTorch engine", StringComparison.Ordinal) || l.StartsWith("engine: Keras engine", StringComparison.Ordinal));
            Assert.Contains("epochs: 3", lines);
            Assert.Contains("shape: 60x3", lines);
            var rows = lines.Where(l => l.StartsWith("row ", StringComparison.Ordinal)).ToList();
            Assert.Equal(60, rows.Count);
            foreach (var row in rows)
            {
                var parts = row.Split(' ');
                var sum = double.Parse(parts[3], CultureInfo.InvariantCulture);
                var min = double.Parse(parts[5], CultureInfo.InvariantCulture);
                Assert.InRange(sum, 1 - 1e-5, 1 + 1e-5);
                Assert.True(min >= 0, row);
            }
            output.WriteLine($"package user flow: {total.Elapsed.TotalSeconds:F1} s in all");
        }
        finally
        {
            RemoveFromNuGetCache("kerasbridge");
            RemoveFromNuGetCache("kerasbridge.cli");
        }
    }

    private ProcessRunner.Result Dotnet(string[] arguments, string workingDirectory, string step, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var result = ProcessRunner.Run("dotnet", arguments, ChildEnvironment(), workingDirectory, timeout ?? TimeSpan.FromMinutes(3));
        output.WriteLine($"{step}: {clock.Elapsed.TotalSeconds:F1} s, exit {result.ExitCode}");
        Assert.True(result.ExitCode == 0, $"{step} failed with exit code {result.ExitCode}:\n{result.StandardOutput}\n{result.StandardError}");
        return result;
    }

    /// <summary>
    /// A user's environment: no interpreter or engine chosen by variables, no MSBuild settings inherited from the
    /// test host, and no build servers (they would hold the output pipes open after the command ends).
    /// </summary>
    private static Dictionary<string, string?> ChildEnvironment()
    {
        var environment = new Dictionary<string, string?>
        {
            ["KERASBRIDGE_PYTHON"] = null,
            ["KERASBRIDGE_ENGINE"] = null,
            ["VIRTUAL_ENV"] = null,
            ["PYTHONHOME"] = null,
            ["PYTHONPATH"] = null,
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["UseSharedCompilation"] = "false",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) && name != "MSBUILDDISABLENODEREUSE")
            {
                environment[name] = null;
            }
        }
        return environment;
    }

    private void RemoveFromNuGetCache(string id)
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                   ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var folder = Path.Combine(root, id, _version);
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
            var idFolder = Path.GetDirectoryName(folder)!;
            if (Directory.Exists(idFolder) && !Directory.EnumerateFileSystemEntries(idFolder).Any())
            {
                Directory.Delete(idFolder);
            }
        }
        catch (IOException)
        {
        }
    }
}
