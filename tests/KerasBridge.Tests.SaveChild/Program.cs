using KerasBridge;
using static KerasBridge.Keras;

// Usage: KerasBridge.Tests.SaveChild once|loop ENGINE TARGET
//   once: saves a large model (about 16 MB) once to TARGET (.keras with Save, .weights.h5 with SaveWeights);
//         exit 0, or 1 with the error message on stderr.
//   loop: saves it again and again, every weight of save number v set to v, printing "saving v" before and
//         "saved v" after each save, until killed.
if (args.Length != 3 || args[0] is not ("once" or "loop") || !Enum.TryParse<EngineKind>(args[1], ignoreCase: true, out var engine))
{
    Console.Error.WriteLine("usage: KerasBridge.Tests.SaveChild once|loop auto|keras|torch TARGET");
    return 2;
}
var target = args[2];
try
{
    using var model = Sequential(
        [Input(shape: [500], name: "input"), Layers.Dense(2000, name: "wide"), Layers.Dense(1500, name: "wider"), Layers.Dense(1, name: "out")],
        name: "big", engine: engine);
    var shapes = model.GetWeights().Select(w => Enumerable.Range(0, w.Rank).Select(w.GetLength).ToArray()).ToList();
    for (var version = 0; ; version++)
    {
        model.SetWeights(shapes.Select(shape => Filled(shape, version)).ToList());
        Console.Out.WriteLine($"saving {version}");
        Console.Out.Flush();
        if (target.EndsWith(".weights.h5", StringComparison.Ordinal))
        {
            model.SaveWeights(target);
        }
        else
        {
            model.Save(target);
        }
        Console.Out.WriteLine($"saved {version}");
        Console.Out.Flush();
        if (args[0] == "once")
        {
            return 0;
        }
    }
}
catch (Exception e) when (e is PythonError or IOException or ArgumentException)
{
    Console.Error.WriteLine($"{e.GetType().Name}: {e.Message}");
    return 1;
}

static Array Filled(int[] shape, float value)
{
    var array = Array.CreateInstance(typeof(float), shape);
    var flat = new float[array.Length];
    Array.Fill(flat, value);
    Buffer.BlockCopy(flat, 0, array, 0, flat.Length * sizeof(float));
    return array;
}
