using System.Text.Json;
using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// A search's folder, as keras_tuner keeps it: <c>directory/project_name/trial_&lt;id&gt;/trial.json</c> (hyperparameters,
/// metrics at the best epoch, score, best step, status) beside the trial's model (<c>model.keras</c>, the best epoch's
/// weights). Reopening the folder resumes the search (keras_tuner's <c>overwrite=False</c>).
/// </summary>
internal static class TunerFiles
{
    public const string TrialFile = "trial.json";
    public const string ModelFile = "model.keras";

    public static string TrialDirectory(string projectDir, string trialId) => Path.Combine(projectDir, "trial_" + trialId);

    public static void Write(Trial trial)
    {
        Directory.CreateDirectory(trial.Directory);
        var json = new JsonObject
        {
            ["trial_id"] = trial.TrialId,
            ["hyperparameters"] = trial.Hyperparameters.ToJson(),
            ["metrics"] = new JsonObject(trial.Metrics.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            ["score"] = trial.Score,
            ["best_step"] = trial.BestStep,
            ["status"] = trial.Status == TrialStatus.Completed ? "COMPLETED" : "FAILED",
            ["message"] = trial.Message,
        };
        var path = Path.Combine(trial.Directory, TrialFile);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The trials saved in <paramref name="projectDir"/>, in id order (a trial.json that does not parse is skipped: that trial reruns).</summary>
    public static List<Trial> ReadAll(string projectDir)
    {
        var trials = new List<Trial>();
        if (!Directory.Exists(projectDir))
        {
            return trials;
        }
        foreach (var folder in Directory.GetDirectories(projectDir, "trial_*").Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(folder, TrialFile);
            if (!File.Exists(path))
            {
                continue;
            }
            try
            {
                var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
                var status = json["status"]!.GetValue<string>() == "COMPLETED" ? TrialStatus.Completed : TrialStatus.Failed;
                if (status == TrialStatus.Completed && !File.Exists(Path.Combine(folder, ModelFile)))
                {
                    continue;
                }
                trials.Add(new Trial
                {
                    TrialId = json["trial_id"]!.GetValue<string>(),
                    Hyperparameters = HyperParameters.FromJson(json["hyperparameters"]!.AsObject()),
                    Metrics = json["metrics"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<double>()),
                    Score = json["score"]?.GetValue<double>(),
                    BestStep = json["best_step"]!.GetValue<int>(),
                    Status = status,
                    Message = json["message"]?.GetValue<string>(),
                    Directory = folder,
                });
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or InvalidDataException or KeyNotFoundException or ArgumentException)
            {
                // A half-written or foreign file: the trial is run again.
            }
        }
        return trials;
    }
}
