using System.Diagnostics;
using System.Text.Json;

namespace KerasBridge;

/// <summary>
/// Runs an interpreter once in a subprocess and reads what embedding needs: version, shared library,
/// prefix, executable. Never loads anything into this process.
/// </summary>
public static class InterpreterProbe
{
    /// <summary>
    /// The oldest Python minor version KerasBridge embeds, stated here once: pythonnet 3.2.1 ships ABI tables
    /// (TypeOffset311 … TypeOffset315) from Python 3.11 on; it reports 3.10 as supported but has no table for it.
    /// </summary>
    public static readonly Version MinimumVersion = new(3, 11);

    /// <summary>The newest Python minor version KerasBridge embeds (the newest released one pythonnet 3.2.1 has a table for).</summary>
    public static readonly Version MaximumVersion = new(3, 14);

    /// <summary>The supported range as text, e.g. "Python 3.11 to 3.14".</summary>
    public static string SupportedRange => $"Python {MinimumVersion} to {MaximumVersion}";

    // Printed as one JSON line; sysconfig is the interpreter's own record of how it was built.
    private const string Script = """
import json, os, sys, sysconfig
v = sysconfig.get_config_var
print(json.dumps({
  "version": list(sys.version_info[:3]),
  "executable": sys.executable,
  "prefix": sys.prefix,
  "base_prefix": getattr(sys, "base_prefix", sys.prefix),
  "enable_shared": v("Py_ENABLE_SHARED"),
  "gil_disabled": v("Py_GIL_DISABLED"),
  "libdir": v("LIBDIR"), "libpl": v("LIBPL"), "multiarch": v("MULTIARCH"),
  "instsoname": v("INSTSONAME"), "ldlibrary": v("LDLIBRARY"),
  "version_nodot": v("py_version_nodot") or "%d%d" % sys.version_info[:2],
}))
""";

    /// <summary>Probes the candidate and checks that it can be embedded.</summary>
    /// <exception cref="PythonInterpreterInvalidException">It does not run, or does not answer like Python.</exception>
    /// <exception cref="UnsupportedPythonVersionException">Its version is outside what pythonnet embeds.</exception>
    /// <exception cref="PythonSharedLibraryMissingException">It has no shared libpython.</exception>
    public static PythonInstallation Probe(PythonCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var output = Run(candidate.Executable);
        ProbeReport report;
        try
        {
            report = JsonSerializer.Deserialize<ProbeReport>(LastLine(output), JsonOptions)
                     ?? throw new JsonException("empty report");
        }
        catch (JsonException e)
        {
            throw new PythonInterpreterInvalidException(candidate.Executable,
                $"it did not answer the probe like a Python interpreter (output: '{Truncate(output)}').", e);
        }

        var version = new Version(report.Version[0], report.Version[1], report.Version[2]);
        var minor = new Version(version.Major, version.Minor);
        if (minor < MinimumVersion || minor > MaximumVersion)
        {
            throw new UnsupportedPythonVersionException(candidate.Executable, version, SupportedRange);
        }
        var freeThreaded = report.GilDisabled is 1;
        if (freeThreaded && minor < new Version(3, 14))
        {
            throw new UnsupportedPythonVersionException(candidate.Executable, version, "free-threaded builds only from Python 3.14");
        }

        var library = FindSharedLibrary(report);
        if (library is null)
        {
            var details = report.EnableShared is 1
                ? $"Py_ENABLE_SHARED is 1 but {report.InstSoName ?? report.LdLibrary} is in none of {string.Join(", ", LibraryFolders(report))}"
                : $"Py_ENABLE_SHARED is {report.EnableShared?.ToString() ?? "unset"}";
            throw new PythonSharedLibraryMissingException(candidate.Executable, details, version);
        }

        return new PythonInstallation
        {
            Executable = candidate.Executable,
            Source = candidate.Source,
            SysExecutable = string.IsNullOrEmpty(report.Executable) ? candidate.Executable : report.Executable,
            Version = version,
            Prefix = report.Prefix ?? "",
            BasePrefix = report.BasePrefix ?? report.Prefix ?? "",
            IsSharedBuild = report.EnableShared is 1 || OperatingSystem.IsWindows(),
            SharedLibrary = library,
            IsFreeThreaded = freeThreaded,
        };
    }

    private static string Run(string executable)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        // The probe must describe the interpreter itself, not a PYTHONHOME/PYTHONPATH left in the environment.
        start.Environment.Remove("PYTHONHOME");
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new PythonInterpreterInvalidException(executable, $"it could not be started ({e.Message}).", e);
        }
        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                throw new PythonInterpreterInvalidException(executable, "it did not answer the probe within 60 seconds.");
            }
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new PythonInterpreterInvalidException(executable,
                    $"the probe exited with code {process.ExitCode}: {Truncate(stderr.Result)}");
            }
            return stdout.Result;
        }
    }

    private static string? FindSharedLibrary(ProbeReport r)
    {
        var names = new List<string>();
        if (OperatingSystem.IsWindows())
        {
            names.Add($"python{r.VersionNoDot}.dll");
        }
        else
        {
            if (r.EnableShared is not 1)
            {
                return null;
            }
            foreach (var name in new[] { r.InstSoName, r.LdLibrary })
            {
                if (!string.IsNullOrEmpty(name) && !name.EndsWith(".a", StringComparison.Ordinal))
                {
                    names.Add(name);
                }
            }
        }
        return LibraryFolders(r)
            .SelectMany(dir => names.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }

    private static IEnumerable<string> LibraryFolders(ProbeReport r)
    {
        var dirs = new List<string?>
        {
            r.LibDir,
            r.LibDir is not null && r.MultiArch is not null ? Path.Combine(r.LibDir, r.MultiArch) : null,
            r.LibPl,
            r.BasePrefix is not null ? Path.Combine(r.BasePrefix, "lib") : null,
            r.BasePrefix,
        };
        return dirs.Where(d => !string.IsNullOrEmpty(d)).Select(d => d!).Distinct();
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

    private static string Truncate(string text) => text.Length <= 400 ? text.Trim() : text[..400].Trim() + " …";

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed class ProbeReport
    {
        public int[] Version { get; set; } = [];
        public string? Executable { get; set; }
        public string? Prefix { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("base_prefix")] public string? BasePrefix { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("enable_shared")] public int? EnableShared { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("gil_disabled")] public int? GilDisabled { get; set; }
        public string? LibDir { get; set; }
        public string? LibPl { get; set; }
        public string? MultiArch { get; set; }
        public string? InstSoName { get; set; }
        public string? LdLibrary { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("version_nodot")] public string? VersionNoDot { get; set; }
    }
}
