using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KerasBridge.Tests.Support;
using static KerasBridge.Tests.Support.PythonOutputCapture;
using static KerasBridge.Tests.Training.CallbackTestModels;

namespace KerasBridge.Tests.Training;

/// <summary>SwapEMAWeights, a given ProgbarLogger and RemoteMonitor on both engines, and their argument checks.</summary>
[Collection(SerialCollection.Name)]
public sealed class ExtraCallbackTests
{
    public static TheoryData<EngineKind> EngineCases() => Engines();

    private static Optimizer Ema(bool useEma = true) => Optimizers.Adam(learningRate: 0.05, useEma: useEma, emaMomentum: 0.8);

    private static History FitClassifier(Model model, IReadOnlyList<Callback> callbacks, int epochs = 3, Verbosity verbose = default) =>
        model.Fit(X(), Y(), epochs: epochs, batchSize: 16, validationSplit: 0.25, shuffle: false, callbacks: callbacks, verbose: verbose);

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void SwapEMAWeightsValidatesWithTheAverages(EngineKind engine)
    {
        Require(engine);
        using var plain = Classifier(engine, Ema());
        using var swapped = Classifier(engine, Ema());
        var without = FitClassifier(plain, []);
        var with = FitClassifier(swapped, [Callbacks.SwapEMAWeights()]);
        for (var epoch = 0; epoch < 3; epoch++)
        {
            AssertClose(without["loss"][epoch], with["loss"][epoch], $"loss[{epoch}]: training goes on from the weights");
        }
        Assert.True(Math.Abs(without["val_loss"][2] - with["val_loss"][2]) > 1e-4, "validation saw the averages");
        // After Fit the weights are the averages (finalize_variable_values), which the last validation used.
        var validation = swapped.Evaluate(Slice(X(), 45, 60), Y()[45..], batchSize: 16);
        AssertClose(with["val_loss"][2], validation["loss"], "val_loss of the last epoch");

        // swapOnEpoch keeps the averages in the model between epochs: the Fit ends with them all the same.
        using var onEpoch = Classifier(engine, Ema());
        var history = FitClassifier(onEpoch, [Callbacks.SwapEMAWeights(swapOnEpoch: true)]);
        AssertSameHistory(with, history);
        var weights = onEpoch.GetWeights();
        var expected = swapped.GetWeights();
        for (var i = 0; i < weights.Count; i++)
        {
            Assert.Equal(expected[i].Cast<float>(), weights[i].Cast<float>());
        }

        using var noEma = Classifier(engine, Ema(useEma: false));
        var error = Assert.ThrowsAny<ArgumentException>(() => FitClassifier(noEma, [Callbacks.SwapEMAWeights()]));
        Assert.Contains("use_ema=True", error.Message);
    }

    [Fact]
    public void SwapEMAWeightsHistoriesAreTheSameOnBothEngines()
    {
        EngineSupport.RequireKeras();
        var histories = new[] { EngineKind.Keras, EngineKind.Torch }.Select(engine =>
        {
            using var model = Classifier(engine, Ema());
            return FitClassifier(model, [Callbacks.SwapEMAWeights(swapOnEpoch: true), Callbacks.EarlyStopping(patience: 1)]);
        }).ToArray();
        AssertSameHistory(histories[0], histories[1]);
    }

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void AGivenProgbarLoggerPrintsAtItsPlaceWithFitsVerbose(EngineKind engine)
    {
        Require(engine);
        var plateau = Callbacks.ReduceLROnPlateau(monitor: "loss", patience: 0, factor: 0.5);
        using var model = Classifier(engine, Optimizers.Adam(learningRate: 0.05));
        Assert.Equal("", Captured(() => FitClassifier(model, [Callbacks.ProgbarLogger()], epochs: 2)));

        History? history = null;
        var given = Lines(Captured(() => history = FitClassifier(model, [Callbacks.ProgbarLogger(), plateau], epochs: 2, verbose: 2)));
        Assert.Equal(["Epoch 1/2", "Epoch 2/2"], new[] { given[0], given[2] });
        Assert.Equal(4, given.Length);
        Assert.Matches(new Regex($@"^3/3 - \d+s - \d+(us|ms|s)/step - accuracy: {F(history!, "accuracy")} - loss: {F(history!, "loss")} - val_accuracy: {F(history!, "val_accuracy")} - val_loss: {F(history!, "val_loss")}$"), given[3]);
        Assert.Contains("learning_rate", history!.Keys);

        // Fit's own logger comes after the given callbacks: it prints the learning rate ReduceLROnPlateau added, last.
        var fits = Lines(Captured(() => history = FitClassifier(model, [plateau], epochs: 2, verbose: 2)));
        Assert.Matches(new Regex($@" - val_loss: {F(history!, "val_loss")} - learning_rate: {F(history!, "learning_rate")}$"), fits[3]);
    }

    private static string F(History history, string key) => Regex.Escape(history[key][^1].ToString("F4", System.Globalization.CultureInfo.InvariantCulture));

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [MemberData(nameof(EngineCases))]
    public void RemoteMonitorPostsEachEpochsLogs(EngineKind engine)
    {
        Require(engine);
        foreach (var asJson in new[] { true, false })
        {
            using var server = new RecordingServer();
            using var model = Classifier(engine);
            var history = FitClassifier(model, [Callbacks.RemoteMonitor(root: server.Root, path: "/runs/7", field: "payload",
                headers: new Dictionary<string, string> { ["X-Run"] = "seven" }, sendAsJson: asJson)], epochs: 2);
            var received = server.Received;
            Assert.Equal(2, received.Count);
            for (var epoch = 0; epoch < 2; epoch++)
            {
                var (path, headers, body) = received[epoch];
                Assert.Equal("/runs/7", path);
                Assert.Equal("seven", headers["X-Run"]);
                Assert.Equal(asJson ? "application/json" : "application/x-www-form-urlencoded", headers["Content-Type"]);
                if (!asJson)
                {
                    Assert.StartsWith("payload=", body);
                }
                var json = asJson ? body : WebUtility.UrlDecode(body["payload=".Length..]);
                var sent = JsonNode.Parse(json)!.AsObject();
                Assert.Equal(epoch, (int)sent["epoch"]!);
                Assert.Equal(history.Keys.Order(), sent.Select(p => p.Key).Where(k => k != "epoch").Order());
                foreach (var key in history.Keys)
                {
                    AssertClose(history[key][epoch], (double)sent[key]!, $"{key} sent at epoch {epoch}");
                }
            }
        }
    }

    [Fact]
    public void FactoriesCheckTheirArguments()
    {
        Assert.Equal("root", Assert.Throws<ArgumentException>(() => Callbacks.RemoteMonitor(root: "localhost:9000")).ParamName);
        Assert.Equal("field", Assert.Throws<ArgumentException>(() => Callbacks.RemoteMonitor(field: "")).ParamName);
        Assert.Equal("headers", Assert.Throws<ArgumentException>(() =>
            Callbacks.RemoteMonitor(headers: new Dictionary<string, string> { [" "] = "x" })).ParamName);
        var monitor = Callbacks.RemoteMonitor();
        Assert.Equal(("http://localhost:9000", "/publish/epoch/end/", "data", false), (monitor.Root, monitor.Path, monitor.Field, monitor.SendAsJson));
        Assert.Null(monitor.Headers);
        Assert.False(Callbacks.SwapEMAWeights().SwapOnEpoch);
        Assert.IsType<ProgbarLogger>(Callbacks.ProgbarLogger());
    }

    /// <summary>A local HTTP server that records each request's (path, headers, body) and answers 200.</summary>
    private sealed class RecordingServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly List<(string Path, Dictionary<string, string> Headers, string Body)> _received = [];
        private readonly Task _serving;

        public RecordingServer()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Root = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Root + "/");
            _listener.Start();
            _serving = Task.Run(Serve);
        }

        public string Root { get; }

        public IReadOnlyList<(string Path, Dictionary<string, string> Headers, string Body)> Received
        {
            get
            {
                lock (_received)
                {
                    return [.. _received];
                }
            }
        }

        private async Task Serve()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!);
                lock (_received)
                {
                    _received.Add((context.Request.Url!.AbsolutePath, headers, body));
                }
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
