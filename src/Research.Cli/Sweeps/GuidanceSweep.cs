using System.Globalization;
using Research.Core.Engine;
using Research.Core.Experiments;
using Research.Core.Experiments.Guidance;

namespace Research.Cli.Sweeps;

/// <summary>
/// The guidance grid of notebook 04 (<see cref="GuidanceGrid"/>) in three phases, each waiting only for what its
/// choices need: (1) E1's learning-rate sweeps and E2's gate; (2) E2's learning-rate sweep at the gate's depth and
/// E1's arms at their chosen rates; (3) E2's arms and E3, which needs nothing.
/// </summary>
internal static class GuidanceSweep
{
    internal static int Run(string scaleName, IReadOnlyList<int> seeds, IReadOnlyList<int> copySeeds, int workers, int? epochs)
    {
        if (epochs is < 1) throw new ArgumentException($"--epochs must be at least 1, got {epochs}");
        var scale = GuidanceScale.Named(scaleName);
        TorchRuntime.EnsureLoaded();   // reading a stored run builds its models once, for the layer names
        var copyScale = CopyGuidanceScale.Named(scaleName);
        using var store = RunStore.OpenDefault();
        var logs = SweepPhase.LogFolder(store.Path, $"guidance-{scale.Name}");
        var tuningSeed = seeds[0];
        GuidanceRunResult? Find(GuidanceRunSpec s) => GuidanceRunner.Find(scale, s, store);
        List<SweepRun> Missing(IEnumerable<GuidanceRunSpec> specs) => [.. specs.Where(s => Find(s) is null).Select(s => Of(scale, s))];
        bool AllDone(IEnumerable<GuidanceRunSpec> specs, string what)
        {
            var absent = specs.Count(s => Find(s) is null);
            if (absent > 0) Console.Error.WriteLine($"research sweep guidance: {absent} runs of {what} did not complete (logs in {logs}); what depends on them is not run");
            return absent == 0;
        }

        var gate = GuidanceGrid.Gate(scale, tuningSeed, epochs);
        var sweepPlain = GuidanceGrid.LearningRateSweep(scale, GuidanceTarget.DeepFcn, false, tuningSeed, epochs);
        var sweepTranslated = GuidanceGrid.LearningRateSweep(scale, GuidanceTarget.DeepFcn, true, tuningSeed, epochs);
        var failed = SweepPhase.Run("E1 learning rates and the gate", Missing([.. sweepPlain, .. sweepTranslated, .. gate]),
            sweepPlain.Count + sweepTranslated.Count + gate.Count, workers, store.Path, logs);

        var second = new List<SweepRun>();
        var secondTotal = 0;
        List<GuidanceRunSpec>? e2Sweep = null;
        if (AllDone(gate, "E2's gate"))
        {
            var depth = GuidanceGrid.ChooseDepth(Runs(gate, Find));
            Console.WriteLine($"E2's gate: plain-{6 * depth.Blocks + 2}{(depth.Met ? "" : " (no depth met the 2-point gap: the deepest is used)")}");
            e2Sweep = [.. GuidanceGrid.LearningRateSweep(scale, GuidanceTarget.PlainCnn, false, tuningSeed, epochs, depth.Blocks)];
            second.AddRange(Missing(e2Sweep));
            secondTotal += e2Sweep.Count;
        }
        foreach (var (sweep, translated) in new[] { (sweepPlain, false), (sweepTranslated, true) })
        {
            if (!AllDone(sweep, $"E1's learning-rate sweep ({(translated ? "translated" : "plain")})")) continue;
            var rate = GuidanceGrid.ChooseLearningRate(Runs(sweep, Find));
            Console.WriteLine($"E1 ({(translated ? "translated" : "plain")}): learning rate {rate.ToString(CultureInfo.InvariantCulture)} chosen on validation cross entropy");
            var e1 = GuidanceGrid.E1(scale, seeds, translated, rate, epochs);
            second.AddRange(Missing(e1));
            secondTotal += e1.Count;
        }
        failed += SweepPhase.Run("E2 learning rates and E1", second, secondTotal, workers, store.Path, logs);

        var third = new List<SweepRun>();
        var thirdTotal = 0;
        if (e2Sweep is not null && AllDone(e2Sweep, "E2's learning-rate sweep"))
        {
            var rate = GuidanceGrid.ChooseLearningRate(Runs(e2Sweep, Find));
            Console.WriteLine($"E2: learning rate {rate.ToString(CultureInfo.InvariantCulture)} chosen on validation cross entropy");
            var e2 = GuidanceGrid.E2(scale, seeds, e2Sweep[0].PlainBlocks!.Value, rate, epochs);
            third.AddRange(Missing(e2));
            thirdTotal += e2.Count;
        }
        var e3 = GuidanceGrid.E3(copySeeds, epochs).Concat(GuidanceGrid.E3(copySeeds, epochs, SequenceGuidanceTask.Parity)).ToList();
        third.AddRange(e3.Where(s => CopyGuidanceRunner.Find(copyScale, s, store) is null).Select(s => Of(copyScale, s)));
        failed += SweepPhase.Run("E2 and E3", third, thirdTotal + e3.Count, workers, store.Path, logs);
        return SweepPhase.Finish("guidance", failed, logs, store.Path, $"every run of the {scale.Name} guidance grid is in {store.Path}; notebook 04 at this scale now reads them");
    }

    private static List<GuidanceRun> Runs(IEnumerable<GuidanceRunSpec> specs, Func<GuidanceRunSpec, GuidanceRunResult?> find) =>
        [.. specs.Select(s => new GuidanceRun(s, find(s)!))];

    private static SweepRun Of(GuidanceScale scale, GuidanceRunSpec s)
    {
        var lr = s.LearningRate is { } r ? " lr " + r.ToString(CultureInfo.InvariantCulture) : "";
        var depth = s.PlainBlocks is { } k ? $"-{6 * k + 2}" : "";
        var data = s.Translated ? "translated" : "plain";
        return new SweepRun($"{s.Target.Label()}{depth}-{data}-{s.Arm.Label()}{lr.Replace(' ', '-')}-s{s.Seed}",
            $"{s.Target.Label()}{depth} {data} {s.Arm.Label()}{lr} seed {s.Seed}", "guidance", TrainGuidanceConfig.Of(scale.Name, s));
    }

    private static SweepRun Of(CopyGuidanceScale scale, CopyGuidanceRunSpec s) =>
        new($"{CopyGuidanceRunner.TaskName(s.Task)}-{s.Arm.Label()}-s{s.Seed}", $"{CopyGuidanceRunner.TaskName(s.Task)} {s.Arm.Label()} seed {s.Seed}", "guidance-copy",
            TrainCopyGuidanceConfig.Of(scale.Name, s));
}
