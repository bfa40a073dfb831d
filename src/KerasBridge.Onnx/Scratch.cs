using Microsoft.ML.OnnxRuntime;

namespace KerasBridge.Onnx;

/// <summary>
/// Input and output buffers for one batch size, with ONNX Runtime tensors over them and an IoBinding that binds
/// them once: a run then copies x in, runs the bound graph and copies the outputs out, with no per-call
/// allocation on the ONNX Runtime side. Used by one thread at a time (OnnxModel rents it from a pool).
/// </summary>
internal sealed class Scratch : IDisposable
{
    private readonly OrtValue[] _values;
    private readonly OrtIoBinding _binding;

    public Scratch(InferenceSession session, IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs, int rows)
    {
        Rows = rows;
        Inputs = inputs.Select(s => new float[rows * s.SampleSize!.Value]).ToArray();
        Outputs = outputs.Select(s => new float[rows * s.SampleSize!.Value]).ToArray();
        var values = new List<OrtValue>();
        _binding = session.CreateIoBinding();
        try
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                var value = OrtValue.CreateTensorValueFromMemory(Inputs[i], ShapeOf(inputs[i], rows));
                values.Add(value);
                _binding.BindInput(inputs[i].Name, value);
            }
            for (var i = 0; i < outputs.Count; i++)
            {
                var value = OrtValue.CreateTensorValueFromMemory(Outputs[i], ShapeOf(outputs[i], rows));
                values.Add(value);
                _binding.BindOutput(outputs[i].Name, value);
            }
        }
        catch
        {
            values.ForEach(v => v.Dispose());
            _binding.Dispose();
            throw;
        }
        _values = values.ToArray();
    }

    public int Rows { get; }

    /// <summary>One buffer per graph input (pinned by its OrtValue), in the session's input order.</summary>
    public float[][] Inputs { get; }

    /// <summary>One buffer per graph output, in the session's output order.</summary>
    public float[][] Outputs { get; }

    public long Bytes => (Inputs.Sum(b => (long)b.Length) + Outputs.Sum(b => (long)b.Length)) * sizeof(float);

    public void Run(InferenceSession session, RunOptions options) => session.RunWithBinding(options, _binding);

    public static long[] ShapeOf(TensorSpec spec, int rows) => [rows, .. spec.Shape.Skip(1).Select(d => (long)d!.Value)];

    public void Dispose()
    {
        _binding.Dispose();
        foreach (var value in _values)
        {
            value.Dispose();
        }
    }
}
