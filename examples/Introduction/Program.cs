// Episode 1, "Introduction": what one neuron computes, activation functions, a two-layer network with
// hand-set weights, and the loss exercise (squared error, mean squared error, Huber loss).
// Run: dotnet run --project examples/Introduction [-- --output DIR]
using KerasBridge;
using KerasBridge.Examples;
using static KerasBridge.Keras;

return ExampleRunner.Run(args, "Episode 1: Introduction", options =>
{
    // 1. One neuron: output = activation(sum_i x_i * w_i + b).
    ExampleRunner.Step("One neuron: X = (0, 0.5, 1), W = (-1, -0.5, 0.5), b = 1, ReLU");
    using (var neuron = Sequential(Input(shape: [3]), Layers.Dense(1, activation: "relu", name: "neuron")))
    {
        neuron.SetLayerWeights("neuron", new float[,] { { -1f }, { -0.5f }, { 0.5f } }, new[] { 1f });
        var output = neuron.Predict(new float[,] { { 0f, 0.5f, 1f } })[0, 0];
        Console.WriteLine("  by hand: ReLU(0 * -1 + 0.5 * -0.5 + 1 * 0.5 + 1) = ReLU(1.25) = 1.25");
        Console.WriteLine($"  the Keras neuron outputs: {output:0.####}");
    }

    // 2. Activation functions, each computed by a one-weight Keras Dense layer (kernel 1, bias 0) with that activation.
    ExampleRunner.Step("Activation functions");
    var x = Enumerable.Range(0, 201).Select(i => -5.0 + i * 0.05).ToArray();
    var column = new float[x.Length, 1];
    for (var i = 0; i < x.Length; i++)
    {
        column[i, 0] = (float)x[i];
    }
    var curves = new List<Series>();
    foreach (var (label, activation) in new[] { ("sigmoid", Activations.Sigmoid), ("ReLU", Activations.Relu), ("linear", Activations.Linear) })
    {
        using var layer = Sequential(Input(shape: [1]), Layers.Dense(1, activation: activation, name: "unit"));
        layer.SetLayerWeights("unit", new float[,] { { 1f } }, new[] { 0f });
        var y = layer.Predict(column);
        curves.Add(new Series(label, Enumerable.Range(0, x.Length).Select(i => (double)y[i, 0]).ToArray()));
        Console.WriteLine($"  {label,-8} at x = -2, 0, 2: {y[60, 0]:0.####}, {y[100, 0]:0.####}, {y[140, 0]:0.####}");
    }
    ExampleRunner.Wrote(Plots.Lines(x, curves, options.Output("activations.png"), "Activation functions", "x (weighted input)", "activation(x)"));

    // 3. A network with two inputs, two hidden ReLU neurons and one ReLU output:
    //    h1 = ReLU(x1 + x2), h2 = ReLU(x1 + x2 - 1), y = ReLU(h1 - 2 * h2).
    ExampleRunner.Step("Two-input network: h1 = ReLU(x1 + x2), h2 = ReLU(x1 + x2 - 1), y = ReLU(h1 - 2 h2)");
    using (var network = Sequential(Input(shape: [2]), Layers.Dense(2, activation: "relu", name: "hidden"), Layers.Dense(1, activation: "relu", name: "output")))
    {
        network.SetLayerWeights("hidden", new float[,] { { 1f, 1f }, { 1f, 1f } }, new[] { 0f, -1f });
        network.SetLayerWeights("output", new float[,] { { 1f }, { -2f } }, new[] { 0f });
        var inputs = new float[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
        var outputs = network.Predict(inputs);
        Console.WriteLine("  x1  x2 |  y");
        for (var i = 0; i < 4; i++)
        {
            Console.WriteLine($"  {inputs[i, 0],2}  {inputs[i, 1],2} | {outputs[i, 0],2:0.##}");
        }
        var truthTable = Enumerable.Range(0, 4).Select(i => outputs[i, 0]).ToArray();
        var isXor = truthTable.SequenceEqual([0f, 1f, 1f, 0f]);
        Console.WriteLine(isXor
            ? "  outputs 0, 1, 1, 0: the network computes XOR (exclusive or): 1 when exactly one input is 1."
            : $"  outputs {string.Join(", ", truthTable)}: not XOR.");
    }

    // 4. The loss exercise: predictions (1, 2, 0, 3) against expected values (-1, -1, 0, 2).
    ExampleRunner.Step("Loss exercise: predictions (1, 2, 0, 3), expected (-1, -1, 0, 2)");
    float[] predicted = [1, 2, 0, 3];
    float[] expected = [-1, -1, 0, 2];
    var squared = predicted.Zip(expected, (p, t) => (t - p) * (t - p)).ToArray();
    Console.WriteLine($"  squared errors: {string.Join(", ", squared)}");
    var mse = Losses.MeanSquaredError().Call(expected, predicted);
    Console.WriteLine($"  mean squared error (Keras MeanSquaredError): {mse:0.###}");
    var huber = Losses.Huber(1.0).Call(expected, predicted);
    Console.WriteLine($"  Huber loss, delta 1 (Keras Huber): {huber:0.###}  (per sample 1.5, 2.5, 0, 0.5)");

    // 5. Both losses as functions of the error y_true - y_pred, each point computed by the Keras loss.
    ExampleRunner.Step("Squared error and Huber loss as functions of the error");
    var errors = Enumerable.Range(0, 121).Select(i => -3.0 + i * 0.05).ToArray();
    var squaredLoss = Losses.MeanSquaredError();
    var huberLoss = Losses.Huber(1.0);
    double[] Curve(Loss loss) => errors.Select(e => loss.Call(new[] { (float)e }, new[] { 0f })).ToArray();
    ExampleRunner.Wrote(Plots.Lines(errors, [new("squared error", Curve(squaredLoss)), new("Huber loss (delta = 1)", Curve(huberLoss))],
        options.Output("losses.png"), "Loss as a function of the error", "error (y_true - y_pred)", "loss"));
});
