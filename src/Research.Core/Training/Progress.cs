namespace Research.Core.Training;

/// <summary>Where a training run is after a step. Epochs and steps count from 1; <see cref="Step"/> is the
/// step within the epoch.</summary>
public readonly record struct ProgressUpdate(int Epoch, int Epochs, long Step, long StepsPerEpoch, double Loss)
{
    /// <summary>The part of the run done, in [0, 1].</summary>
    public double Fraction =>
        Epochs <= 0 || StepsPerEpoch <= 0 ? 0 : Math.Clamp(((Epoch - 1) * (double)StepsPerEpoch + Step) / ((double)Epochs * StepsPerEpoch), 0, 1);

    /// <summary>The time left if the rest goes at the pace so far; null before any progress.</summary>
    public TimeSpan? Eta(TimeSpan elapsed) =>
        Fraction <= 0 ? null : TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - Fraction) / Fraction);

    internal void Validate()
    {
        if (Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(Epochs), $"epochs must be positive, got {Epochs}");
        if (Epoch < 1 || Epoch > Epochs) throw new ArgumentOutOfRangeException(nameof(Epoch), $"epoch must be in [1, {Epochs}], got {Epoch}");
        if (StepsPerEpoch <= 0) throw new ArgumentOutOfRangeException(nameof(StepsPerEpoch), $"steps per epoch must be positive, got {StepsPerEpoch}");
        if (Step < 0 || Step > StepsPerEpoch) throw new ArgumentOutOfRangeException(nameof(Step), $"step must be in [0, {StepsPerEpoch}], got {Step}");
    }
}

/// <summary>
/// Receives a training run's progress. Trainers call <see cref="Report"/> after every step; implementations
/// decide how often to show it (a terminal bar, throttled text in a notebook), so reporting stays cheap.
/// </summary>
public interface ITrainingProgress
{
    /// <summary>A run named <paramref name="name"/> begins.</summary>
    void Start(string name, int epochs, long stepsPerEpoch);

    void Report(ProgressUpdate update);

    /// <summary>The run ended; <paramref name="summary"/> says how (final loss, accuracy).</summary>
    void Finish(string summary);
}

/// <summary>Ready-made reporters.</summary>
public static class TrainingProgress
{
    /// <summary>Shows nothing.</summary>
    public static ITrainingProgress None { get; } = new Silent();

    /// <summary>Sends every call to each reporter.</summary>
    public static ITrainingProgress Combine(params ITrainingProgress[] reporters) =>
        reporters.Length == 1 ? reporters[0] : new Fanout(reporters);

    /// <summary>How a duration reads in a progress line: 42s, 3:07 or 1:02:03.</summary>
    public static string Format(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours}:{span.Minutes:D2}:{span.Seconds:D2}"
        : span.TotalMinutes >= 1 ? $"{span.Minutes}:{span.Seconds:D2}"
        : $"{span.TotalSeconds:F0}s";

    private sealed class Silent : ITrainingProgress
    {
        public void Start(string name, int epochs, long stepsPerEpoch) { }
        public void Report(ProgressUpdate update) { }
        public void Finish(string summary) { }
    }

    private sealed class Fanout(ITrainingProgress[] reporters) : ITrainingProgress
    {
        public void Start(string name, int epochs, long stepsPerEpoch)
        {
            foreach (var r in reporters) r.Start(name, epochs, stepsPerEpoch);
        }

        public void Report(ProgressUpdate update)
        {
            foreach (var r in reporters) r.Report(update);
        }

        public void Finish(string summary)
        {
            foreach (var r in reporters) r.Finish(summary);
        }
    }
}
