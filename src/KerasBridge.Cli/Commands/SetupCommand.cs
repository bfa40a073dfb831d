using System.ComponentModel;
using System.Diagnostics;

namespace KerasBridge.Cli.Commands;

/// <summary>
/// <c>kerasbridge setup [--venv DIR] [--no-verify]</c>: makes the Python environment for a user who has only the
/// packages. It runs the repository's own python-env/setup.sh (shipped inside this tool with requirements.txt,
/// extracted to a temporary folder), streaming its output and passing its exit code through, then verifies the
/// new environment in this process.
/// </summary>
public static class SetupCommand
{
    /// <summary>The default venv, relative to the current directory: where <see cref="PythonLocator"/> looks first.</summary>
    public static readonly string DefaultVenv = Path.Combine("python-env", ".venv");

    private static readonly string[] Resources = ["setup.sh", "requirements.txt"];

    /// <summary>Runs the command: the script's exit code when it fails, else the verifier's (0 when the lesson can be followed).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var arguments = CommandArguments.Parse("setup", args, ["--venv"], ["--no-verify"]);
        if (arguments.HelpRequested)
        {
            output.WriteLine(Program.Usage);
            return 0;
        }
        arguments.NoPositionals();
        if (OperatingSystem.IsWindows())
        {
            throw new InvalidOperationException("setup: the setup script needs bash (Linux or macOS); on Windows make a venv with "
                + $"{InterpreterProbe.SupportedRange} and 'pip install -r requirements.txt', then set {PythonLocator.PythonVariable} to its python.exe");
        }
        var venv = Path.GetFullPath(arguments.Option("--venv") ?? DefaultVenv);
        var verify = !arguments.Flag("--no-verify");

        var folder = Path.Combine(Path.GetTempPath(), "kerasbridge-setup-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var script = Extract(folder);
            // The tool verifies in-process below (the script's own verify step needs a repository checkout).
            var code = RunScript(script, ["--venv", venv, "--no-verify"], output, error);
            if (code != 0)
            {
                error.WriteLine($"kerasbridge setup: the setup script failed with exit code {code}");
                return code;
            }
        }
        finally
        {
            TryDelete(folder);
        }

        var python = Path.Combine(venv, "bin", "python");
        output.WriteLine($"kerasbridge setup: the Python environment is {venv}");
        output.WriteLine(IsDefaultPlace(venv)
            ? $"KerasBridge finds it from {Path.GetDirectoryName(Path.GetDirectoryName(venv))} and the folders below it (python-env/.venv is looked for upward from the current directory and from the program's folder)."
            : $"Point KerasBridge at it: {PythonLocator.PythonVariable}={python} (or PythonOptions.PythonExecutable), e.g. export {PythonLocator.PythonVariable}={python}");
        if (!verify)
        {
            return 0;
        }
        output.WriteLine("kerasbridge setup: verifying it (kerasbridge verify)");
        var report = SetupVerifier.Run(new PythonOptions { PythonExecutable = python });
        VerifyCommand.WriteTable(report, output);
        return report.CanFollowLesson ? 0 : 1;
    }

    /// <summary>Writes the shipped setup.sh and requirements.txt into <paramref name="folder"/>; returns the script's path.</summary>
    internal static string Extract(string folder)
    {
        Directory.CreateDirectory(folder);
        var assembly = typeof(SetupCommand).Assembly;
        foreach (var name in Resources)
        {
            using var resource = assembly.GetManifestResourceStream("setup/" + name)
                ?? throw new InvalidOperationException($"setup: the resource setup/{name} is missing from {assembly.Location}; the tool is built wrongly");
            using var file = File.Create(Path.Combine(folder, name));
            resource.CopyTo(file);
        }
        return Path.Combine(folder, "setup.sh");
    }

    /// <summary>Runs the script with bash, copying each output line as it comes; stdin stays the terminal (sudo may ask).</summary>
    private static int RunScript(string script, IEnumerable<string> args, TextWriter output, TextWriter error)
    {
        var start = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = new Process { StartInfo = start };
        var gate = new object();
        process.OutputDataReceived += (_, e) => Forward(e.Data, output, gate);
        process.ErrorDataReceived += (_, e) => Forward(e.Data, error, gate);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"setup: bash could not be started ({e.Message}); the setup script needs bash", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return process.ExitCode;
    }

    private static void Forward(string? line, TextWriter writer, object gate)
    {
        if (line is null)
        {
            return;
        }
        lock (gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static bool IsDefaultPlace(string venv) =>
        venv.EndsWith(Path.DirectorySeparatorChar + DefaultVenv, StringComparison.Ordinal);

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
