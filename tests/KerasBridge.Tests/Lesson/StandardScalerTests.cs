namespace KerasBridge.Tests.Lesson;

public sealed class StandardScalerTests
{
    [Fact]
    public void StandardizesWithPopulationDeviationAndLeavesConstantColumnsScaledByOne()
    {
        float[,] x = { { 1, 5 }, { 3, 5 }, { 5, 5 } };
        var scaler = new StandardScaler();
        var z = scaler.FitTransform(x);
        Assert.Equal([3.0, 5.0], scaler.Mean);
        Assert.Equal(Math.Sqrt(8.0 / 3), scaler.Scale[0], 12);
        Assert.Equal(1.0, scaler.Scale[1]);
        Assert.Equal((float)(-2 / Math.Sqrt(8.0 / 3)), z[0, 0], 6);
        Assert.Equal(0f, z[1, 0]);
        Assert.Equal(0f, z[2, 1]);
        var back = scaler.InverseTransform(z);
        Assert.Equal(5f, back[2, 0], 5);
    }

    [Fact]
    public void RejectsUseBeforeFitAndOtherWidths()
    {
        var scaler = new StandardScaler();
        Assert.Throws<InvalidOperationException>(() => scaler.Transform(new float[1, 2]));
        scaler.Fit(new float[,] { { 1, 2 }, { 3, 4 } });
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => scaler.Transform(new float[1, 3])).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => new StandardScaler().Fit(new float[,] { { float.NaN } })).ParamName);
    }
}
