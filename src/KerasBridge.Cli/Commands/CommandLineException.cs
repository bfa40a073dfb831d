namespace KerasBridge.Cli.Commands;

/// <summary>The command line itself is wrong (unknown option, missing value); exit code 2.</summary>
public sealed class CommandLineException(string message) : Exception(message);
