using Python.Runtime;

namespace KerasBridge;

public sealed partial class Model
{
    /// <summary>The ONNX opset <see cref="ExportOnnx"/> writes when none is given (torch 1.13's default).</summary>
    public const int DefaultOnnxOpset = 14;

    /// <summary>
    /// Writes the model's inference computation (Dropout off, BatchNormalization with its moving statistics) as an
    /// ONNX file, atomically: float32, one graph input per Keras input and one output per Keras output, named as in
    /// Keras, with a dynamic batch dimension. Score it from .NET without Python with KerasBridge.Onnx's
    /// <c>OnnxModel</c>. Both engines export through the PyTorch engine's torch.onnx (the Keras engine loads its
    /// config and weights into it first); see docs/onnx.md.
    /// </summary>
    /// <param name="path">The file to write; must end in .onnx. Its folder must exist.</param>
    /// <param name="opset">The ONNX opset, 9 to 17 (null: <see cref="DefaultOnnxOpset"/>).</param>
    /// <exception cref="ArgumentException">The path does not end in .onnx, or the opset is out of range.</exception>
    /// <exception cref="NotSupportedException">A layer (named in the message) or the model cannot be exported; nothing was written.</exception>
    /// <exception cref="ModelFileException">The file could not be written; any previous file is unchanged.</exception>
    public void ExportOnnx(string path, int? opset = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (opset is { } value && value is < 9 or > 17)
        {
            throw new ArgumentOutOfRangeException(nameof(opset), value, $"Expected an ONNX opset from 9 to 17 (those torch 1.13 exports); got {value}.");
        }
        var full = Path.GetFullPath(path);
        Use(nameof(ExportOnnx), handle =>
        {
            using var target = new PyString(full);
            using var version = opset is { } o ? new PyInt(o) : null;
            PythonFunctions.Api("export_onnx").Invoke(handle, target, version ?? PyObject.None).Dispose();
            return 0;
        });
    }
}
