namespace KerasBridge.Tests.Support;

/// <summary>
/// Tests that seed the engine's random generators run alone: a test in another collection drawing random
/// numbers between the seed and the fit would change the run.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Seeded runs";
}
