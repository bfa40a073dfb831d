using Python.Runtime;

namespace KerasBridge.Tests.Arrays;

/// <summary>Round trips through real numpy for every element type and rank, exact equality.</summary>
public sealed class NumpyArraysTests
{
    private static Array Make(Type element, int[] shape)
    {
        var array = Array.CreateInstance(element, shape);
        var index = new int[shape.Length];
        for (var flat = 0; flat < array.Length; flat++)
        {
            var rest = flat;
            for (var d = shape.Length - 1; d >= 0; d--)
            {
                index[d] = rest % shape[d];
                rest /= shape[d];
            }
            // Distinct, non-trivial values per element (fractions for floats, negatives and large values for ints).
            object value = element == typeof(float) ? (object)(float)(flat * 0.37f - 11.125f)
                : element == typeof(double) ? flat * 1e-3 - 7.0 / 3.0
                : element == typeof(int) ? flat * 7919 - 100000
                : (object)((long)flat * 3_000_000_007L - 5);
            array.SetValue(value, index);
        }
        return array;
    }

    public static TheoryData<Type, int> TypesAndRanks()
    {
        var data = new TheoryData<Type, int>();
        foreach (var t in new[] { typeof(float), typeof(double), typeof(int), typeof(long) })
        {
            for (var rank = 1; rank <= 4; rank++)
            {
                data.Add(t, rank);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(TypesAndRanks))]
    public void RoundTripKeepsShapeDtypeAndValues(Type element, int rank)
    {
        var shape = new[] { 3, 4, 2, 5 }[..rank];
        var original = Make(element, shape);
        var (dtype, pyShape, back) = PythonRuntime.Run(() =>
        {
            using var np = NumpyArrays.ToNumpy(original);
            var d = np.GetAttr("dtype").GetAttr("name").As<string>();
            var s = np.GetAttr("shape").As<int[]>();
            return (d, s, NumpyArrays.ToArray(np));
        });
        var expectedDtype = element == typeof(float) ? "float32" : element == typeof(double) ? "float64" : element == typeof(int) ? "int32" : "int64";
        Assert.Equal(expectedDtype, dtype);
        Assert.Equal(shape, pyShape);
        Assert.Equal(original.GetType(), back.GetType());
        Assert.Equal(original.Cast<object>(), back.Cast<object>());
    }

    [Fact]
    public void NumpyValuesAreExactlyTheDotNetValues()
    {
        var data = new float[,] { { 1.5f, -2.25f, 3e-8f }, { float.MaxValue, float.Epsilon, 0f } };
        var sum = PythonRuntime.Run(() =>
        {
            using var np = NumpyArrays.ToNumpy(data);
            return np.InvokeMethod("item", new PyInt(1), new PyInt(1)).As<double>();
        });
        Assert.Equal((double)float.Epsilon, sum);
    }

    [Fact]
    public void NonContiguousNumpyResultsComeBackCorrectly()
    {
        var (transposed, strided) = PythonRuntime.Run(() =>
        {
            using var scope = Py.CreateScope();
            scope.Exec("import numpy as np\na = np.arange(24, dtype=np.float32).reshape(4, 6)\nt = a.T\ns = a[::2, 1::2]");
            return (NumpyArrays.ToArray<float[,]>(scope.Get("t")), (float[,])NumpyArrays.ToArray(scope.Get("s")));
        });
        Assert.Equal(6, transposed.GetLength(0));
        Assert.Equal(4, transposed.GetLength(1));
        for (var i = 0; i < 6; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                Assert.Equal(j * 6 + i, transposed[i, j]);
            }
        }
        Assert.Equal(new float[,] { { 1, 3, 5 }, { 13, 15, 17 } }, strided);
    }

    [Fact]
    public void RequestedElementTypeCastsSameKind()
    {
        var result = PythonRuntime.Run(() =>
        {
            using var scope = Py.CreateScope();
            scope.Exec("import numpy as np\na = np.array([[0.5, 1.25]], dtype=np.float64)");
            return NumpyArrays.ToArray<float[,]>(scope.Get("a"));
        });
        Assert.Equal(new float[,] { { 0.5f, 1.25f } }, result);
    }

    [Fact]
    public void JaggedRectangularArrayBecomesRankTwo()
    {
        var jagged = new[] { new[] { 1f, 2f }, new[] { 3f, 4f } };
        var back = PythonRuntime.Run(() =>
        {
            using var np = NumpyArrays.ToNumpy(jagged);
            return NumpyArrays.ToArray<float[,]>(np);
        });
        Assert.Equal(new float[,] { { 1, 2 }, { 3, 4 } }, back);
    }

    [Fact]
    public void RaggedArrayIsAClearError()
    {
        var ragged = new[] { new[] { 1f, 2f }, new[] { 3f } };
        var e = Assert.Throws<ArgumentException>(() => PythonRuntime.Run(() => NumpyArrays.ToNumpy(ragged)));
        Assert.Equal("ragged", e.ParamName);
        Assert.Contains("row 1 has length 1", e.Message);
        Assert.Contains("length 2", e.Message);
    }

    [Fact]
    public void UnsupportedElementTypeIsAClearError()
    {
        var bytes = new byte[] { 1, 2, 3 };
        var e = Assert.Throws<ArgumentException>(() => PythonRuntime.Run(() => NumpyArrays.ToNumpy(bytes)));
        Assert.Equal("bytes", e.ParamName);
        Assert.Contains("float, double, int or long", e.Message);
        Assert.Contains("Byte[]", e.Message);
    }

    [Fact]
    public void RankFiveIsAClearError()
    {
        var five = new float[1, 1, 1, 1, 1];
        var e = Assert.Throws<ArgumentException>(() => PythonRuntime.Run(() => NumpyArrays.ToNumpy(five)));
        Assert.Contains("rank 1 to 4", e.Message);
        Assert.Contains("rank 5", e.Message);
    }

    [Fact]
    public void UnsupportedNumpyDtypeIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => PythonRuntime.Run(() =>
        {
            using var scope = Py.CreateScope();
            scope.Exec("import numpy as np\na = np.array([True, False])");
            return NumpyArrays.ToArray(scope.Get("a"));
        }));
        Assert.Contains("dtype bool", e.Message);
    }

    [Fact]
    public void EmptyArraysRoundTrip()
    {
        var empty = new float[0, 4];
        var back = PythonRuntime.Run(() =>
        {
            using var np = NumpyArrays.ToNumpy(empty);
            return NumpyArrays.ToArray<float[,]>(np);
        });
        Assert.Equal(0, back.GetLength(0));
        Assert.Equal(4, back.GetLength(1));
    }

    [Fact]
    public void CopyToFillsAnExistingArrayWithCastsAndStrides()
    {
        var reused = new float[2, 3];
        var widened = new double[3, 2];
        PythonRuntime.Run(() =>
        {
            using var scope = Py.CreateScope();
            scope.Exec("import numpy as np\na = np.arange(6, dtype=np.float32).reshape(2, 3)\nb = np.float32(0.5) * a + 1");
            NumpyArrays.CopyTo(scope.Get("a"), reused);
            Assert.Equal(new float[,] { { 0, 1, 2 }, { 3, 4, 5 } }, reused);
            NumpyArrays.CopyTo(scope.Get("b"), reused);
            Assert.Equal(new float[,] { { 1, 1.5f, 2 }, { 2.5f, 3, 3.5f } }, reused);
            NumpyArrays.CopyTo(scope.Eval("a.T"), widened);
        });
        Assert.Equal(new double[,] { { 0, 3 }, { 1, 4 }, { 2, 5 } }, widened);
    }

    [Fact]
    public void CopyToAnArrayOfAnotherShapeOrTypeIsAClearError()
    {
        PythonRuntime.Run(() =>
        {
            using var scope = Py.CreateScope();
            scope.Exec("import numpy as np\na = np.zeros((2, 3), dtype=np.float64)");
            var shape = Assert.Throws<ArgumentException>(() => NumpyArrays.CopyTo(scope.Get("a"), new double[3, 2]));
            Assert.Contains("shape (3, 2)", shape.Message);
            Assert.Contains("got shape (2, 3)", shape.Message);
            var cast = Assert.Throws<ArgumentException>(() => NumpyArrays.CopyTo(scope.Get("a"), new int[2, 3]));
            Assert.Contains("Int32", cast.Message);
            var type = Assert.Throws<ArgumentException>(() => NumpyArrays.CopyTo(scope.Get("a"), new short[2, 3]));
            Assert.Equal("destination", type.ParamName);
        });
    }

    [Fact]
    public void CopyToAnExistingNumpyArrayKeepsItsObjectAndCasts()
    {
        PythonRuntime.Run(() =>
        {
            using var scope = Py.CreateScope();
            scope.Exec("import numpy as np\nf = np.zeros((2, 2), dtype=np.float32)\nd = np.zeros((2, 2), dtype=np.float64)\nbefore = id(f)");
            NumpyArrays.CopyTo(new float[,] { { 1.5f, 2 }, { 3, 4 } }, scope.Get("f"));
            NumpyArrays.CopyTo(new float[,] { { 0.25f, 0 }, { 0, -1 } }, scope.Get("d"));
            Assert.Equal("[[1.5, 2.0], [3.0, 4.0]] [[0.25, 0.0], [0.0, -1.0]] True", scope.Eval("\"{} {} {}\".format(f.tolist(), d.tolist(), id(f) == before)").As<string>());
        });
    }

    [Fact]
    public void CopyToANumpyArrayOfAnotherShapeOrReadOnlyIsAClearError()
    {
        PythonRuntime.Run(() =>
        {
            using var scope = Py.CreateScope();
            scope.Exec("import numpy as np\na = np.zeros((2, 3), dtype=np.float32)\nr = np.zeros(4, dtype=np.float32)\nr.flags.writeable = False\ni = np.zeros(4, dtype=np.int32)");
            var shape = Assert.Throws<ArgumentException>(() => NumpyArrays.CopyTo(new float[3, 2], scope.Get("a")));
            Assert.Contains("shape (3, 2)", shape.Message);
            var readOnly = Assert.Throws<ArgumentException>(() => NumpyArrays.CopyTo(new float[4], scope.Get("r")));
            Assert.Contains("read-only", readOnly.Message);
            var cast = Assert.Throws<ArgumentException>(() => NumpyArrays.CopyTo(new float[4], scope.Get("i")));
            Assert.Contains("Cannot copy", cast.Message);
        });
    }
}
