namespace KerasBridge;

/// <summary>Factories mirroring <c>keras.callbacks</c>.</summary>
public static partial class Callbacks
{
    /// <inheritdoc cref="KerasBridge.EarlyStopping(string, double, int, MonitorMode, double?, bool, int)"/>
    public static EarlyStopping EarlyStopping(string monitor = "val_loss", double minDelta = 0, int patience = 0,
        MonitorMode mode = MonitorMode.Auto, double? baseline = null, bool restoreBestWeights = false, int startFromEpoch = 0) =>
        new(monitor, minDelta, patience, mode, baseline, restoreBestWeights, startFromEpoch);

    /// <inheritdoc cref="KerasBridge.ModelCheckpoint(string, string, bool, bool, MonitorMode, double?, int?)"/>
    public static ModelCheckpoint ModelCheckpoint(string filepath, string monitor = "val_loss", bool saveBestOnly = false,
        bool saveWeightsOnly = false, MonitorMode mode = MonitorMode.Auto, double? initialValueThreshold = null, int? saveFreq = null) =>
        new(filepath, monitor, saveBestOnly, saveWeightsOnly, mode, initialValueThreshold, saveFreq);

    /// <inheritdoc cref="KerasBridge.ReduceLROnPlateau(string, double, int, MonitorMode, double, int, double)"/>
    public static ReduceLROnPlateau ReduceLROnPlateau(string monitor = "val_loss", double factor = 0.1, int patience = 10,
        MonitorMode mode = MonitorMode.Auto, double minDelta = 1e-4, int cooldown = 0, double minLr = 0.0) =>
        new(monitor, factor, patience, mode, minDelta, cooldown, minLr);

    /// <inheritdoc cref="KerasBridge.LearningRateScheduler(Func{int, double, double})"/>
    public static LearningRateScheduler LearningRateScheduler(Func<int, double, double> schedule) => new(schedule);

    /// <inheritdoc cref="KerasBridge.CSVLogger(string, string, bool)"/>
    public static CSVLogger CSVLogger(string filename, string separator = ",", bool append = false) => new(filename, separator, append);

    /// <inheritdoc cref="KerasBridge.BackupAndRestore(string, int?, bool, bool)"/>
    public static BackupAndRestore BackupAndRestore(string backupDir, int? saveFreq = null, bool doubleCheckpoint = false, bool deleteCheckpoint = true) =>
        new(backupDir, saveFreq, doubleCheckpoint, deleteCheckpoint);

    /// <inheritdoc cref="KerasBridge.TerminateOnNaN(bool)"/>
    public static TerminateOnNaN TerminateOnNaN(bool raiseError = false) => new(raiseError);

    /// <inheritdoc cref="KerasBridge.SwapEMAWeights(bool)"/>
    public static SwapEMAWeights SwapEMAWeights(bool swapOnEpoch = false) => new(swapOnEpoch);

    /// <inheritdoc cref="KerasBridge.ProgbarLogger()"/>
    public static ProgbarLogger ProgbarLogger() => new();

    /// <inheritdoc cref="KerasBridge.RemoteMonitor(string, string, string, IReadOnlyDictionary{string, string}, bool)"/>
    public static RemoteMonitor RemoteMonitor(string root = "http://localhost:9000", string path = "/publish/epoch/end/", string field = "data",
        IReadOnlyDictionary<string, string>? headers = null, bool sendAsJson = false) =>
        new(root, path, field, headers, sendAsJson);
}
