namespace KerasBridge.Tests.Packaging;

/// <summary>
/// The package-user test runs alone: it packs, restores and builds (MSBuild and the compiler take both cores), and
/// its timing budget only holds without other tests competing.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PackagingCollection
{
    public const string Name = "Packaging";
}
