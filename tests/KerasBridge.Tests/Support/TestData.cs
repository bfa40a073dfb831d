using System.Globalization;
using System.Text.Json;

namespace KerasBridge.Tests.Support;

/// <summary>Reads the fixtures' CSV and JSON numbers into arrays, and the penguins data set.</summary>
internal static class TestData
{
    public static float[,] ReadCsv(string path) => ReadCsv(path, v => float.Parse(v, CultureInfo.InvariantCulture));

    public static double[,] ReadCsvDouble(string path) => ReadCsv(path, v => double.Parse(v, CultureInfo.InvariantCulture));

    /// <summary>Predictions as the expected values of FixtureModels.MaxRelativeError.</summary>
    public static double[,] ToDouble(float[,] values)
    {
        var result = new double[values.GetLength(0), values.GetLength(1)];
        for (var i = 0; i < values.GetLength(0); i++)
        {
            for (var j = 0; j < values.GetLength(1); j++)
            {
                result[i, j] = values[i, j];
            }
        }
        return result;
    }

    private static T[,] ReadCsv<T>(string path, Func<string, T> parse)
    {
        var rows = File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => l.Split(',').Select(parse).ToArray()).ToList();
        var result = new T[rows.Count, rows[0].Length];
        for (var i = 0; i < rows.Count; i++)
        {
            for (var j = 0; j < rows[i].Length; j++)
            {
                result[i, j] = rows[i][j];
            }
        }
        return result;
    }

    /// <summary>A nested JSON list of numbers as a float array of its rank (1 to 4), or long when integerLabels.</summary>
    public static Array ToArray(JsonElement element, bool integers = false)
    {
        var shape = new List<int>();
        for (var e = element; e.ValueKind == JsonValueKind.Array; e = e.GetArrayLength() > 0 ? e[0] : default)
        {
            shape.Add(e.GetArrayLength());
            if (e.GetArrayLength() == 0)
            {
                break;
            }
        }
        var array = Array.CreateInstance(integers ? typeof(long) : typeof(float), shape.ToArray());
        var index = new int[shape.Count];
        Fill(element, 0);
        return array;

        void Fill(JsonElement e, int depth)
        {
            if (depth == shape.Count)
            {
                array.SetValue(integers ? e.GetInt64() : (object)e.GetSingle(), index);
                return;
            }
            var i = 0;
            foreach (var item in e.EnumerateArray())
            {
                index[depth] = i++;
                Fill(item, depth + 1);
            }
        }
    }

    public sealed record Penguins(float[,] Features, string[] Species, string[] Classes)
    {
        public float[,] OneHot()
        {
            var y = new float[Species.Length, Classes.Length];
            for (var i = 0; i < Species.Length; i++)
            {
                y[i, Array.IndexOf(Classes, Species[i])] = 1;
            }
            return y;
        }

        public float[,] Standardized()
        {
            var (n, d) = (Features.GetLength(0), Features.GetLength(1));
            var result = new float[n, d];
            for (var j = 0; j < d; j++)
            {
                double mean = 0, sq = 0;
                for (var i = 0; i < n; i++)
                {
                    mean += Features[i, j];
                }
                mean /= n;
                for (var i = 0; i < n; i++)
                {
                    sq += Math.Pow(Features[i, j] - mean, 2);
                }
                var std = Math.Sqrt(sq / n);
                for (var i = 0; i < n; i++)
                {
                    result[i, j] = (float)((Features[i, j] - mean) / std);
                }
            }
            return result;
        }
    }

    /// <summary>The lesson's preprocessing: drop rows with missing values, the four numeric features, species.</summary>
    public static Penguins LoadPenguins()
    {
        var lines = File.ReadAllLines(Path.Combine(TestPaths.Fixtures, "penguins.csv"));
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var features = new List<float[]>();
        var species = new List<string>();
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            if (cells.Any(string.IsNullOrEmpty))
            {
                continue;
            }
            features.Add(new[] { "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g" }
                .Select(c => float.Parse(cells[Col(c)], CultureInfo.InvariantCulture)).ToArray());
            species.Add(cells[Col("species")]);
        }
        var x = new float[features.Count, 4];
        for (var i = 0; i < features.Count; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                x[i, j] = features[i][j];
            }
        }
        return new Penguins(x, species.ToArray(), species.Distinct().Order(StringComparer.Ordinal).ToArray());
    }

    /// <summary>n rows of uniform random features in [0, 1), repeatable by seed.</summary>
    public static float[,] RandomRows(int n, int features, int seed)
    {
        var random = new Random(seed);
        var x = new float[n, features];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < features; j++)
            {
                x[i, j] = (float)random.NextDouble();
            }
        }
        return x;
    }

    public static int ArgMax(float[,] rows, int row)
    {
        var best = 0;
        for (var j = 1; j < rows.GetLength(1); j++)
        {
            if (rows[row, j] > rows[row, best])
            {
                best = j;
            }
        }
        return best;
    }
}
