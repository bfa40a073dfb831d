using KerasBridge.Tests.ModelFiles;
using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Keras.Factories;

/// <summary>A model made on the Keras engine, run on the PyTorch engine with the same weights (through a .keras file).</summary>
internal static class KerasToTorch
{
    /// <summary>The Keras-engine model saved and loaded on the PyTorch engine.</summary>
    public static Model Load(Model keras)
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("model.keras");
        keras.Save(path);
        return Models.LoadModel(path, engine: EngineKind.Torch);
    }

    /// <summary>The PyTorch engine's predictions are Keras's within <see cref="FixtureModels.Tolerance"/>.</summary>
    public static void AssertSamePredictions(float[,] keras, float[,] torch, string what)
    {
        var error = FixtureModels.MaxRelativeError(torch, TestData.ToDouble(keras));
        Assert.True(error <= FixtureModels.Tolerance, $"{what}: max relative error {error:E2}");
    }
}
