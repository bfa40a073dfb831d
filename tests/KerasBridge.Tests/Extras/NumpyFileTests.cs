using KerasBridge.Tests.Support;
using Python.Runtime;

namespace KerasBridge.Tests.Extras;

/// <summary>Numpy.Load/Save against numpy itself: files numpy writes read back equal, files written here numpy reads back equal.</summary>
public sealed class NumpyFileTests
{
    private static void RunPython(string code) => PythonRuntime.Run(() =>
    {
        using var scope = Py.CreateScope();
        scope.Exec(code);
    });

    private static string Literal(string path) => "r'" + path + "'";

    [Fact]
    public void ReadsWhatNumpyWrites()
    {
        using var temp = new TempDirectory();
        RunPython($$"""
            import numpy as np, os
            d = {{Literal(temp.Path)}}
            a = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 7
            np.save(os.path.join(d, 'f4.npy'), a)
            np.save(os.path.join(d, 'f8_fortran.npy'), np.asfortranarray(np.arange(12, dtype=np.float64).reshape(3, 4) * 1.5))
            np.save(os.path.join(d, 'i8_big.npy'), np.arange(-3, 3, dtype='>i8'))
            np.save(os.path.join(d, 'u1.npy'), np.array([[0, 255], [7, 128]], dtype=np.uint8))
            np.save(os.path.join(d, 'bool.npy'), np.array([True, False, True]))
            np.save(os.path.join(d, 'i2_f.npy'), np.asfortranarray(np.arange(24, dtype=np.int16).reshape(2, 3, 4)))
            np.save(os.path.join(d, 'f2.npy'), np.array([0.5, -2.0, 1024.0], dtype=np.float16))
            np.save(os.path.join(d, 'scalar.npy'), np.float64(3.25))
            np.savez(os.path.join(d, 'both.npz'), x=a[0], labels=np.array([1, 2, 3], dtype=np.int32))
            np.save(os.path.join(d, 'text.npy'), np.array(['a', 'b']))
            """);
        var f4 = Assert.IsType<float[,,]>(Numpy.Load(temp.Combine("f4.npy")));
        Assert.Equal(23f / 7, f4[1, 2, 3]);
        Assert.Equal(6f / 7, f4[0, 1, 2]);
        var f8 = Assert.IsType<double[,]>(Numpy.Load(temp.Combine("f8_fortran.npy")));
        Assert.Equal(new double[,] { { 0, 1.5, 3, 4.5 }, { 6, 7.5, 9, 10.5 }, { 12, 13.5, 15, 16.5 } }, f8);
        Assert.Equal(new long[] { -3, -2, -1, 0, 1, 2 }, Numpy.Load(temp.Combine("i8_big.npy")));
        Assert.Equal(new byte[,] { { 0, 255 }, { 7, 128 } }, Numpy.Load(temp.Combine("u1.npy")));
        Assert.Equal(new[] { true, false, true }, Numpy.Load(temp.Combine("bool.npy")));
        var i2 = Assert.IsType<short[,,]>(Numpy.Load(temp.Combine("i2_f.npy")));
        Assert.Equal(1 * 12 + 2 * 4 + 3, i2[1, 2, 3]);
        Assert.Equal(new[] { (Half)0.5, (Half)(-2.0), (Half)1024.0 }, Numpy.Load(temp.Combine("f2.npy")));
        Assert.Equal(new[] { 3.25 }, Numpy.Load(temp.Combine("scalar.npy")));
        var npz = Numpy.LoadNpz(temp.Combine("both.npz"));
        Assert.Equal(["labels", "x"], npz.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { 1, 2, 3 }, npz["labels"]);
        Assert.Equal(4f / 7, ((float[,])npz["x"])[1, 0]);
        // Converted on request, as np.asarray(a, dtype=np.float32).
        Assert.Equal(16.5f, Numpy.Load<float[,]>(temp.Combine("f8_fortran.npy"))[2, 3]);
        Assert.Throws<InvalidCastException>(() => Numpy.Load<float[]>(temp.Combine("f8_fortran.npy")));
        var text = Assert.Throws<InvalidDataException>(() => Numpy.Load(temp.Combine("text.npy")));
        Assert.Contains("<U1", text.Message);
    }

    [Fact]
    public void NumpyReadsWhatIsWrittenHere()
    {
        using var temp = new TempDirectory();
        var floats = new float[,] { { 1.5f, -2f, 3.25f }, { 0.1f, 1e-8f, float.MaxValue } };
        var written = Numpy.Save(temp.Combine("floats"), floats);
        Assert.EndsWith("floats.npy", written);
        Numpy.Save(temp.Combine("longs.npy"), new long[] { long.MinValue, 0, long.MaxValue });
        Numpy.Save(temp.Combine("cube.npy"), new byte[2, 2, 2] { { { 1, 2 }, { 3, 4 } }, { { 5, 6 }, { 7, 8 } } });
        Numpy.Save(temp.Combine("flags.npy"), new[] { false, true });
        Numpy.SaveNpz(temp.Combine("pack"), new Dictionary<string, Array> { ["a"] = floats, ["b"] = new[] { 1.0, 2.0 } }, compressed: true);
        RunPython($$"""
            import numpy as np, os
            d = {{Literal(temp.Path)}}
            f = np.load(os.path.join(d, 'floats.npy'))
            assert f.dtype == np.float32 and f.shape == (2, 3), (f.dtype, f.shape)
            assert (f == np.array([[1.5, -2, 3.25], [0.1, 1e-8, np.finfo(np.float32).max]], dtype=np.float32)).all(), f
            l = np.load(os.path.join(d, 'longs.npy'))
            assert l.dtype == np.int64 and list(l) == [np.iinfo(np.int64).min, 0, np.iinfo(np.int64).max], l
            c = np.load(os.path.join(d, 'cube.npy'))
            assert c.dtype == np.uint8 and (c == np.arange(1, 9).reshape(2, 2, 2)).all(), c
            assert list(np.load(os.path.join(d, 'flags.npy'))) == [False, True]
            with open(os.path.join(d, 'floats.npy'), 'rb') as h:
                head = h.read(128)
            assert head[6:8] == b'\x01\x00' and (10 + int.from_bytes(head[8:10], 'little')) % 64 == 0
            p = np.load(os.path.join(d, 'pack.npz'))
            assert sorted(p.files) == ['a', 'b'] and (p['a'] == f).all() and list(p['b']) == [1.0, 2.0]
            """);
        Assert.Equal(floats, Numpy.Load(written));
    }

    [Fact]
    public void BadFilesAreClearErrors()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("not.npy"), "hello, world");
        Assert.Contains("not a .npy file", Assert.Throws<InvalidDataException>(() => Numpy.Load(temp.Combine("not.npy"))).Message);
        var good = File.ReadAllBytes(Numpy.Save(temp.Combine("good.npy"), new double[100]));
        File.WriteAllBytes(temp.Combine("short.npy"), good[..^8]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => Numpy.Load(temp.Combine("short.npy"))).Message);
        Assert.Throws<FileNotFoundException>(() => Numpy.Load(temp.Combine("missing.npy")));
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => Numpy.Load(" ")).ParamName);
        Assert.Equal("array", Assert.Throws<ArgumentException>(() => Numpy.Save(temp.Combine("j.npy"), new[] { new[] { 1f } })).ParamName);
    }
}
