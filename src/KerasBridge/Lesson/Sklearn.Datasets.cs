using Python.Runtime;

namespace KerasBridge;

public static partial class Sklearn
{
    /// <summary><c>sklearn.datasets.load_digits()</c>: the 8×8 handwritten digits shipped with scikit-learn (no download).</summary>
    public static DigitsDataset LoadDigits() => LessonPython.Call(SklearnHelpers, "load_digits", function =>
    {
        using var result = function.Invoke();
        using var images = result[0];
        using var target = result[1];
        return new DigitsDataset(NumpyArrays.ToArray<float[,,]>(images), NumpyArrays.ToArray<int[]>(target));
    });

    /// <summary><c>sklearn.datasets.load_diabetes(scaled=...)</c>: the diabetes regression data shipped with scikit-learn.</summary>
    /// <param name="scaled">True (scikit-learn's default): features mean-centred and scaled to unit norm; false: the original values.</param>
    public static DiabetesDataset LoadDiabetes(bool scaled = true) => LessonPython.Call(SklearnHelpers, "load_diabetes", function =>
    {
        using var flag = scaled.ToPython();
        using var result = function.Invoke(flag);
        using var data = result[0];
        using var target = result[1];
        using var names = result[2];
        return new DiabetesDataset(NumpyArrays.ToArray<float[,]>(data), NumpyArrays.ToArray<float[]>(target), names.As<string[]>());
    });
}
