namespace KerasBridge.Onnx;

public sealed partial class OnnxModel
{
    /// <summary>Predict with at most <paramref name="batchSize"/> rows per run, the outputs written into one result.</summary>
    private Array RunInBatches(Array x, int batchSize)
    {
        var rows = _inputs[0].Check(x, "Predict", "x");
        var elementSize = x.GetType().GetElementType() == typeof(double) ? sizeof(double) : sizeof(float);
        var inputPerRow = x.Length / rows;
        var sample = Enumerable.Range(1, x.Rank - 1).Select(x.GetLength).ToArray();
        var result = NewResult(_outputs[0], rows);
        var outputPerRow = result.Length / rows;
        for (var start = 0; start < rows; start += batchSize)
        {
            var count = Math.Min(batchSize, rows - start);
            var chunk = Array.CreateInstance(x.GetType().GetElementType()!, [count, .. sample]);
            Buffer.BlockCopy(x, start * inputPerRow * elementSize, chunk, 0, count * inputPerRow * elementSize);
            var output = RunSingle(chunk);
            Buffer.BlockCopy(output, 0, result, start * outputPerRow * sizeof(float), count * outputPerRow * sizeof(float));
        }
        return result;
    }
}
