using System.Diagnostics;
using System.Text.Json;
using Python.Runtime;

namespace KerasBridge;

/// <summary>
/// Checks the installation the lesson asks for (Python, NumPy, TensorFlow/Keras or PyTorch, seaborn,
/// scikit-learn, pandas, matplotlib) inside the embedded interpreter and says which engine the bridge will use.
/// </summary>
public static class SetupVerifier
{
    private sealed record Expectation(string Name, string Module, string? Lesson, string? Minimum, bool Required, string Pip, string? Apt);

    // The lesson prints TensorFlow 2.17.0, seaborn 0.13.2, scikit-learn 1.5.1 "at the time of writing";
    // Keras 3 comes with TensorFlow >= 2.16; episode 3's root_mean_squared_error needs scikit-learn >= 1.4.
    private static readonly Expectation[] Expectations =
    [
        new("NumPy", "numpy", null, null, true, "pip install numpy", "apt-get install python3-numpy"),
        new("TensorFlow", "tensorflow", "2.17.0", "2.16", false, "pip install \"tensorflow>=2.16\"", null),
        new("Keras", "keras", null, "3.0", false, "pip install \"keras>=3\" (comes with tensorflow>=2.16)", null),
        new("PyTorch", "torch", null, null, false, "pip install torch", "apt-get install python3-torch"),
        new("seaborn", "seaborn", "0.13.2", null, true, "pip install \"seaborn>=0.13.2\"", "apt-get install python3-seaborn"),
        new("scikit-learn", "sklearn", "1.5.1", "1.4", true, "pip install \"scikit-learn>=1.5.1\"", "apt-get install python3-sklearn"),
        new("pandas", "pandas", null, null, true, "pip install pandas", "apt-get install python3-pandas"),
        new("matplotlib", "matplotlib", null, null, true, "pip install matplotlib", "apt-get install python3-matplotlib"),
        // Optional: Keras's own tuner (episode 4); KerasBridge's Tuner does not need it.
        new("KerasTuner", "keras_tuner", null, null, false, "pip install keras-tuner", null),
    ];

    /// <summary>Runs the checks. Never throws for a broken installation: that is what the report is for.</summary>
    public static SetupReport Run(PythonOptions? options = null)
    {
        var clock = Stopwatch.StartNew();
        PythonInstallation installation;
        try
        {
            installation = PythonRuntime.Initialize(options);
        }
        catch (PythonPackageMissingException e)
        {
            return SetupFailureReport.NumpyMissing(e, clock);
        }
        catch (PythonSetupException e)
        {
            return SetupFailureReport.PythonUnusable(e, clock);
        }

        using var json = JsonDocument.Parse(PythonRuntime.Run(() =>
        {
            using var verify = Py.Import("kerasbridge.verify");
            using var jsonModule = Py.Import("json");
            using var bridge = Py.Import("kerasbridge.bridge");
            using var report = verify.InvokeMethod("report");
            // What the bridge itself would decide (e.g. Keras installed but its backend missing), so the engine
            // the report names is the one Engine.Current would start.
            using var engines = bridge.InvokeMethod("engine_status");
            report.SetItem("engines", engines);
            return jsonModule.InvokeMethod("dumps", report).As<string>();
        }));

        var python = json.RootElement.GetProperty("python");
        var rows = new List<ComponentCheck> { PythonRow(installation, python) };
        var packages = json.RootElement.GetProperty("packages").EnumerateArray().ToDictionary(p => p.GetProperty("module").GetString()!);
        foreach (var expectation in Expectations)
        {
            rows.Add(PackageRow(expectation, packages[expectation.Module], installation.IsVirtualEnvironment));
        }

        rows.Add(GraphvizRow(json.RootElement.GetProperty("graphviz")));

        var (engine, description, device) = ChooseEngine(rows, packages, json.RootElement.GetProperty("engines"));
        var requiredOk = rows.Where(r => r.Required).All(r => r.Status != CheckStatus.Missing);
        return new SetupReport
        {
            Components = rows,
            Engine = engine,
            EngineDescription = description,
            Device = device,
            CanFollowLesson = requiredOk && engine is not null,
            Duration = clock.Elapsed,
        };
    }

    private static ComponentCheck PythonRow(PythonInstallation installation, JsonElement python)
    {
        var venv = python.GetProperty("venv").GetBoolean();
        var version = python.GetProperty("version").GetString()!;
        // The probe refused anything outside the supported range before Python started, so this row is ok.
        return new ComponentCheck
        {
            Name = "Python",
            Module = "",
            InstalledVersion = version,
            MinimumVersion = SetupFailureReport.MinimumPython,
            Status = Compare(version, null, SetupFailureReport.MinimumPython),
            Required = true,
            Details = $"{python.GetProperty("executable").GetString()} ({(venv ? "venv " + python.GetProperty("prefix").GetString() : "no venv")}; found by {installation.Source})",
        };
    }

    private static ComponentCheck PackageRow(Expectation e, JsonElement package, bool inVenv)
    {
        var version = package.GetProperty("version").GetString();
        var status = version is null ? CheckStatus.Missing : Compare(version, e.Lesson, e.Minimum);
        string? remedy = status switch
        {
            CheckStatus.Ok => null,
            CheckStatus.Missing when e.Apt is not null && !inVenv && OperatingSystem.IsLinux() => $"{e.Pip} in a venv (or {e.Apt})",
            _ => e.Pip,
        };
        var details = new List<string>();
        var extras = package.GetProperty("extras");
        if (extras.TryGetProperty("gpus", out var gpus))
        {
            details.Add($"GPUs: {(gpus.GetArrayLength() == 0 ? "none" : string.Join(", ", gpus.EnumerateArray().Select(g => g.GetString())))}");
        }
        if (extras.TryGetProperty("backend", out var backend))
        {
            details.Add($"backend: {backend.GetString()}");
        }
        if (extras.TryGetProperty("cuda_devices", out var cuda))
        {
            details.Add($"CUDA devices: {(cuda.GetArrayLength() == 0 ? "none" : string.Join(", ", cuda.EnumerateArray().Select(g => g.GetString())))}");
        }
        if (e.Module == "sklearn" && status == CheckStatus.TooOld)
        {
            details.Add("episode 3's root_mean_squared_error needs >= 1.4; KerasBridge's Sklearn.RootMeanSquaredError works without it");
        }
        if (e.Module == "keras_tuner")
        {
            details.Add(version is null
                ? "optional: KerasBridge's Tuner does not need it"
                : "optional: KerasBridge's Tuner does not need it; Python code on the Keras engine can use it");
        }
        if (package.GetProperty("error").GetString() is { } error && version is null)
        {
            details.Add(error);
        }
        return new ComponentCheck
        {
            Name = e.Name,
            Module = e.Module,
            InstalledVersion = version,
            LessonVersion = e.Lesson,
            MinimumVersion = e.Minimum,
            Status = status,
            Required = e.Required,
            Remedy = remedy,
            Details = details.Count == 0 ? null : string.Join("; ", details),
        };
    }

    /// <summary>Optional: Graphviz's dot, which Utils.PlotModel draws with (keras.utils.plot_model needs it too).</summary>
    private static ComponentCheck GraphvizRow(JsonElement version)
    {
        var line = version.ValueKind == JsonValueKind.String ? version.GetString() : null;
        // "dot - graphviz version 2.43.0 (0)" -> "2.43.0"
        var number = line?.Split(' ').FirstOrDefault(p => p.Length > 0 && char.IsDigit(p[0]));
        return new ComponentCheck
        {
            Name = "Graphviz",
            Module = "dot",
            InstalledVersion = line is null ? null : number ?? line,
            Status = line is null ? CheckStatus.Missing : CheckStatus.Ok,
            Required = false,
            Remedy = line is null ? GraphvizNotFoundException.DebianInstallCommand + " (for Utils.PlotModel)" : null,
            Details = line is null ? "optional: Utils.PlotModel draws models with it" : $"{line}; optional: Utils.PlotModel draws models with it",
        };
    }

    private static (EngineKind? Engine, string Description, string Device) ChooseEngine(
        List<ComponentCheck> rows, Dictionary<string, JsonElement> packages, JsonElement engines)
    {
        var keras = rows.Single(r => r.Module == "keras");
        var torch = rows.Single(r => r.Module == "torch");
        var kerasStatus = engines.GetProperty("keras");
        var torchStatus = engines.GetProperty("torch");
        var kerasUsable = keras.Status is CheckStatus.Ok or CheckStatus.OlderThanLesson && kerasStatus.GetProperty("available").GetBoolean();
        var torchUsable = torch.Status != CheckStatus.Missing && torchStatus.GetProperty("available").GetBoolean();
        EngineKind requested;
        try
        {
            requested = EngineSelection.Requested();
        }
        catch (ArgumentException)
        {
            requested = EngineKind.Auto;
        }

        if ((requested == EngineKind.Keras || requested == EngineKind.Auto) && kerasUsable)
        {
            var backend = packages["keras"].GetProperty("extras").TryGetProperty("backend", out var b) ? b.GetString() : "unknown";
            var device = backend switch
            {
                "tensorflow" => GpuList(packages["tensorflow"], "gpus") is { } g ? g : "cpu",
                "torch" => TorchDevice(packages["torch"]),
                _ => "the backend's default device",
            };
            return (EngineKind.Keras, $"real Keras {keras.InstalledVersion} (backend {backend})", device);
        }
        var kerasWhy = KerasUnusableReason(keras, kerasStatus);
        if ((requested == EngineKind.Torch || requested == EngineKind.Auto) && torchUsable)
        {
            var why = requested == EngineKind.Torch ? $"{EngineSelection.EngineVariable}=torch" : kerasWhy;
            return (EngineKind.Torch, $"PyTorch engine (torch {torch.InstalledVersion}; {why})", TorchDevice(packages["torch"]));
        }
        var torchWhy = torchStatus.GetProperty("reason").GetString() ?? "torch does not import";
        return (null, requested switch
        {
            EngineKind.Keras => $"none: {EngineSelection.EngineVariable}=keras, but {kerasWhy}",
            EngineKind.Torch => $"none: {EngineSelection.EngineVariable}=torch, but {torchWhy}",
            _ => $"none: {kerasWhy}, and {torchWhy}",
        }, "none");
    }

    private static string KerasUnusableReason(ComponentCheck keras, JsonElement kerasStatus) => keras.Status switch
    {
        CheckStatus.Missing => "Keras is not installed",
        CheckStatus.TooOld => $"Keras {keras.InstalledVersion} is older than 3",
        _ => kerasStatus.GetProperty("reason").GetString() ?? "Keras is not usable",
    };

    private static string TorchDevice(JsonElement torch)
    {
        var extras = torch.GetProperty("extras");
        return GpuList(torch, "cuda_devices") is { } gpus && extras.TryGetProperty("cuda", out var c) && c.GetBoolean()
            ? $"cuda:0 ({gpus})"
            : "cpu";
    }

    private static string? GpuList(JsonElement package, string key)
    {
        var extras = package.GetProperty("extras");
        if (!extras.TryGetProperty(key, out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            return null;
        }
        return string.Join(", ", list.EnumerateArray().Select(x => x.GetString()));
    }

    /// <summary>Compares a reported version against the lesson's and the minimum (numeric parts only: "1.13.0a0" is 1.13.0).</summary>
    internal static CheckStatus Compare(string installed, string? lesson, string? minimum)
    {
        var version = ParseVersion(installed);
        if (minimum is not null && version < ParseVersion(minimum))
        {
            return CheckStatus.TooOld;
        }
        if (lesson is not null && version < ParseVersion(lesson))
        {
            return CheckStatus.OlderThanLesson;
        }
        return CheckStatus.Ok;
    }

    internal static Version ParseVersion(string text)
    {
        var parts = text.Split('.', '+', '-')
            .Select(p => new string(p.TakeWhile(char.IsDigit).ToArray()))
            .TakeWhile(p => p.Length > 0)
            .Take(3)
            .Select(int.Parse)
            .ToList();
        while (parts.Count < 3)
        {
            parts.Add(0);
        }
        return new Version(parts[0], parts[1], parts[2]);
    }
}
