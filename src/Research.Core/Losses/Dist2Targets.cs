using Research.Core.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Losses;

/// <summary>
/// DIST2's target and its temperature: log q(v | y) = −d(v, y)/τ − logsumexp_v' (−d(v', y)/τ) over V_d, always in log
/// space (a small τ gives a one-hot q without NaN), and τ by entropy matching for distances of unknown scale.
/// </summary>
public static class Dist2Targets
{
    /// <summary>log q [M, K] for the labels at positions j [M] of V_d.</summary>
    public static Tensor LogTarget(MetricVocabulary vocabulary, Tensor j, double tau, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (!(tau > 0)) throw new ArgumentOutOfRangeException(nameof(tau), $"Dist2Targets: tau must be > 0, got {tau}");
        using var scope = NewDisposeScope();
        return vocabulary.Distances(j, dtype).over(-tau).log_softmax(1).MoveToOuterDisposeScope();
    }

    /// <summary>The mean entropy (nats) of q(· | y) over every y in V_d, computed in float64 in chunks of rows.</summary>
    public static double MeanEntropy(MetricVocabulary vocabulary, double tau, int chunk = 1024)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var total = 0.0;
        for (long start = 0; start < vocabulary.Count; start += chunk)
        {
            using var scope = NewDisposeScope();
            using var from = start.ToScalar();
            using var to = Math.Min(start + chunk, vocabulary.Count).ToScalar();
            var j = arange(from, to, KeptScalars.One, int64, vocabulary.Ids.device);
            var logq = LogTarget(vocabulary, j, tau, float64);
            total += logq.exp().mul(logq).sum().item<double>();
        }
        return -total / vocabulary.Count;
    }

    /// <summary>
    /// Entropy matching: the τ whose mean target entropy is targetEntropy (nats), by bisection on log τ. H(q) rises
    /// monotonically with τ (invariant 3), from log(number of values at distance 0) towards log K.
    /// </summary>
    public static double MatchTemperature(MetricVocabulary vocabulary, double targetEntropy, double tolerance = 1e-6,
        double lowTau = 1e-6, double highTau = 1e6, int maxIterations = 200)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var low = MeanEntropy(vocabulary, lowTau);
        var high = MeanEntropy(vocabulary, highTau);
        if (!(targetEntropy > low && targetEntropy < high))
            throw new ArgumentOutOfRangeException(nameof(targetEntropy),
                $"Dist2Targets: target entropy {targetEntropy} nats is outside ({low}, {high}), reached by tau in [{lowTau}, {highTau}] for K = {vocabulary.Count}");
        double a = Math.Log(lowTau), b = Math.Log(highTau);
        for (var i = 0; i < maxIterations; i++)
        {
            var mid = (a + b) / 2;
            var h = MeanEntropy(vocabulary, Math.Exp(mid));
            if (Math.Abs(h - targetEntropy) <= tolerance) return Math.Exp(mid);
            if (h < targetEntropy) a = mid; else b = mid;
        }
        return Math.Exp((a + b) / 2);
    }
}
