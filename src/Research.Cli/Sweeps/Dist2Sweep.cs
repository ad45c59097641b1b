using System.Globalization;
using Research.Core.Experiments;
using Research.Core.Experiments.Dist2;

namespace Research.Cli.Sweeps;

/// <summary>The DIST2 grid of notebook 01 (<see cref="Dist2Grid"/>): tuning α and τ, then Task A and Task B at the
/// tuned pair.</summary>
internal static class Dist2Sweep
{
    internal static int Run(string scaleName, IReadOnlyList<int> seeds, int workers, int? steps)
    {
        if (steps is < 1) throw new ArgumentException($"--steps must be at least 1, got {steps}");
        var scale = Dist2Scale.Named(scaleName);
        using var store = RunStore.OpenDefault();
        var logs = SweepPhase.LogFolder(store.Path, $"dist2-{scale.Name}");
        var failed = 0;

        var tuning = Dist2Grid.Tuning(scale, seeds[0], steps);
        failed += SweepPhase.Run("tuning", tuning.Where(s => RegressionRunner.Find(scale, s, store) is null).Select(s => Of(scale, s)).ToList(),
            tuning.Count, workers, store.Path, logs);
        var tuned = tuning.Select(s => RegressionRunner.Find(scale, s, store)).ToList();
        if (tuned.Any(r => r is null))
        {
            Console.Error.WriteLine($"research sweep dist2: {tuned.Count(r => r is null)} tuning runs did not complete (logs in {logs}); α and τ cannot be chosen");
            return 1;
        }
        var (alpha, tau) = Dist2Grid.Choose(tuned!);
        Console.WriteLine($"chosen on validation MAE: alpha = {alpha.ToString(CultureInfo.InvariantCulture)}, tau = {tau.ToString(CultureInfo.InvariantCulture)}");

        var taskA = Dist2Grid.TaskA(scale, seeds, alpha, tau, steps);
        var taskB = Dist2Grid.TaskB(scale, seeds, alpha, tau, steps);
        var missing = taskA.Where(s => RegressionRunner.Find(scale, s, store) is null).Select(s => Of(scale, s))
            .Concat(taskB.Where(s => BlobRunner.Find(s, store) is null).Select(Of)).ToList();
        failed += SweepPhase.Run("tasks A and B", missing, taskA.Count + taskB.Count, workers, store.Path, logs);
        return SweepPhase.Finish("dist2", failed, logs, store.Path, $"every run of the {scale.Name} grid is in {store.Path}; notebook 01 at this scale now reads them");
    }

    private static SweepRun Of(Dist2Scale scale, RegressionRunSpec spec) => Of(TrainDist2Config.Of(scale.Name, spec));

    private static SweepRun Of(BlobRunSpec spec) => Of(TrainDist2Config.Of(spec));

    private static SweepRun Of(TrainDist2Config c)
    {
        var at = c.Condition == "ce" ? "" : string.Create(CultureInfo.InvariantCulture, $" (alpha {c.Alpha}, tau {c.Tau})");
        return new SweepRun($"{c.Task}-{c.Tokenisation}-{c.Condition}-n{c.TrainSize}-s{c.Seed}", $"{c.Task} {c.Tokenisation} {c.Condition}{at} N={c.TrainSize} seed {c.Seed}",
            "dist2", c);
    }
}
