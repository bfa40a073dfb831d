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

    private static void WriteTable(SetupReport report, TextWriter output)
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
                _ => row.Required ? "[red]missing[/]" : "[yellow]missing[/]",
            };
            var notes = string.Join(" — ", new[] { row.Remedy, row.Details }.Where(s => !string.IsNullOrEmpty(s)));
            table.AddRow(
                Markup.Escape(row.Name),
                Markup.Escape(row.InstalledVersion ?? "missing"),
                Markup.Escape(row.LessonVersion ?? "-"),
                Markup.Escape(row.MinimumVersion is null ? "-" : ">= " + row.MinimumVersion),
                status,
                Markup.Escape(notes));
        }
        console.Write(table);
        var verdict = report.CanFollowLesson ? "The lesson can be followed." : "The lesson cannot be followed yet: fix the rows marked missing.";
        console.WriteLine(verdict);
        console.WriteLine($"Engine: {report.EngineDescription} on {report.Device}. Verification took {report.Duration.TotalSeconds:F1} s.");
    }
}
