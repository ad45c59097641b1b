namespace Research.Core.Experiments.Guidance;

/// <summary>A stored run of E1 or E2 with the spec it ran: what the grid's choices read.</summary>
public sealed record GuidanceRun(GuidanceRunSpec Spec, GuidanceRunResult Result);

/// <summary>E2's depth chosen by the gate: the blocks per stage, and whether any depth met the 2-point gap.</summary>
public sealed record GateChoice(int Blocks, bool Met);

/// <summary>
/// The runs of the guidance experiments at a scale, in the order notebook 04 and `research sweep guidance` run them
/// (guidance.md §4 with the v2 protocol): the baseline's learning rate swept on validation for each target and data set,
/// E2's gate (plain against ResNet at each depth), then every arm and seed of E1 and E2 at the chosen learning rate and
/// depth, and E3's arms. One definition, so the sweep fills the run store with exactly the runs the notebook asks for.
/// </summary>
public static class GuidanceGrid
{
    /// <summary>The gate's threshold: plain must trail ResNet by this much test accuracy (the note's 2 points).</summary>
    public const double GateGap = 0.02;

    /// <summary>E1's arms; E2 and E3 have no guidance-as-initialisation arm.</summary>
    public static IReadOnlyList<GuidanceArm> E1Arms { get; } = [GuidanceArm.Base, GuidanceArm.Untrained, GuidanceArm.Trained, GuidanceArm.Initialisation];

    public static IReadOnlyList<GuidanceArm> E2Arms { get; } = [GuidanceArm.Base, GuidanceArm.Untrained, GuidanceArm.Trained];

    /// <summary>The unguided target at each of the scale's learning rates (v2: the baseline's rate from a 5-value sweep),
    /// for as many epochs as its experiment's arms.</summary>
    public static IReadOnlyList<GuidanceRunSpec> LearningRateSweep(GuidanceScale scale, GuidanceTarget target, bool translated, int seed,
        int? epochs = null, int? plainBlocks = null)
    {
        ArgumentNullException.ThrowIfNull(scale);
        var runEpochs = epochs ?? (target == GuidanceTarget.DeepFcn ? null : scale.PlainEpochs);
        return [.. scale.LearningRatesOrDefault.Select(lr =>
            new GuidanceRunSpec(GuidanceArm.Base, translated, seed, runEpochs, lr, CacheGuide: scale.CacheGuide, Target: target, PlainBlocks: plainBlocks))];
    }

    /// <summary>The swept rate with the lowest final validation cross entropy (the smaller rate on a tie).</summary>
    public static double ChooseLearningRate(IEnumerable<GuidanceRun> sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var best = sweep.Where(r => !double.IsNaN(r.Result.ValidLoss)).OrderBy(r => r.Result.ValidLoss).ThenBy(r => r.Spec.LearningRate).FirstOrDefault()
            ?? throw new ArgumentException("no learning-rate run with a validation loss to choose from", nameof(sweep));
        return best.Spec.LearningRate ?? throw new ArgumentException("a sweep run without a learning rate", nameof(sweep));
    }

    /// <summary>E2's gate: plain-(6k+2) and ResNet-(6k+2), unguided, at each k of the scale, on the gate's images.</summary>
    public static IReadOnlyList<GuidanceRunSpec> Gate(GuidanceScale scale, int seed, int? epochs = null) =>
        [.. from blocks in scale.GateBlocksOrDefault
            from target in new[] { GuidanceTarget.PlainCnn, GuidanceTarget.ResNet }
            select new GuidanceRunSpec(GuidanceArm.Base, false, seed, epochs ?? scale.GateEpochs, Target: target, PlainBlocks: blocks, TrainImages: scale.GateImages)];

    /// <summary>The smallest depth where plain trails ResNet by at least <see cref="GateGap"/> in final test accuracy;
    /// when none does, the deepest one, marked not met.</summary>
    public static GateChoice ChooseDepth(IEnumerable<GuidanceRun> gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var byDepth = gate.GroupBy(r => r.Spec.PlainBlocks ?? throw new ArgumentException("a gate run without PlainBlocks", nameof(gate)))
            .OrderBy(g => g.Key)
            .Select(g => (Blocks: g.Key, Gap: Accuracy(g, GuidanceTarget.ResNet) - Accuracy(g, GuidanceTarget.PlainCnn)))
            .ToList();
        if (byDepth.Count == 0) throw new ArgumentException("no gate runs to choose a depth from", nameof(gate));
        foreach (var (blocks, gap) in byDepth)
            if (gap >= GateGap) return new GateChoice(blocks, true);
        return new GateChoice(byDepth[^1].Blocks, false);

        static double Accuracy(IEnumerable<GuidanceRun> runs, GuidanceTarget target) =>
            runs.Where(r => r.Spec.Target == target).Select(r => r.Result.FinalTestAccuracy).DefaultIfEmpty(double.NaN).Average();
    }

    /// <summary>E1: every arm and seed on one data set, at the learning rate chosen for it.</summary>
    public static IReadOnlyList<GuidanceRunSpec> E1(GuidanceScale scale, IReadOnlyList<int> seeds, bool translated, double learningRate, int? epochs = null)
    {
        ArgumentNullException.ThrowIfNull(scale);
        return [.. from seed in seeds
                   from arm in E1Arms
                   select new GuidanceRunSpec(arm, translated, seed, epochs, learningRate, CacheGuide: scale.CacheGuide)];
    }

    /// <summary>E2: the plain CNN at the gate's depth, every arm, at the learning rate chosen for it, for the first
    /// <see cref="GuidanceScale.LongRunSeeds"/> seeds (its runs are long).</summary>
    public static IReadOnlyList<GuidanceRunSpec> E2(GuidanceScale scale, IReadOnlyList<int> seeds, int plainBlocks, double learningRate, int? epochs = null)
    {
        ArgumentNullException.ThrowIfNull(scale);
        return [.. from seed in seeds.Take(scale.LongRunSeeds)
                   from arm in E2Arms
                   select new GuidanceRunSpec(arm, false, seed, epochs ?? scale.PlainEpochs, learningRate, CacheGuide: scale.CacheGuide,
                       Target: GuidanceTarget.PlainCnn, PlainBlocks: plainBlocks)];
    }

    /// <summary>E3: the copy task's arms and seeds (the note's learning rate; no sweep), or the parity arm's.</summary>
    public static IReadOnlyList<CopyGuidanceRunSpec> E3(IReadOnlyList<int> seeds, int? epochs = null, SequenceGuidanceTask task = SequenceGuidanceTask.Copy) =>
        [.. from seed in seeds
            from arm in E2Arms
            select new CopyGuidanceRunSpec(arm, seed, epochs, Task: task)];
}
