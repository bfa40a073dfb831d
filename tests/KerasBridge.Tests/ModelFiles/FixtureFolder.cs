using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.ModelFiles;

/// <summary>
/// One check for the Keras 3.15.1 fixture folders (functional/, layers/): NAME.keras or NAME.h5 through Models.LoadModel
/// predicts NAME.inputs.csv (reshaped to the model's input shape) within <see cref="FixtureModels.Tolerance"/> of
/// NAME.predictions.csv, prints NAME.summary.txt, and saves to a .keras that loads back with identical predictions.
/// </summary>
internal static class FixtureFolder
{
    /// <summary>Every name as .keras and .h5 on both engines.</summary>
    public static TheoryData<string, string, EngineKind> Cases(IEnumerable<string> names)
    {
        var data = new TheoryData<string, string, EngineKind>();
        foreach (var engine in new[] { EngineKind.Torch, EngineKind.Keras })
        {
            foreach (var name in names)
            {
                data.Add(name, ".keras", engine);
                data.Add(name, ".h5", engine);
            }
        }
        return data;
    }

    public static string PathOf(string folder, string name, string extension) =>
        Path.Combine(TestPaths.Keras3Fixtures, folder, name + extension);

    /// <summary>NAME.inputs.csv (one flattened sample per row) shaped as the model's input.</summary>
    public static Array Inputs(string folder, string name, Model model)
    {
        var flat = TestData.ReadCsv(PathOf(folder, name, ".inputs.csv"));
        var x = Array.CreateInstance(typeof(float), [flat.GetLength(0), .. model.InputShape!.Skip(1).Select(d => d!.Value)]);
        Buffer.BlockCopy(flat, 0, x, 0, flat.Length * sizeof(float));
        return x;
    }

    /// <param name="sameSummaryAfterReload">Also require the reloaded model's summary to equal the original's.</param>
    public static void AssertLikeKeras(string folder, string name, string extension, EngineKind engine, ITestOutputHelper output,
        bool sameSummaryAfterReload = false)
    {
        FixtureModels.Require(engine);
        using var model = Models.LoadModel(PathOf(folder, name, extension), engine: engine);
        var x = Inputs(folder, name, model);
        var predictions = model.Predict(x);
        var error = FixtureModels.MaxRelativeError(predictions, TestData.ReadCsvDouble(PathOf(folder, name, ".predictions.csv")));
        output.WriteLine($"{name}{extension} on {engine}: max relative error {error:E2}");
        Assert.True(error <= FixtureModels.Tolerance, $"{name}{extension} on {engine}: max relative error {error:E2}");
        Assert.Equal(File.ReadAllText(PathOf(folder, name, ".summary.txt")), model.Summary());

        using var directory = new TempDirectory();
        var saved = directory.Combine(name + ".keras");
        model.Save(saved);
        using var again = Models.LoadModel(saved, engine: engine);
        Assert.Equal(predictions, again.Predict(x));
        if (sameSummaryAfterReload)
        {
            Assert.Equal(model.Summary(), again.Summary());
        }
    }
}
