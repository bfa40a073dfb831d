using Python.Runtime;

namespace KerasBridge;

/// <summary>
/// Typed calls to the scikit-learn functions the lesson uses around Keras. A scikit-learn that does not import raises
/// <see cref="PythonPackageMissingException"/> (naming the package, the interpreter and the fix).
/// </summary>
public static partial class Sklearn
{
    /// <summary>The Python module behind these calls (its functions are looked up once, see PythonFunctions).</summary>
    internal const string SklearnHelpers = "kerasbridge.sklearn_helpers";

    /// <summary>
    /// <c>sklearn.model_selection.train_test_split(x, y, test_size=..., random_state=..., shuffle=..., stratify=...)</c>:
    /// the same rows as scikit-learn picks, so results match the lesson's Python.
    /// </summary>
    /// <param name="x">Features, samples first.</param>
    /// <param name="y">Targets, samples first (same number of rows as x).</param>
    /// <param name="testSize">Fraction of rows in the test split, in (0, 1).</param>
    /// <param name="randomState">Seed of the shuffle (the lesson uses 0).</param>
    /// <param name="shuffle">Shuffle before splitting.</param>
    /// <param name="stratify">Labels to stratify by (e.g. y itself, one-hot or class ids), or null.</param>
    public static (TX XTrain, TX XTest, TY YTrain, TY YTest) TrainTestSplit<TX, TY>(TX x, TY y, double testSize = 0.25,
        int? randomState = null, bool shuffle = true, Array? stratify = null)
        where TX : class where TY : class
    {
        var xs = x as Array ?? throw new ArgumentException($"Expected an array such as float[,]; got {x?.GetType().Name ?? "null"}.", nameof(x));
        var ys = y as Array ?? throw new ArgumentException($"Expected an array such as float[,]; got {y?.GetType().Name ?? "null"}.", nameof(y));
        if (!(testSize > 0 && testSize < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testSize), testSize, $"Expected testSize in (0, 1); got {testSize}.");
        }
        if (xs.GetLength(0) != ys.GetLength(0))
        {
            throw new ArgumentException($"Expected x and y to have the same number of rows; x has {xs.GetLength(0)}, y has {ys.GetLength(0)}.", nameof(y));
        }
        if (stratify is not null && stratify.GetLength(0) != xs.GetLength(0))
        {
            throw new ArgumentException($"Expected stratify to have one row per sample ({xs.GetLength(0)}); got {stratify.GetLength(0)}.", nameof(stratify));
        }
        return LessonPython.Call(SklearnHelpers, "train_test_split", function =>
        {
            using var px = NumpyArrays.ToNumpy(xs);
            using var py = NumpyArrays.ToNumpy(ys);
            using var kwargs = new PyDict();
            kwargs["test_size"] = new PyFloat(testSize);
            kwargs["shuffle"] = shuffle.ToPython();
            kwargs["random_state"] = randomState is { } seed ? new PyInt(seed) : PyObject.None;
            kwargs["stratify"] = stratify is null ? PyObject.None : NumpyArrays.ToNumpy(stratify);
            using var parts = function.Invoke([px, py], kwargs);
            return (NumpyArrays.ToArray<TX>(parts[0]), NumpyArrays.ToArray<TX>(parts[1]),
                    NumpyArrays.ToArray<TY>(parts[2]), NumpyArrays.ToArray<TY>(parts[3]));
        });
    }
}
