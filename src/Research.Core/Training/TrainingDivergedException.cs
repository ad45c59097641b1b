namespace Research.Core.Training;

/// <summary>What the trainer does when a batch's loss, one of its terms or its gradient norm is NaN or infinite.</summary>
public enum NonFiniteAction
{
    /// <summary>Stop the run with <see cref="TrainingDivergedException"/>; the last checkpoint stays as it was.</summary>
    Stop,
    /// <summary>Skip the batch (no optimizer step) and count it in <see cref="EpochResult.SkippedBatches"/>.</summary>
    SkipBatch,
}

/// <summary>A run stopped at the first non-finite value: where, in which term, and which checkpoint is the last good one.</summary>
public sealed class TrainingDivergedException(int epoch, long step, string term, double value, string? lastCheckpoint)
    : Exception($"training diverged at epoch {epoch}, step {step}: {term} is {value}" +
                (lastCheckpoint is null ? " (no checkpoint was written)" : $"; the last good checkpoint is {lastCheckpoint} (left as it was)"))
{
    public int Epoch { get; } = epoch;
    public long Step { get; } = step;

    /// <summary>"loss", a term of the objective (such as "augmented"), or "gradient norm".</summary>
    public string Term { get; } = term;

    public double Value { get; } = value;
    public string? LastCheckpoint { get; } = lastCheckpoint;
}
