using Python.Runtime;

namespace KerasBridge.Tests.Arrays;

/// <summary>String arrays reach numpy as dtype-object arrays of Python str, shape kept; nulls and ragged rows are refused by index.</summary>
public sealed class NumpyStringsTests
{
    /// <summary>numpy's dtype name, shape and the elements (as C# strings, row-major) with their Python type names.</summary>
    private static (string DType, string Shape, string[] Items, string[] Types) Describe(Array array) => PythonRuntime.Run(() =>
    {
        using var numpy = NumpyArrays.ToNumpy(array, "values");
        using var flat = numpy.InvokeMethod("ravel").InvokeMethod("tolist");
        var items = Enumerable.Range(0, (int)flat.Length()).Select(i => flat[i].As<string>()).ToArray();
        var types = Enumerable.Range(0, (int)flat.Length()).Select(i => flat[i].GetPythonType().Name).ToArray();
        return (numpy.GetAttr("dtype").GetAttr("name").As<string>(), numpy.GetAttr("shape").Repr() ?? "", items, types);
    });

    [Fact]
    public void MatrixVectorAndJaggedKeepShapeAndText()
    {
        var matrix = Describe(new[,] { { "Adelie", "é ü" }, { "", "Gentoo" }, { "[UNK]", "x" } });
        Assert.Equal("object", matrix.DType);
        Assert.Equal("(3, 2)", matrix.Shape);
        Assert.Equal(["Adelie", "é ü", "", "Gentoo", "[UNK]", "x"], matrix.Items);
        Assert.All(matrix.Types, t => Assert.Equal("str", t));

        var vector = Describe(new[] { "a", "b" });
        Assert.Equal(("object", "(2,)"), (vector.DType, vector.Shape));

        var jagged = Describe(new[] { new[] { "a", "b" }, new[] { "c", "d" } });
        Assert.Equal("(2, 2)", jagged.Shape);
        Assert.Equal(["a", "b", "c", "d"], jagged.Items);

        var rank3 = Describe(new string[2, 1, 2] { { { "a", "b" } }, { { "c", "d" } } });
        Assert.Equal("(2, 1, 2)", rank3.Shape);
        Assert.Equal(["a", "b", "c", "d"], rank3.Items);

        Assert.Equal("(0, 1)", Describe(new string[0, 1]).Shape);
    }

    [Fact]
    public void NullStringsAndRaggedRowsAreRefusedByIndex()
    {
        var nullCell = Assert.Throws<ArgumentException>(() => Describe(new[,] { { "a" }, { "b" }, { null! } }));
        Assert.Equal("values", nullCell.ParamName);
        Assert.Contains("values[2, 0] is null", nullCell.Message);

        var nullJagged = Assert.Throws<ArgumentException>(() => Describe(new[] { new[] { "a", "b" }, new[] { "c", null! } }));
        Assert.Contains("values[1][1] is null", nullJagged.Message);

        var nullRow = Assert.Throws<ArgumentException>(() => Describe(new[] { new[] { "a" }, null! }));
        Assert.Contains("values[1] is null", nullRow.Message);

        var ragged = Assert.Throws<ArgumentException>(() => Describe(new[] { new[] { "a", "b" }, new[] { "c" } }));
        Assert.Contains("row 1 has length 1", ragged.Message);
    }
}
