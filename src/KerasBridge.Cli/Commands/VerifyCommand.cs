using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace KerasBridge.Cli.Commands;

/// <summary><c>kerasbridge verify [--json]</c>: the lesson's installation check as a table or as JSON.</summary>
public static class VerifyCommand
{
    /// <summary>Runs the command; 0 when the lesson can be followed with some engine, 1 when not.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        var json = false;
        foreach (var arg in args)
        {
            json = arg switch
            {
                "--json" => true,
                _ => throw new CommandLineException($"verify: unknown option '{arg}'"),
            };
        }
        var report = SetupVerifier.Run();
        if (json)
        {
            output.WriteLine(ToJson(report));
        }
        else
        {
            WriteTable(report, output);
        }
        return report.CanFollowLesson ? 0 : 1;
    }

    /// <summary>The report as indented JSON (camelCase, enums as strings, duration in seconds).</summary>
    public static string ToJson(SetupReport report)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            // Real characters (', ", —, non-ASCII paths), not \u0027 escapes: this is for people and tools, never HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        };
        return JsonSerializer.Serialize(new
        {
            report.Components,
            report.Engine,
            report.EngineDescription,
            report.Device,
            report.CanFollowLesson,
            DurationSeconds = Math.Round(report.Duration.TotalSeconds, 3),
        }, options);
    }

    /// <summary>Writes the report as a table, a verdict line and an engine line.</summary>
    public static void WriteTable(SetupReport report, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = output == Console.Out && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
        });
        if (output != Console.Out || Console.IsOutputRedirected)
        {
            console.Profile.Width = 160;
        }
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Component", "Installed", "Lesson", "Minimum", "Status", "Remedy / details");
        foreach (var row in report.Components)
        {
            var status = row.Status switch
            {
                CheckStatus.Ok => "[green]ok[/]",
                CheckStatus.OlderThanLesson => "[yellow]older than the lesson[/]",
                CheckStatus.TooOld => "[red]too old[/]",
                CheckStatus.Unusable => "[red]unusable[/]",
                _ => row.Required ? "[red]missing[/]" : "[yellow]missing[/]",
            };
            var installed = row.InstalledVersion ?? (row.Status == CheckStatus.Missing ? "missing" : "unknown");
            var notes = string.Join(" — ", new[] { row.Remedy, row.Details }.Where(s => !string.IsNullOrEmpty(s)));
            table.AddRow(
                Markup.Escape(row.Name),
                Markup.Escape(installed),
                Markup.Escape(row.LessonVersion ?? "-"),
                Markup.Escape(row.MinimumVersion is null ? "-" : ">= " + row.MinimumVersion),
                status,
                Markup.Escape(notes));
        }
        console.Write(table);
        console.WriteLine(Verdict(report));
        var engine = report.Engine is null ? report.EngineDescription : $"{report.EngineDescription} on {report.Device}";
        console.WriteLine($"Engine: {engine}. Verification took {report.Duration.TotalSeconds:F1} s.");
    }

    /// <summary>"The lesson can be followed." or what stops it, naming the rows to fix.</summary>
    internal static string Verdict(SetupReport report)
    {
        if (report.CanFollowLesson)
        {
            return "The lesson can be followed.";
        }
        var blockers = report.Components
            .Where(r => r.Required && r.Status is CheckStatus.Missing or CheckStatus.Unusable || r.Module == "" && r.Status == CheckStatus.TooOld)
            .Select(r => $"{r.Name} is {StatusText(r.Status)}")
            .ToList();
        if (report.Engine is null && report.Components.Any(r => r.Module is "keras" or "torch"))
        {
            blockers.Add("no engine can run (Keras 3 or PyTorch)");
        }
        return $"The lesson cannot be followed yet: {string.Join("; ", blockers)} (see Remedy).";
    }

    private static string StatusText(CheckStatus status) => status switch
    {
        CheckStatus.TooOld => "too old",
        CheckStatus.Unusable => "unusable",
        CheckStatus.OlderThanLesson => "older than the lesson",
        CheckStatus.Missing => "missing",
        _ => "ok",
    };
}
