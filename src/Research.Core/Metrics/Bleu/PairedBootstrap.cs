namespace Research.Core.Metrics.Bleu;

/// <summary>
/// A paired bootstrap of corpus BLEU between a baseline and a system on the same references: the observed difference
/// (system − baseline), the one-sided p-value that the system is not better (or, when it scores lower, not worse),
/// and the 95% percentile interval of the resampled difference.
/// </summary>
public sealed record PairedBootstrapResult(double BaselineBleu, double SystemBleu, double Difference, double PValue, double Lower, double Upper, int Resamples, int Seed)
{
    public override string ToString() =>
        $"BLEU {SystemBleu:F2} vs {BaselineBleu:F2}: Δ = {Difference:+0.00;-0.00;0.00}, 95% CI [{Lower:+0.00;-0.00;0.00}, {Upper:+0.00;-0.00;0.00}], p = {PValue:F3} ({Resamples} resamples, seed {Seed})";
}

/// <summary>
/// Koehn (2004), "Statistical significance tests for machine translation evaluation", paired bootstrap resampling:
/// draw the test segments with replacement R times (the same draw for both systems), recompute corpus BLEU of each
/// system on the draw from its per-segment sufficient statistics, and count the draws in which the observed winner
/// does not win. The p-value is that share; Δ's interval is the 2.5th and 97.5th percentile over the draws.
/// </summary>
public static class PairedBootstrap
{
    public static PairedBootstrapResult Compare(IReadOnlyList<string> baseline, IReadOnlyList<string> system, IReadOnlyList<string> references,
        int resamples = 1000, int seed = 12345)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(references);
        if (system.Count != baseline.Count || references.Count != baseline.Count)
            throw new ArgumentException($"baseline has {baseline.Count} segments, system {system.Count} and references {references.Count}: expected the same number", nameof(system));
        if (baseline.Count == 0) throw new ArgumentException("no segments: expected at least one", nameof(baseline));
        if (resamples < 1) throw new ArgumentOutOfRangeException(nameof(resamples), $"resamples must be >= 1, got {resamples}");

        var a = baseline.Select((h, i) => CorpusBleu.Score([h], [references[i]])).ToArray();
        var b = system.Select((h, i) => CorpusBleu.Score([h], [references[i]])).ToArray();
        var all = Enumerable.Range(0, a.Length).ToArray();
        var (bleuA, bleuB) = (Pooled(a, all).Score, Pooled(b, all).Score);
        var difference = bleuB - bleuA;
        var random = new Random(seed);
        var deltas = new double[resamples];
        var draw = new int[a.Length];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < draw.Length; i++) draw[i] = random.Next(a.Length);
            deltas[r] = Pooled(b, draw).Score - Pooled(a, draw).Score;
        }
        var notWinning = difference > 0 ? deltas.Count(d => d <= 0) : difference < 0 ? deltas.Count(d => d >= 0) : resamples;
        Array.Sort(deltas);
        return new PairedBootstrapResult(bleuA, bleuB, difference, (double)notWinning / resamples,
            Percentile(deltas, 0.025), Percentile(deltas, 0.975), resamples, seed);
    }

    /// <summary>Corpus BLEU of the drawn segments from their summed sufficient statistics.</summary>
    private static BleuScore Pooled(BleuScore[] segments, int[] draw)
    {
        var matches = new long[CorpusBleu.MaxOrder];
        var totals = new long[CorpusBleu.MaxOrder];
        long hypothesis = 0, reference = 0;
        foreach (var i in draw)
        {
            var s = segments[i];
            for (var n = 0; n < CorpusBleu.MaxOrder; n++)
            {
                matches[n] += s.Matches[n];
                totals[n] += s.Totals[n];
            }
            hypothesis += s.HypothesisLength;
            reference += s.ReferenceLength;
        }
        return CorpusBleu.FromStatistics(matches, totals, hypothesis, reference);
    }

    // Linear interpolation between the closest ranks of a sorted sample (numpy's default percentile).
    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}
