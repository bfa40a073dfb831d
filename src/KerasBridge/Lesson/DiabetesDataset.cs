namespace KerasBridge;

/// <summary>
/// scikit-learn's diabetes regression data (<c>sklearn.datasets.load_diabetes</c>): ten baseline measurements of 442
/// patients and a quantitative measure of disease progression one year later. Shipped with scikit-learn.
/// </summary>
public sealed class DiabetesDataset
{
    internal DiabetesDataset(float[,] data, float[] target, IReadOnlyList<string> featureNames)
    {
        Data = data;
        Target = target;
        FeatureNames = featureNames;
    }

    /// <summary>The features, samples × 10 (<c>diabetes.data</c>).</summary>
    public float[,] Data { get; }

    /// <summary>Disease progression one year after baseline, one value per sample (about 25 to 346).</summary>
    public float[] Target { get; }

    /// <summary>The features' names: age, sex, bmi, bp, s1 … s6.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The number of samples.</summary>
    public int Count => Target.Length;

    /// <summary>The target as a column (samples × 1), the shape a Dense(1) output is trained against.</summary>
    public float[,] TargetColumn()
    {
        var column = new float[Target.Length, 1];
        for (var i = 0; i < Target.Length; i++)
        {
            column[i, 0] = Target[i];
        }
        return column;
    }
}
