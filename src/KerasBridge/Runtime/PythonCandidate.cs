namespace KerasBridge;

/// <summary>An interpreter the locator found, and the rule that found it.</summary>
/// <param name="Executable">Absolute path of the python executable.</param>
/// <param name="Source">The rule that found it, e.g. "KERASBRIDGE_PYTHON" or "python-env/.venv above the current directory".</param>
/// <param name="IsExplicit">True for an explicit option or KERASBRIDGE_PYTHON: failures there are reported, never skipped.</param>
public sealed record PythonCandidate(string Executable, string Source, bool IsExplicit);
