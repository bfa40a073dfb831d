using KerasBridge;
using static KerasBridge.Keras;

// Usage: KerasBridge.Tests.SaveChild MODE ENGINE ...
//   once TARGET: saves a large model (about 16 MB) once to TARGET (.keras with Save, .weights.h5 with SaveWeights);
//         exit 0, or 1 with the error message on stderr.
//   loop TARGET: saves it again and again, every weight of save number v set to v, printing "saving v" before and
//         "saved v" after each save, until killed.
//   fulldisk FOLDER GOOD...: saves the large model's weights (SaveWeights) and then the model (Save) into FOLDER (a full
//         file system), printing "save failed: TYPE: MESSAGE" or "saved PATH" for each; then loads each GOOD model file
//         and prints "predicted GOOD: v1 v2 ..." for an input row of ones. Exit 0 when all that ran.
//   reload TARGET COUNT [MODEL]: loads TARGET (a model file, or with MODEL weights into that model) COUNT times while
//         another process rewrites it; prints "loaded L refused R"; exit 0 when each load either worked or threw
//         ModelFileException, 1 (with the exception on stderr) otherwise.
//   device DEVICE: starts Python with PythonOptions.TorchDevice = DEVICE and predicts a row of ones with a small model;
//         prints "predicted v on DEVICE" (the PyTorch engine's device; exit 0) or "failed: TYPE: MESSAGE" (exit 1).
var modes = new[] { "once", "loop", "fulldisk", "reload", "device" };
if (args.Length < 3 || !modes.Contains(args[0]) || !Enum.TryParse<EngineKind>(args[1], ignoreCase: true, out var engine))
{
    Console.Error.WriteLine("usage: KerasBridge.Tests.SaveChild once|loop|fulldisk|reload|device auto|keras|torch ...");
    return 2;
}
return args[0] switch
{
    "fulldisk" => FullDisk(engine, args[2], args[3..]),
    "device" => OnDevice(engine, args[2]),
    "reload" => Reload(engine, args[2], int.Parse(args[3]), args.Length > 4 ? args[4] : null),
    _ => SaveLoop(engine, args[0] == "once", args[2]),
};

static Model BigModel(EngineKind engine) => Sequential(
    [Input(shape: [500], name: "input"), Layers.Dense(2000, name: "wide"), Layers.Dense(1500, name: "wider"), Layers.Dense(1, name: "out")],
    name: "big", engine: engine);

static void Save(Model model, string target)
{
    if (target.EndsWith(".weights.h5", StringComparison.Ordinal))
    {
        model.SaveWeights(target);
    }
    else
    {
        model.Save(target);
    }
}

static int SaveLoop(EngineKind engine, bool once, string target)
{
    try
    {
        using var model = BigModel(engine);
        var shapes = model.GetWeights().Select(w => Enumerable.Range(0, w.Rank).Select(w.GetLength).ToArray()).ToList();
        for (var version = 0; ; version++)
        {
            model.SetWeights(shapes.Select(shape => Filled(shape, version)).ToList());
            Console.Out.WriteLine($"saving {version}");
            Console.Out.Flush();
            Save(model, target);
            Console.Out.WriteLine($"saved {version}");
            Console.Out.Flush();
            if (once)
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
}

static int FullDisk(EngineKind engine, string folder, string[] goodFiles)
{
    using (var big = BigModel(engine))
    {
        foreach (var target in new[] { Path.Combine(folder, "big.weights.h5"), Path.Combine(folder, "big.keras") })
        {
            try
            {
                Save(big, target);
                Console.Out.WriteLine($"saved {target}");
            }
            catch (PythonError e)
            {
                Console.Out.WriteLine($"save failed: {e.GetType().Name}: {e.Message}");
            }
            Console.Out.Flush();
        }
    }
    foreach (var good in goodFiles)
    {
        using var model = Models.LoadModel(good, engine: engine);
        var features = model.InputShape![^1]!.Value;
        var ones = new float[1, features];
        for (var i = 0; i < features; i++)
        {
            ones[0, i] = 1;
        }
        var y = model.Predict(ones);
        var values = Enumerable.Range(0, y.GetLength(1)).Select(j => y[0, j].ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        Console.Out.WriteLine($"predicted {good}: {string.Join(' ', values)}");
        Console.Out.Flush();
    }
    return 0;
}

static int Reload(EngineKind engine, string target, int count, string? modelFile)
{
    using var into = modelFile is null ? null : Models.LoadModel(modelFile, engine: engine);
    int loaded = 0, refused = 0;
    for (var i = 0; i < count; i++)
    {
        try
        {
            if (into is null)
            {
                Models.LoadModel(target, engine: engine).Dispose();
            }
            else
            {
                into.LoadWeights(target);
            }
            loaded++;
        }
        catch (ModelFileException)
        {
            refused++;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"load {i}: {e.GetType().FullName}: {e.Message}");
            return 1;
        }
    }
    Console.Out.WriteLine($"loaded {loaded} refused {refused}");
    return 0;
}

static Array Filled(int[] shape, float value)
{
    var array = Array.CreateInstance(typeof(float), shape);
    var flat = new float[array.Length];
    Array.Fill(flat, value);
    Buffer.BlockCopy(flat, 0, array, 0, flat.Length * sizeof(float));
    return array;
}

static int OnDevice(EngineKind engine, string device)
{
    try
    {
        PythonRuntime.Initialize(new PythonOptions { TorchDevice = device });
        using var model = Sequential([Input(shape: [3]), Layers.Dense(2, kernelInitializer: "ones")], engine: engine);
        var y = model.Predict(new float[,] { { 1, 1, 1 } });
        var on = PythonRuntime.Run(() =>
        {
            using var bridge = Python.Runtime.Py.Import("kerasbridge.bridge");
            using var torchEngine = bridge.InvokeMethod("get_engine", new Python.Runtime.PyString("torch"));
            return torchEngine.GetAttr("torch_device").ToString();
        });
        Console.WriteLine($"predicted {y[0, 0]} on {on}");
        return 0;
    }
    catch (Exception e)
    {
        Console.WriteLine($"failed: {e.GetType().Name}: {e.Message}");
        return 1;
    }
}
