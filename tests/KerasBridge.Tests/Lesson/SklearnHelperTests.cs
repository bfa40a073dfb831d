namespace KerasBridge.Tests.Lesson;

/// <summary>The lesson's scikit-learn helpers against hand-computed numbers.</summary>
public sealed class SklearnHelperTests
{
    [Fact]
    public void ConfusionMatrixOfNamesMatchesHandCount()
    {
        string[] truth = ["cat", "dog", "cat", "bird", "dog", "cat", "bird"];
        string[] guess = ["cat", "cat", "cat", "bird", "dog", "dog", "dog"];
        // Labels sorted: bird, cat, dog. Rows: true class; columns: predicted class.
        int[,] expected =
        {
            { 1, 0, 1 },
            { 0, 2, 1 },
            { 0, 1, 1 },
        };
        Assert.Equal(expected, Sklearn.ConfusionMatrix(truth, guess));
    }

    [Fact]
    public void ConfusionMatrixFollowsTheGivenLabelOrder()
    {
        int[] truth = [0, 1, 2, 2, 1, 0, 2];
        int[] guess = [0, 2, 2, 1, 1, 0, 2];
        int[,] expected =
        {
            { 2, 1, 0 }, // true 2: predicted 2 twice, 1 once
            { 1, 1, 0 }, // true 1: predicted 2 once, 1 once
            { 0, 0, 2 }, // true 0
        };
        Assert.Equal(expected, Sklearn.ConfusionMatrix(truth, guess, labels: [2, 1, 0]));
        Assert.Equal(new[,] { { 2, 0, 0 }, { 0, 1, 1 }, { 0, 1, 2 } }, Sklearn.ConfusionMatrix(truth.Select(v => (long)v).ToArray(), guess.Select(v => (long)v).ToArray()));
    }

    [Fact]
    public void ConfusionMatrixRejectsBadArguments()
    {
        Assert.Equal("yPred", Assert.Throws<ArgumentException>(() => Sklearn.ConfusionMatrix(new[] { 1, 2 }, new[] { 1 })).ParamName);
        Assert.Equal("yTrue", Assert.Throws<ArgumentException>(() => Sklearn.ConfusionMatrix(Array.Empty<int>(), Array.Empty<int>())).ParamName);
        var repeated = Assert.Throws<ArgumentException>(() => Sklearn.ConfusionMatrix(new[] { 1, 2 }, new[] { 1, 2 }, labels: [1, 1]));
        Assert.Equal("labels", repeated.ParamName);
        Assert.Contains("distinct", repeated.Message);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => Sklearn.ConfusionMatrix(new[] { 1, 2 }, new[] { 1, 2 }, labels: [7])).ParamName);
        Assert.Equal("yPred", Assert.Throws<ArgumentException>(() => Sklearn.ConfusionMatrix(["a"], new string[] { null! })).ParamName);
    }

    [Fact]
    public void RootMeanSquaredErrorMatchesHandComputation()
    {
        // Errors 1, -2, 0, 3: squares 1, 4, 0, 9; mean 3.5; root 1.8708...
        Assert.Equal(Math.Sqrt(3.5), Sklearn.RootMeanSquaredError(new[] { 1.0, 2, 3, 4 }, new[] { 0.0, 4, 3, 1 }), 12);
        Assert.Equal(Math.Sqrt(3.5), Sklearn.RootMeanSquaredError(new[] { 1f, 2, 3, 4 }, new[,] { { 0f }, { 4f }, { 3f }, { 1f } }), 6);
        // Two outputs: sklearn averages the per-output roots: (sqrt(2) + sqrt(8)) / 2, not sqrt(5).
        var twoOutputs = Sklearn.RootMeanSquaredError(new double[,] { { 0, 0 }, { 0, 0 } }, new double[,] { { 1, 2 }, { 1, 2 } });
        Assert.Equal((1.0 + 2.0) / 2, twoOutputs, 12);
    }

    [Fact]
    public void RootMeanSquaredErrorRejectsBadArguments()
    {
        Assert.Equal("yPred", Assert.Throws<ArgumentException>(() => Sklearn.RootMeanSquaredError(new[] { 1.0, 2 }, new[] { 1.0 })).ParamName);
        Assert.Equal("yTrue", Assert.Throws<ArgumentException>(() => Sklearn.RootMeanSquaredError(new[] { 1, 2 }, new[] { 1.0, 2 })).ParamName);
        Assert.Equal("yTrue", Assert.Throws<ArgumentException>(() => Sklearn.RootMeanSquaredError(Array.Empty<double>(), Array.Empty<double>())).ParamName);
    }

    [Fact]
    public void OfflineDataSetsHaveTheirKnownShapes()
    {
        var digits = Sklearn.LoadDigits();
        Assert.Equal([1797, 8, 8], new[] { digits.Images.GetLength(0), digits.Images.GetLength(1), digits.Images.GetLength(2) });
        Assert.Equal(Enumerable.Range(0, 10), digits.Target.Take(10));
        var scaled = digits.ImagesWithChannel(1f / 16);
        Assert.Equal(1, scaled.GetLength(3));
        Assert.Equal(digits.Images[5, 3, 4] / 16f, scaled[5, 3, 4, 0]);
        Assert.InRange(digits.Images.Cast<float>().Max(), 15f, 16f);

        var diabetes = Sklearn.LoadDiabetes();
        Assert.Equal(442, diabetes.Count);
        Assert.Equal(10, diabetes.Data.GetLength(1));
        Assert.Equal(["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"], diabetes.FeatureNames);
        Assert.Equal(151f, diabetes.Target[0]);
        Assert.Equal(151f, diabetes.TargetColumn()[0, 0]);
        Assert.Equal(59f, Sklearn.LoadDiabetes(scaled: false).Data[0, 0]);
    }
}
