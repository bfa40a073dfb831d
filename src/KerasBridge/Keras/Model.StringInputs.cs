using System.Text.Json;

namespace KerasBridge;

/// <summary>
/// String inputs (<c>Input(shape: [1], dtype: "string")</c> feeding a StringLookup): a model input takes strings
/// (<c>string[]</c>, <c>string[,]</c>, <c>string[][]</c>) exactly when its dtype is "string", which is checked before data
/// reaches the engine, so a text column given to a numeric input is refused rather than parsed as numbers.
/// </summary>
public sealed partial class Model
{
    // The input names and their dtypes, replaced as one reference (Predict may run on several threads).
    private InputDTypeCache? _inputDTypes;

    private sealed record InputDTypeCache(IReadOnlyList<string> Names, IReadOnlyList<string> DTypes);

    /// <summary>
    /// Each input's dtype in <see cref="InputNames"/> order, read from the model's InputLayers once for these input names
    /// (a model's inputs change only when a model made without an Input is built by its first fit).
    /// </summary>
    private IReadOnlyList<string> InputDTypes(string operation)
    {
        var names = InputNames;
        if (_inputDTypes is { } cached && (ReferenceEquals(cached.Names, names) || cached.Names.SequenceEqual(names)))
        {
            return cached.DTypes;
        }
        var json = Use(operation, handle =>
        {
            using var dtypes = PythonFunctions.Api("input_dtypes").Invoke(handle);
            return dtypes.As<string>();
        });
        var result = JsonSerializer.Deserialize<List<string>>(json) ?? [];
        _inputDTypes = new InputDTypeCache(names, result);
        return result;
    }

    /// <summary>The single-input methods' x (and validation x): strings exactly for a string input.</summary>
    private void CheckInputKind(string operation, Array? x, string parameter)
    {
        if (x is null || InputNames.Count != 1)
        {
            return;
        }
        var dtypes = InputDTypes(operation);
        if (dtypes.Count == 1)
        {
            CheckKind(InputNames[0], dtypes[0], x, parameter, parameter);
        }
    }

    /// <summary>The dictionary methods' x: each input's array holds strings exactly when that input is a string input.</summary>
    private void CheckInputKinds(IReadOnlyDictionary<string, Array> arrays, string parameter)
    {
        var dtypes = InputDTypes("Fit, Predict or Evaluate");
        for (var i = 0; i < dtypes.Count && i < InputNames.Count; i++)
        {
            if (arrays.TryGetValue(InputNames[i], out var array) && array is not null)
            {
                CheckKind(InputNames[i], dtypes[i], array, $"{parameter}[\"{InputNames[i]}\"]", parameter);
            }
        }
    }

    private void CheckKind(string input, string dtype, Array array, string shown, string parameter)
    {
        var strings = NumpyStrings.Holds(array);
        if (strings && dtype != "string")
        {
            throw new ArgumentException(
                $"Expected a numeric array for input '{input}' of model '{Name}' (dtype {dtype}) in {shown}; got {array.GetType().Name}. "
                + "Only an input made with Input(shape, dtype: \"string\") takes strings.", parameter);
        }
        if (!strings && dtype == "string")
        {
            throw new ArgumentException(
                $"Expected a string array (string[,], string[] or string[][]) for input '{input}' of model '{Name}' (dtype string) in {shown}; "
                + $"got {array.GetType().Name}.", parameter);
        }
    }
}
