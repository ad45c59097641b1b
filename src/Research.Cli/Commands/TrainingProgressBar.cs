using Research.Core.Training;
using Spectre.Console;

namespace Research.Cli.Commands;

/// <summary>
/// Training progress as a live Spectre.Console bar (epoch, step, loss, elapsed time, ETA). The bar redraws on
/// its own thread between <see cref="Start"/> and <see cref="Finish"/>, so a trainer's Report costs a field write.
/// </summary>
internal sealed class TrainingProgressBar(IAnsiConsole console) : ITrainingProgress, IDisposable
{
    private Task? display;
    private TaskCompletionSource? finished;
    private ProgressTask? bar;
    private string name = "training";

    /// <summary>A bar on the terminal behind <paramref name="terminal"/> (the real stdout, even while a
    /// notebook cell has Console.Out redirected).</summary>
    public static TrainingProgressBar On(TextWriter terminal) =>
        new(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(terminal) }));

    public void Start(string name, int epochs, long stepsPerEpoch)
    {
        Stop();
        this.name = name;
        var ready = new TaskCompletionSource<ProgressTask>();
        finished = new TaskCompletionSource();
        var done = finished.Task;
        display = console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                ready.SetResult(context.AddTask(Markup.Escape(name), maxValue: Math.Max(1, epochs * stepsPerEpoch)));
                await done;
            });
        bar = ready.Task.GetAwaiter().GetResult();
    }

    public void Report(ProgressUpdate update)
    {
        if (bar is null) return;
        bar.Value = (update.Epoch - 1) * update.StepsPerEpoch + update.Step;
        bar.Description = Markup.Escape($"{name}  epoch {update.Epoch}/{update.Epochs}  loss {update.Loss:F4}");
    }

    public void Finish(string summary)
    {
        Stop();
        console.MarkupLine($"[green]{Markup.Escape(name)}[/] {Markup.Escape(summary)}");
    }

    private void Stop()
    {
        if (display is null) return;
        bar?.StopTask();
        finished!.TrySetResult();
        display.GetAwaiter().GetResult();
        display = null;
        bar = null;
    }

    public void Dispose() => Stop();
}
