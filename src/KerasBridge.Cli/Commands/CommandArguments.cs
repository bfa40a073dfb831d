namespace KerasBridge.Cli.Commands;

/// <summary>
/// The arguments of one command: positionals and <c>--name value</c> / <c>--name=value</c> options, each option
/// at most once. Anything else is a <see cref="CommandLineException"/> (exit code 2).
/// </summary>
internal sealed class CommandArguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _repeated = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandArguments(string command) => Command = command;

    public string Command { get; }

    public List<string> Positionals { get; } = [];

    public bool HelpRequested { get; private set; }

    /// <summary>Parses <paramref name="args"/>; <paramref name="valueOptions"/> are the options that take a value, e.g. "--input".</summary>
    public static CommandArguments Parse(string command, string[] args, params string[] valueOptions) =>
        Parse(command, args, valueOptions, []);

    /// <summary>Parses <paramref name="args"/> with value options (e.g. "--venv") and flags (e.g. "--no-verify").</summary>
    public static CommandArguments Parse(string command, string[] args, string[] valueOptions, string[] flags) =>
        Parse(command, args, valueOptions, flags, []);

    /// <summary>
    /// Parses <paramref name="args"/>; the <paramref name="repeatable"/> value options (e.g. "--input" of predict,
    /// one per model input) may be given several times: <see cref="Options"/> has them all, in order.
    /// </summary>
    public static CommandArguments Parse(string command, string[] args, string[] valueOptions, string[] flags, string[] repeatable)
    {
        var result = new CommandArguments(command);
        var onlyPositionals = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (onlyPositionals || !arg.StartsWith('-') || arg == "-")
            {
                result.Positionals.Add(arg);
                continue;
            }
            if (arg == "--")
            {
                onlyPositionals = true;
                continue;
            }
            if (arg is "-h" or "--help")
            {
                result.HelpRequested = true;
                continue;
            }
            if (flags.Contains(arg))
            {
                if (!result._flags.Add(arg))
                {
                    throw new CommandLineException($"{command}: option '{arg}' is given more than once");
                }
                continue;
            }
            var (name, value) = arg.IndexOf('=') is var eq and > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
            if (!valueOptions.Contains(name) && !repeatable.Contains(name))
            {
                throw new CommandLineException($"{command}: unknown option '{name}'");
            }
            if (value is null)
            {
                if (i + 1 >= args.Length)
                {
                    throw new CommandLineException($"{command}: option '{name}' needs a value");
                }
                value = args[++i];
            }
            if (value.Length == 0)
            {
                throw new CommandLineException($"{command}: option '{name}' needs a non-empty value");
            }
            if (repeatable.Contains(name))
            {
                if (!result._repeated.TryGetValue(name, out var values))
                {
                    result._repeated[name] = values = [];
                }
                values.Add(value);
                continue;
            }
            if (!result._options.TryAdd(name, value))
            {
                throw new CommandLineException($"{command}: option '{name}' is given more than once");
            }
        }
        return result;
    }

    public string? Option(string name) => _options.GetValueOrDefault(name);

    /// <summary>Every value of a repeatable option, in the order given (empty when it is absent).</summary>
    public IReadOnlyList<string> Options(string name) => _repeated.TryGetValue(name, out var values) ? values : [];

    /// <summary>Whether the flag <paramref name="name"/> (e.g. "--no-verify") was given.</summary>
    public bool Flag(string name) => _flags.Contains(name);

    /// <summary>Refuses positional arguments for a command that takes none.</summary>
    public void NoPositionals()
    {
        if (Positionals.Count > 0)
        {
            throw new CommandLineException($"{Command}: takes no arguments; got {string.Join(", ", Positionals.Select(p => $"'{p}'"))}");
        }
    }

    /// <summary>The one positional argument named <paramref name="what"/> (e.g. MODEL).</summary>
    public string SinglePositional(string what)
    {
        return Positionals.Count switch
        {
            0 => throw new CommandLineException($"{Command}: missing {what}"),
            1 => Positionals[0],
            _ => throw new CommandLineException($"{Command}: expected one {what}; got {Positionals.Count} arguments ({string.Join(", ", Positionals.Select(p => $"'{p}'"))})"),
        };
    }

    /// <summary>The --engine option: auto (default), keras or torch.</summary>
    public EngineKind Engine()
    {
        var value = Option("--engine");
        return value?.ToLowerInvariant() switch
        {
            null or "auto" => EngineKind.Auto,
            "keras" => EngineKind.Keras,
            "torch" => EngineKind.Torch,
            _ => throw new CommandLineException($"{Command}: --engine must be auto, keras or torch; got '{value}'"),
        };
    }
}

/// <summary>An input or output file of a command is unusable (exit code 1); the message names the file and the problem.</summary>
public sealed class CommandFileException(string path, string problem) : Exception($"{path}: {problem}")
{
    /// <summary>The file concerned.</summary>
    public string FilePath { get; } = path;
}
