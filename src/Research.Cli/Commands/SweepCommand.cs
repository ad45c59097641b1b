using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Research.Cli.Sweeps;
using Research.Core.Experiments;
using Research.Core.Experiments.Dist2;

namespace Research.Cli.Commands;

/// <summary>
/// <c>research sweep dist2 --scale full --workers 2</c>: the runs of notebook 01 (<see cref="Dist2Grid"/>), each a child
/// <c>research train dist2 --reuse</c> process, several at a time, into the run store. Runs the store already holds
/// from this code revision are skipped, so a stopped sweep continues where it stopped; the notebook then reads them.
/// </summary>
[CliCommand]
internal static class SweepCommand
{
    internal static Command Create()
    {
        var scale = new Option<string>("--scale") { Description = "quick or full (Dist2Scale).", DefaultValueFactory = _ => "quick" };
        var seeds = new Option<string>("--seeds") { Description = "Comma-separated seeds; the first one tunes α and τ.", DefaultValueFactory = _ => "1,2,3,4,5" };
        var workers = new Option<int>("--workers") { Description = "Runs at a time, each one process with one thread.", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount) };
        var steps = new Option<int?>("--steps") { Description = "Override every run's number of optimizer steps (for smoke tests; changes the runs' configs)." };
        var dist2 = new Command("dist2", "Run the DIST2 grid of notebook 01 (tuning, then Task A and Task B at the tuned α, τ) in parallel processes.")
            { scale, seeds, workers, steps };
        dist2.SetAction(parse => UserErrors.Report("sweep dist2", () =>
            SweepDist2(parse.GetValue(scale)!, ParseSeeds(parse.GetValue(seeds)!), parse.GetValue(workers), parse.GetValue(steps))));
        return new Command("sweep", "Fill the run store with an experiment's whole grid, several runs at a time.") { dist2 };
    }

    private static int SweepDist2(string scaleName, IReadOnlyList<int> seeds, int workers, int? steps)
    {
        if (workers < 1) throw new ArgumentException($"--workers must be at least 1, got {workers}");
        if (steps is < 1) throw new ArgumentException($"--steps must be at least 1, got {steps}");
        var scale = Dist2Scale.Named(scaleName);
        using var store = RunStore.OpenDefault();
        var logs = Path.Combine(Path.GetDirectoryName(store.Path)!, "sweeps", $"dist2-{scale.Name}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
        var failed = 0;

        var tuning = Dist2Grid.Tuning(scale, seeds[0], steps);
        failed += RunMissing("tuning", tuning.Where(s => RegressionRunner.Find(scale, s, store) is null)
            .Select(s => TrainDist2Config.Of(scale.Name, s)).ToList(), workers, store, logs, tuning.Count);
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
        var missing = taskA.Where(s => RegressionRunner.Find(scale, s, store) is null).Select(s => TrainDist2Config.Of(scale.Name, s))
            .Concat(taskB.Where(s => BlobRunner.Find(s, store) is null).Select(TrainDist2Config.Of)).ToList();
        failed += RunMissing("tasks A and B", missing, workers, store, logs, taskA.Count + taskB.Count);
        if (failed > 0)
        {
            Console.Error.WriteLine($"research sweep dist2: {failed} runs failed; their logs are in {logs}; run the sweep again to retry them");
            return 1;
        }
        Console.WriteLine($"every run of the {scale.Name} grid is in {store.Path}; notebook 01 at this scale now reads them");
        return 0;
    }

    /// <summary>Trains the configs not yet in the store and returns how many failed.</summary>
    private static int RunMissing(string phase, IReadOnlyList<TrainDist2Config> configs, int workers, RunStore store, string logs, int total)
    {
        Console.WriteLine($"{phase}: {total - configs.Count} of {total} runs already in the store, {configs.Count} to train, {workers} at a time");
        if (configs.Count == 0) return 0;
        Directory.CreateDirectory(logs);
        var runs = configs.Select((c, i) =>
        {
            var name = $"{phase.Split(' ')[0]}-{i + 1:D3}-{c.Task}-{c.Tokenisation}-{c.Condition}-n{c.TrainSize}-s{c.Seed}";
            var path = Path.Combine(logs, name + ".json");
            File.WriteAllText(path, JsonSerializer.Serialize(c, ConfigJson));
            var at = c.Condition == "ce" ? "" : string.Create(CultureInfo.InvariantCulture, $" (alpha {c.Alpha}, tau {c.Tau})");
            return new ChildRun($"{c.Task} {c.Tokenisation} {c.Condition}{at} N={c.TrainSize} seed {c.Seed}",
                ["train", "dist2", "--config", path, "--reuse"], Path.ChangeExtension(path, ".log"));
        }).ToList();
        var done = 0;
        var outcomes = ResearchProcesses.RunAll(runs, workers, store.Path, o =>
            Console.WriteLine(o.ExitCode == 0
                ? $"[{++done}/{runs.Count}] {o.Run.Label}: {o.Seconds:F0} s"
                : $"[{++done}/{runs.Count}] {o.Run.Label}: FAILED (exit {o.ExitCode}): {o.LastLine} (log {o.Run.LogPath})"));
        return outcomes.Count(o => o.ExitCode != 0);
    }

    private static readonly JsonSerializerOptions ConfigJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private static IReadOnlyList<int> ParseSeeds(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var seeds = parts.Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s
            : throw new ArgumentException($"--seeds: '{p}' is not an integer (expected e.g. 1,2,3)")).ToList();
        return seeds.Count > 0 ? seeds : throw new ArgumentException("--seeds: no seed given");
    }
}
