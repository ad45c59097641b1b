using System.Diagnostics;
using Research.Core.Training;

namespace Research.Core.Experiments;

/// <summary>
/// One run being recorded. Per-step metrics are buffered and written in batches (every
/// <see cref="FlushRows"/> rows or <see cref="FlushInterval"/>), so logging every step stays cheap; epoch
/// metrics, results and the end of the run are written at once. Disposing a run that was neither completed
/// nor failed marks it failed.
/// </summary>
public sealed class RunLog : IDisposable
{
    public const int FlushRows = 512;
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(2);

    private readonly RunStore store;
    private readonly List<(MetricKind, long, string, double)> pending = [];
    private readonly Stopwatch sinceFlush = Stopwatch.StartNew();
    private bool ended;

    /// <summary>Whether Complete, Fail, Diverge or Dispose has ended the run.</summary>
    public bool Ended => ended;

    internal RunLog(RunStore store, long id, string experiment, int seed)
    {
        this.store = store;
        Id = id;
        Experiment = experiment;
        Seed = seed;
    }

    public long Id { get; }
    public string Experiment { get; }
    public int Seed { get; }

    /// <summary>Logs a metric at a training step.</summary>
    public void LogStep(long step, string name, double value)
    {
        Add(MetricKind.Step, step, name, value);
        if (pending.Count >= FlushRows || sinceFlush.Elapsed >= FlushInterval) Flush();
    }

    /// <summary>Logs a metric at the end of an epoch (an evaluation, say).</summary>
    public void LogEpoch(int epoch, string name, double value)
    {
        Add(MetricKind.Epoch, epoch, name, value);
        Flush();
    }

    /// <summary>Records a final result; a second value for the same name replaces the first.</summary>
    public void SetResult(string name, double value)
    {
        ThrowIfEnded();
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Flush();
        store.WriteResult(Id, name, value);
    }

    public void Complete() => End(RunStatus.Completed, null);

    public void Fail(string error) => End(RunStatus.Failed, error);

    /// <summary>Ends the run as stopped by a NaN or infinite value; <paramref name="error"/> says where.</summary>
    public void Diverge(string error) => End(RunStatus.Diverged, error);

    /// <summary>Ends the run for an error: diverged for a <see cref="TrainingDivergedException"/> (its message says
    /// where), else failed with the exception's type and message.</summary>
    public void EndWithError(Exception error)
    {
        if (error is TrainingDivergedException) Diverge(error.Message);
        else Fail($"{error.GetType().Name}: {error.Message}");
    }

    /// <summary>Writes the buffered step metrics now.</summary>
    public void Flush()
    {
        store.WriteMetrics(Id, pending);
        pending.Clear();
        sinceFlush.Restart();
    }

    private void Add(MetricKind kind, long step, string name, double value)
    {
        ThrowIfEnded();
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), $"step must not be negative, got {step}");
        pending.Add((kind, step, name, value));
    }

    private void End(RunStatus status, string? error)
    {
        ThrowIfEnded();
        Flush();
        store.WriteEnd(Id, status, error);
        ended = true;
    }

    private void ThrowIfEnded()
    {
        if (ended) throw new InvalidOperationException($"run {Id} of '{Experiment}' has already ended");
    }

    public void Dispose()
    {
        if (!ended) End(RunStatus.Failed, "the run was disposed before Complete() or Fail()");
    }
}

/// <summary>Training work recorded by a run log, or by none.</summary>
public static class RunLogGuard
{
    /// <summary>
    /// Runs <paramref name="work"/>; if it throws while <paramref name="run"/> is still open, the run ends through
    /// <see cref="RunLog.EndWithError"/> and the exception propagates. A null run just runs the work.
    /// </summary>
    public static T Guard<T>(this RunLog? run, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (Exception e) when (run is { Ended: false })
        {
            run.EndWithError(e);
            throw;
        }
    }
}
