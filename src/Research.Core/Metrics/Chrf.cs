using System.Text;
using System.Text.RegularExpressions;

namespace Research.Core.Metrics;

/// <summary>A corpus chrF score (0-100) with the per-order statistics it was computed from.</summary>
public sealed record ChrfScore(double Score, double Precision, double Recall, int EffectiveOrder, long[] Statistics, int CharOrder, double Beta)
{
    public override string ToString() => $"chrF{Beta:G3} = {Score:F2} (P = {100 * Precision:F1}, R = {100 * Recall:F1}, orders 1-{CharOrder})";
}

/// <summary>
/// chrF (Popović 2015, 2016) with sacreBLEU's defaults: character n-grams of orders 1-6, whitespace removed before
/// counting, β = 2, no word n-grams. Per order, the hypothesis, reference and clipped-match counts are summed over
/// the corpus; precision and recall are averaged over the orders where both sides have n-grams, and the score is
/// the F_β of those averages (×100). Characters are Unicode code points, as in Python.
/// </summary>
public static partial class CorpusChrf
{
    public const int DefaultCharOrder = 6;
    public const double DefaultBeta = 2;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    public static ChrfScore Score(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references, int charOrder = DefaultCharOrder, double beta = DefaultBeta)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(references);
        if (references.Count != hypotheses.Count)
            throw new ArgumentException($"references has {references.Count} segments but hypotheses has {hypotheses.Count}: expected one reference per hypothesis", nameof(references));
        if (charOrder < 1) throw new ArgumentOutOfRangeException(nameof(charOrder), $"charOrder must be >= 1, got {charOrder}");
        var statistics = new long[3 * charOrder];
        for (var i = 0; i < hypotheses.Count; i++)
        {
            var segment = Statistics(hypotheses[i], references[i], charOrder);
            for (var k = 0; k < statistics.Length; k++) statistics[k] += segment[k];
        }
        return FromStatistics(statistics, beta);
    }

    /// <summary>Per order n = 1..charOrder: (hypothesis n-grams, reference n-grams, clipped matches), flattened to [3·charOrder].</summary>
    public static long[] Statistics(string hypothesis, string reference, int charOrder = DefaultCharOrder)
    {
        var (h, r) = (CodePoints(hypothesis), CodePoints(reference));
        var statistics = new long[3 * charOrder];
        for (var n = 1; n <= charOrder; n++)
        {
            var (hypothesisGrams, referenceGrams) = (NGrams(h, n), NGrams(r, n));
            statistics[3 * (n - 1)] = Math.Max(0, h.Length - n + 1);
            statistics[3 * (n - 1) + 1] = Math.Max(0, r.Length - n + 1);
            statistics[3 * (n - 1) + 2] = hypothesisGrams.Sum(g => Math.Min(g.Value, referenceGrams.GetValueOrDefault(g.Key)));
        }
        return statistics;
    }

    /// <summary>The score from summed statistics [3·orders] (orders = statistics.Length / 3).</summary>
    public static ChrfScore FromStatistics(long[] statistics, double beta = DefaultBeta)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        if (statistics.Length == 0 || statistics.Length % 3 != 0)
            throw new ArgumentException($"statistics has {statistics.Length} entries: expected 3 per order (hypothesis, reference, matches)", nameof(statistics));
        if (!(beta > 0)) throw new ArgumentOutOfRangeException(nameof(beta), $"beta must be > 0, got {beta}");
        double precision = 0, recall = 0;
        var effective = 0;
        for (var k = 0; k < statistics.Length; k += 3)
        {
            var (hypothesis, reference, matches) = (statistics[k], statistics[k + 1], statistics[k + 2]);
            if (hypothesis == 0 || reference == 0) continue;
            precision += (double)matches / hypothesis;
            recall += (double)matches / reference;
            effective++;
        }
        if (effective > 0) (precision, recall) = (precision / effective, recall / effective);
        var b2 = beta * beta;
        var score = precision + recall == 0 ? 0 : 100 * (1 + b2) * precision * recall / (b2 * precision + recall);
        return new ChrfScore(score, precision, recall, effective, statistics, statistics.Length / 3, beta);
    }

    private static string[] CodePoints(string text) =>
        Whitespace().Replace(text, "").EnumerateRunes().Select(r => r.ToString()).ToArray();

    private static Dictionary<string, int> NGrams(string[] characters, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var gram = new StringBuilder();
        for (var i = 0; i + n <= characters.Length; i++)
        {
            gram.Clear();
            for (var j = i; j < i + n; j++) gram.Append(characters[j]);
            var key = gram.ToString();
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }
}
