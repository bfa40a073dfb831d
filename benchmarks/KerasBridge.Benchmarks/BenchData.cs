using System.Text.Json.Nodes;

namespace KerasBridge.Benchmarks;

/// <summary>The arrays benchmarks/python/make_data.py wrote (raw little-endian float32, shapes in meta.json),
/// so the C# and Python rows train and predict on identical data.</summary>
internal sealed class BenchData(string folder)
{
    private readonly JsonObject _meta = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "meta.json")))!.AsObject();

    public float[,] Matrix(string name)
    {
        var shape = _meta[name]!.AsArray().Select(d => (int)d!).ToArray();
        var bytes = File.ReadAllBytes(Path.Combine(folder, name + ".f32"));
        var result = new float[shape[0], shape[1]];
        if (bytes.Length != result.Length * sizeof(float))
        {
            throw new InvalidDataException($"{name}.f32 has {bytes.Length} bytes; expected {result.Length * sizeof(float)} for shape ({shape[0]}, {shape[1]}).");
        }
        Buffer.BlockCopy(bytes, 0, result, 0, bytes.Length);
        return result;
    }

    /// <summary>An array of any rank (float[,] or float[,,,] ...), shaped as meta.json says.</summary>
    public Array Tensor(string name)
    {
        var shape = _meta[name]!.AsArray().Select(d => (int)d!).ToArray();
        var bytes = File.ReadAllBytes(Path.Combine(folder, name + ".f32"));
        var result = Array.CreateInstance(typeof(float), shape);
        if (bytes.Length != result.Length * sizeof(float))
        {
            throw new InvalidDataException($"{name}.f32 has {bytes.Length} bytes; expected {result.Length * sizeof(float)} for shape ({string.Join(", ", shape)}).");
        }
        Buffer.BlockCopy(bytes, 0, result, 0, bytes.Length);
        return result;
    }
}
