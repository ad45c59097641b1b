using System.Globalization;
using Research.Core.Engine;
using Research.Core.Experiments;
using Research.Core.Experiments.Labo;

namespace Research.Cli.Sweeps;

/// <summary>The translation grid of notebook 03 (<see cref="TranslationGrid"/>): CE, LS and LABO-R at each temperature
/// on the first seed; then CE, LS and the validation-chosen LABO-R on the other seeds, and LS against that LABO-R with
/// misaligned targets on every seed.</summary>
internal static class LaboMtSweep
{
    internal static int Run(string scaleName, string dataName, IReadOnlyList<int> seeds, int workers, int? epochs)
    {
        if (epochs is < 1) throw new ArgumentException($"--epochs must be at least 1, got {epochs}");
        var scale = TranslationScale.Named(scaleName);
        if (epochs is { } e) scale = scale with { Epochs = e };
        TorchRuntime.EnsureLoaded();   // the data's vocabulary is read once here, to match stored runs
        var data = TranslationData.Load(dataName, scale);
        using var store = RunStore.OpenDefault();
        var logs = SweepPhase.LogFolder(store.Path, $"labo-mt-{scale.Name}");
        var checkpoints = LaboRunner.CheckpointsBeside(store);
        TranslationRunResult? Find(TranslationRunSpec s) => TranslationRunner.Find(s, data, store, checkpoints);
        List<SweepRun> Missing(IEnumerable<TranslationRunSpec> specs) => [.. specs.Where(s => Find(s) is null).Select(s =>
            new SweepRun($"noise{s.Noise.ToString(CultureInfo.InvariantCulture)}-{s.Method.Key}-s{s.Seed}", $"{s.Method.Label} misaligned {s.Noise:P0} seed {s.Seed}",
                "labo-mt", TrainLaboMtConfig.Of(scaleName, s, checkpoints)))];

        var tuning = TranslationGrid.Tuning(scale, data.Name, seeds[0]);
        var failed = SweepPhase.Run("tuning", Missing(tuning), tuning.Count, workers, store.Path, logs);
        var tuned = tuning.Select(s => (Spec: s, Result: Find(s))).ToList();
        if (tuned.Any(r => r.Result is null))
        {
            Console.Error.WriteLine($"research sweep labo-mt: {tuned.Count(r => r.Result is null)} tuning runs did not complete (logs in {logs}); LABO-R's temperature cannot be chosen");
            return 1;
        }
        var temperature = TranslationGrid.ChooseTemperature(tuned.Select(r => new TranslationRun(r.Spec, r.Result!)));
        Console.WriteLine($"LABO-R's temperature chosen on validation BLEU: {temperature.ToString(CultureInfo.InvariantCulture)}");

        var rest = TranslationGrid.Seeds(scale, data.Name, seeds, temperature).Concat(TranslationGrid.Noisy(scale, data.Name, seeds, temperature)).ToList();
        failed += SweepPhase.Run("the other seeds and misaligned targets", Missing(rest), rest.Count, workers, store.Path, logs);
        return SweepPhase.Finish("labo-mt", failed, logs, store.Path, $"every run of the {scale.Name} translation grid is in {store.Path}; notebook 03 at this scale now reads them");
    }
}
