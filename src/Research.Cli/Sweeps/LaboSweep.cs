using System.Globalization;
using Research.Core.Experiments;
using Research.Core.Experiments.Labo;

namespace Research.Cli.Sweeps;

/// <summary>The LABO-R image grid of notebook 03 (<see cref="LaboGrid"/>): every setting on the tuning seed, then each
/// family's validation-chosen setting per noise rate on the other seeds.</summary>
internal static class LaboSweep
{
    internal static int Run(string scaleName, IReadOnlyList<int> seeds, int workers, int? epochs)
    {
        if (epochs is < 1) throw new ArgumentException($"--epochs must be at least 1, got {epochs}");
        var scale = LaboScale.Named(scaleName);
        using var store = RunStore.OpenDefault();
        var logs = SweepPhase.LogFolder(store.Path, $"labo-{scale.Name}");
        var checkpoints = LaboRunner.CheckpointsBeside(store);
        SweepRun Of(LaboRunSpec s) => new($"noise{s.Noise.ToString(CultureInfo.InvariantCulture)}-{s.Method.Key}-s{s.Seed}",
            $"{s.Method.Label} noise {s.Noise:P0} seed {s.Seed}", "labo", TrainLaboConfig.Of(scale.Name, s, checkpoints));

        var tuning = LaboGrid.Tuning(scale, seeds[0], epochs);
        var failed = SweepPhase.Run("tuning", [.. tuning.Where(s => LaboRunner.Find(s, store) is null).Select(Of)], tuning.Count, workers, store.Path, logs);
        var tuned = tuning.Select(s => (Spec: s, Result: LaboRunner.Find(s, store))).ToList();
        if (tuned.Any(r => r.Result is null))
        {
            Console.Error.WriteLine($"research sweep labo: {tuned.Count(r => r.Result is null)} tuning runs did not complete (logs in {logs}); the settings cannot be chosen");
            return 1;
        }
        var chosen = LaboGrid.Choose(tuned.Select(r => new LaboRun(r.Spec, r.Result!)));
        foreach (var ((noise, family), method) in chosen)
            Console.WriteLine($"noise {noise:P0}, {family}: {method.Label} chosen on validation top-1");

        var rest = LaboGrid.Seeds(scale, chosen, seeds, epochs);
        failed += SweepPhase.Run("the chosen settings on the other seeds", [.. rest.Where(s => LaboRunner.Find(s, store) is null).Select(Of)],
            rest.Count, workers, store.Path, logs);
        return SweepPhase.Finish("labo", failed, logs, store.Path, $"every run of the {scale.Name} LABO-R image grid is in {store.Path}; notebook 03 at this scale now reads them");
    }
}
