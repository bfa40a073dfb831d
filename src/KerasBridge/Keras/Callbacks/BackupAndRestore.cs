using System.Text.Json.Nodes;

namespace KerasBridge;

/// <summary>
/// <c>keras.callbacks.BackupAndRestore</c>: fault-tolerant training. After each epoch (or every <see cref="SaveFreq"/>
/// batches) the weights with the optimizer's state go to <c>latest.weights.h5</c> in <see cref="BackupDir"/>, with the
/// epochs done in <c>training_metadata.json</c>; a Fit that finds a backup there loads it and goes on from that epoch
/// (its History holds the remaining epochs). A Fit that completes deletes the backup unless
/// <see cref="DeleteCheckpoint"/> is false. The backup of either engine is one the other resumes from.
/// </summary>
public sealed class BackupAndRestore : KerasCallback
{
    /// <summary>Creates the callback.</summary>
    /// <param name="backupDir">The directory of the backup (created when needed); give each training run its own.</param>
    /// <param name="saveFreq">Null to back up after every epoch; n to back up every n training batches.</param>
    /// <param name="doubleCheckpoint">Keep the previous backup too (<c>*.bkp</c>), used when the latest cannot be read.</param>
    /// <param name="deleteCheckpoint">Delete the backup directory when the Fit completes.</param>
    public BackupAndRestore(string backupDir, int? saveFreq = null, bool doubleCheckpoint = false, bool deleteCheckpoint = true)
    {
        if (string.IsNullOrWhiteSpace(backupDir))
        {
            throw new ArgumentException($"Expected a backup directory; got '{backupDir}'.", nameof(backupDir));
        }
        if (saveFreq is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(saveFreq), saveFreq, $"Expected saveFreq >= 1 (batches) or null (every epoch); got {saveFreq}.");
        }
        BackupDir = backupDir;
        SaveFreq = saveFreq;
        DoubleCheckpoint = doubleCheckpoint;
        DeleteCheckpoint = deleteCheckpoint;
    }

    /// <summary>The directory of the backup.</summary>
    public string BackupDir { get; }

    /// <summary>Backs up every this many batches; null for after every epoch.</summary>
    public int? SaveFreq { get; }

    /// <summary>Whether the previous backup is kept as a fallback.</summary>
    public bool DoubleCheckpoint { get; }

    /// <summary>Whether a completed Fit deletes the backup.</summary>
    public bool DeleteCheckpoint { get; }

    private protected override JsonObject Config(int index) => new()
    {
        ["backup_dir"] = BackupDir,
        ["save_freq"] = SaveFreq is { } batches ? batches : "epoch",
        ["double_checkpoint"] = DoubleCheckpoint,
        ["delete_checkpoint"] = DeleteCheckpoint,
    };
}
