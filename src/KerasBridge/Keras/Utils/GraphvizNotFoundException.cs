namespace KerasBridge;

/// <summary>
/// Graphviz's <c>dot</c> program, which <see cref="Utils.PlotModel"/> draws with (as Keras's plot_model does through
/// pydot), is not installed. The message says how to install it.
/// </summary>
public sealed class GraphvizNotFoundException : Exception
{
    /// <summary>The command that installs Graphviz on Debian/Ubuntu.</summary>
    public const string DebianInstallCommand = "sudo apt-get install -y graphviz";

    /// <summary>Creates the exception with the install commands.</summary>
    public GraphvizNotFoundException(Exception? inner = null)
        : base("Graphviz's 'dot' program is needed to draw models and was not found on PATH. Install it: "
               + $"'{DebianInstallCommand}' on Debian/Ubuntu, 'brew install graphviz' on macOS, 'winget install graphviz' on Windows; "
               + "or set KERASBRIDGE_DOT to the dot executable.", inner)
    {
    }

    /// <summary>The command that installs Graphviz on Debian/Ubuntu.</summary>
    public string InstallCommand => DebianInstallCommand;
}
