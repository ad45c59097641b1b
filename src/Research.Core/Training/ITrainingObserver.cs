namespace Research.Core.Training;

/// <summary>The start of a run (or of its continuation from a checkpoint).</summary>
public sealed record RunStart(string Name, int Epochs, long StepsPerEpoch, int EpochsDone, long GlobalStep);

/// <summary>One optimisation step: its place in the run and its batch's sums.</summary>
public sealed record StepEnd(int Epoch, int Epochs, long Step, long StepsPerEpoch, long GlobalStep, LossSums Sums)
{
    public ProgressUpdate Progress => new(Epoch, Epochs, Step, StepsPerEpoch, Sums.MeanLoss);
}

/// <summary>
/// The one listener a trainer has: progress display, run-store logging and checkpoint bookkeeping all observe the
/// same events. Every method has an empty default, so an observer implements only what it needs.
/// </summary>
public interface ITrainingObserver
{
    void RunStarted(RunStart start) { }
    void StepEnded(StepEnd step) { }
    void EpochEnded(EpochResult epoch) { }
    void CheckpointSaved(string path, int epoch) { }

    /// <summary>A native error interrupted the epoch; the trainer restored the epoch's starting state and runs it again.</summary>
    void Recovered(int epoch, int attempt, Exception error) { }

    /// <summary>A batch was skipped because of a non-finite value (with <see cref="NonFiniteAction.SkipBatch"/>).</summary>
    void BatchSkipped(int epoch, long step, string term, double value) { }

    void RunFinished(IReadOnlyList<EpochResult> history) { }
}

/// <summary>Observers for common needs, and a way to combine them.</summary>
public static class TrainingObservers
{
    public static ITrainingObserver None { get; } = new Many([]);

    public static ITrainingObserver Combine(params ITrainingObserver?[] observers) => new Many(observers.OfType<ITrainingObserver>().ToArray());

    /// <summary>Shows progress (a text line or a bar) from the step events.</summary>
    public static ITrainingObserver Progress(ITrainingProgress progress) => new ProgressObserver(progress);

    private sealed class Many(ITrainingObserver[] observers) : ITrainingObserver
    {
        public void RunStarted(RunStart start) { foreach (var o in observers) o.RunStarted(start); }
        public void StepEnded(StepEnd step) { foreach (var o in observers) o.StepEnded(step); }
        public void EpochEnded(EpochResult epoch) { foreach (var o in observers) o.EpochEnded(epoch); }
        public void CheckpointSaved(string path, int epoch) { foreach (var o in observers) o.CheckpointSaved(path, epoch); }
        public void Recovered(int epoch, int attempt, Exception error) { foreach (var o in observers) o.Recovered(epoch, attempt, error); }
        public void BatchSkipped(int epoch, long step, string term, double value) { foreach (var o in observers) o.BatchSkipped(epoch, step, term, value); }
        public void RunFinished(IReadOnlyList<EpochResult> history) { foreach (var o in observers) o.RunFinished(history); }
    }

    private sealed class ProgressObserver(ITrainingProgress progress) : ITrainingObserver
    {
        public void RunStarted(RunStart start) => progress.Start(start.Name, start.Epochs, start.StepsPerEpoch);
        public void StepEnded(StepEnd step) => progress.Report(step.Progress);

        public void RunFinished(IReadOnlyList<EpochResult> history) =>
            progress.Finish(history.Count == 0 ? "no epochs"
                : history.Any(e => e.Valid is not null) ? $"best valid loss {history.Where(e => e.Valid is not null).Min(e => e.Valid!.MeanLoss):F4}"
                : $"last train loss {history[^1].Train.MeanLoss:F4}");
    }
}
