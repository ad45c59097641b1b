using Research.Core.Data.Synthetic;

namespace Research.Core.Experiments.Dist2;

/// <summary>
/// The runs of the DIST2 experiment at a scale, in the order notebook 01 and `research sweep dist2` run them:
/// α and τ tuned once on validation (Task A, one token, N = 100, the first seed), then Task A and Task B at the
/// chosen pair. One definition, so the sweep fills the run store with exactly the runs the notebook asks for.
/// </summary>
public static class Dist2Grid
{
    /// <summary>The training-set size the α/τ grid is tuned at.</summary>
    public const int TuningTrainSize = 100;

    /// <summary>Task B's training-set sizes when a scale names none.</summary>
    public static IReadOnlyList<int> DefaultBlobTrainSizes { get; } = [300];

    /// <summary>DIST2 (one token, N = 100) at every (α, τ) of the scale's tuning grid.</summary>
    public static IReadOnlyList<RegressionRunSpec> Tuning(Dist2Scale scale, int seed, int? steps = null) =>
        [.. from alpha in scale.TuningAlphas
            from tau in scale.TuningTaus
            select new RegressionRunSpec(NumberTokenisation.OneToken, Dist2Condition.Dist2, TuningTrainSize, seed, alpha, tau, steps)];

    /// <summary>The tuned pair: the lowest validation MAE (the first such run on a tie).</summary>
    public static (double Alpha, double Tau) Choose(IEnumerable<RegressionRunResult> tuning)
    {
        var best = tuning.MinBy(r => r.ValidMae) ?? throw new ArgumentException("no tuning runs to choose α and τ from", nameof(tuning));
        return (best.Alpha, best.Tau);
    }

    /// <summary>Task A's conditions: place-value weights only where there are runs of digits.</summary>
    public static IReadOnlyList<Dist2Condition> ConditionsFor(NumberTokenisation tokenisation) =>
        [Dist2Condition.CrossEntropy, Dist2Condition.LabelSmoothing, Dist2Condition.Dist2, Dist2Condition.RandomMetric, Dist2Condition.VocabBaseline,
         .. tokenisation == NumberTokenisation.TwoDigits ? [Dist2Condition.Dist2PlaceValue] : Array.Empty<Dist2Condition>()];

    /// <summary>Task B's conditions (no vocab baseline: every output token is a metric token).</summary>
    public static IReadOnlyList<Dist2Condition> BlobConditions { get; } =
        [Dist2Condition.CrossEntropy, Dist2Condition.LabelSmoothing, Dist2Condition.Dist2, Dist2Condition.RandomMetric];

    /// <summary>Task A: both tokenisations × the scale's N × seeds × conditions at (α, τ).</summary>
    public static IReadOnlyList<RegressionRunSpec> TaskA(Dist2Scale scale, IReadOnlyList<int> seeds, double alpha, double tau, int? steps = null) =>
        [.. from tokenisation in new[] { NumberTokenisation.OneToken, NumberTokenisation.TwoDigits }
            from n in scale.TrainSizes
            from seed in seeds
            from condition in ConditionsFor(tokenisation)
            select new RegressionRunSpec(tokenisation, condition, n, seed, alpha, tau, steps)];

    /// <summary>Task B: both tokenisations × the scale's blob N × seeds × conditions at (α, τ).</summary>
    public static IReadOnlyList<BlobRunSpec> TaskB(Dist2Scale scale, IReadOnlyList<int> seeds, double alpha, double tau, int? steps = null) =>
        [.. from tokenisation in new[] { CoordinateTokenisation.XThenY, CoordinateTokenisation.JointCell }
            from n in scale.BlobTrainSizes ?? DefaultBlobTrainSizes
            from seed in seeds
            from condition in BlobConditions
            select new BlobRunSpec(tokenisation, condition, n, seed, alpha, tau, steps)];
}
