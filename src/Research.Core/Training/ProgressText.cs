using System.Diagnostics;

namespace Research.Core.Training;

/// <summary>
/// Progress as lines of text, at most one per <c>interval</c> (plus the first and the last step), so a
/// notebook cell or a log shows a run's pace without flooding:
/// <c>spiral seed 1: epoch 2/5  step 120/300  loss 0.4213  elapsed 12s  ETA 30s</c>.
/// </summary>
public sealed class ProgressText : ITrainingProgress
{
    private readonly TextWriter writer;
    private readonly TimeSpan interval;
    private readonly Func<TimeSpan> clock;
    private string name = "training";
    private TimeSpan started;
    private TimeSpan? lastWritten;

    /// <param name="writer">Where the lines go; null means the console at the time of each line.</param>
    /// <param name="interval">The least time between two lines.</param>
    /// <param name="clock">The time since some fixed point (tests pass a fake one).</param>
    public ProgressText(TextWriter? writer = null, TimeSpan? interval = null, Func<TimeSpan>? clock = null)
    {
        var every = interval ?? TimeSpan.FromSeconds(5);
        if (every < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), $"interval must not be negative, got {every}");
        this.writer = writer ?? new ConsoleOut();
        this.interval = every;
        if (clock is null)
        {
            var watch = Stopwatch.StartNew();
            clock = () => watch.Elapsed;
        }
        this.clock = clock;
    }

    public void Start(string name, int epochs, long stepsPerEpoch)
    {
        this.name = name;
        started = clock();
        lastWritten = null;
    }

    public void Report(ProgressUpdate update)
    {
        update.Validate();
        var now = clock();
        var last = update.Epoch == update.Epochs && update.Step == update.StepsPerEpoch;
        if (!last && lastWritten is { } previous && now - previous < interval) return;
        lastWritten = now;
        var elapsed = now - started;
        var eta = update.Eta(elapsed) is { } left && !last ? $"  ETA {TrainingProgress.Format(left)}" : "";
        writer.WriteLine(
            $"{name}: epoch {update.Epoch}/{update.Epochs}  step {update.Step}/{update.StepsPerEpoch}  loss {update.Loss:F4}  elapsed {TrainingProgress.Format(elapsed)}{eta}");
    }

    public void Finish(string summary) =>
        writer.WriteLine($"{name}: done in {TrainingProgress.Format(clock() - started)}. {summary}");

    /// <summary>Writes to whatever Console.Out is when a line is written (a notebook cell redirects it).</summary>
    private sealed class ConsoleOut : TextWriter
    {
        public override System.Text.Encoding Encoding => Console.Out.Encoding;
        public override void Write(char value) => Console.Out.Write(value);
        public override void Write(string? value) => Console.Out.Write(value);
        public override void WriteLine(string? value) => Console.Out.WriteLine(value);
    }
}
