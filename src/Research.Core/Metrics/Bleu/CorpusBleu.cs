namespace Research.Core.Metrics.Bleu;

/// <summary>How segments are tokenised before n-grams are counted.</summary>
public enum BleuTokenisation
{
    /// <summary>mteval-v13a, sacreBLEU's default.</summary>
    Mteval13a,

    /// <summary>Split on whitespace only: for text that is already tokenised.</summary>
    None,
}

/// <summary>A corpus BLEU score (0-100) with the statistics it was computed from.</summary>
public sealed record BleuScore(
    double Score,
    double[] Precisions,
    double BrevityPenalty,
    long HypothesisLength,
    long ReferenceLength,
    long[] Matches,
    long[] Totals)
{
    public override string ToString() =>
        $"BLEU = {Score:F2} {string.Join('/', Precisions.Select(p => p.ToString("F1")))} (BP = {BrevityPenalty:F3} ratio = {(ReferenceLength == 0 ? 0 : (double)HypothesisLength / ReferenceLength):F3} hyp_len = {HypothesisLength} ref_len = {ReferenceLength})";
}

/// <summary>
/// Corpus BLEU with sacreBLEU's defaults: 13a tokenisation, mixed case, n-grams up to 4, clipped counts summed over
/// the corpus, brevity penalty exp(1 - r/c) when c &lt; r (closest reference length per segment), and the exp-mean of
/// the n-gram precisions with "exp" smoothing (an order with no match gets precision 1 / (2^k total), k counting such orders).
/// </summary>
public static class CorpusBleu
{
    public const int MaxOrder = 4;

    /// <summary>One reference per hypothesis.</summary>
    public static BleuScore Score(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references,
        BleuTokenisation tokenisation = BleuTokenisation.Mteval13a, bool lowercase = false) =>
        Score(hypotheses, [references], tokenisation, lowercase);

    /// <summary>Several reference streams, each aligned with the hypotheses (as sacreBLEU's <c>corpus_bleu(sys, [refs1, refs2])</c>).</summary>
    public static BleuScore Score(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> referenceStreams,
        BleuTokenisation tokenisation = BleuTokenisation.Mteval13a, bool lowercase = false)
    {
        if (referenceStreams.Count == 0) throw new ArgumentException("referenceStreams is empty: expected at least one reference stream", nameof(referenceStreams));
        for (var s = 0; s < referenceStreams.Count; s++)
            if (referenceStreams[s].Count != hypotheses.Count)
                throw new ArgumentException(
                    $"referenceStreams[{s}] has {referenceStreams[s].Count} segments but hypotheses has {hypotheses.Count}: expected one reference per hypothesis", nameof(referenceStreams));

        var matches = new long[MaxOrder];
        var totals = new long[MaxOrder];
        long hypothesisLength = 0, referenceLength = 0;
        for (var i = 0; i < hypotheses.Count; i++)
        {
            var hypothesis = Words(hypotheses[i], tokenisation, lowercase);
            var references = referenceStreams.Select(stream => Words(stream[i], tokenisation, lowercase)).ToList();
            hypothesisLength += hypothesis.Length;
            referenceLength += ClosestLength(hypothesis.Length, references.Select(r => r.Length));
            for (var n = 1; n <= MaxOrder; n++)
            {
                var maxReferenceCounts = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var reference in references)
                    foreach (var (gram, count) in NGrams(reference, n))
                        maxReferenceCounts[gram] = Math.Max(maxReferenceCounts.GetValueOrDefault(gram), count);
                foreach (var (gram, count) in NGrams(hypothesis, n))
                    matches[n - 1] += Math.Min(count, maxReferenceCounts.GetValueOrDefault(gram));
                totals[n - 1] += Math.Max(0, hypothesis.Length - n + 1);
            }
        }
        return FromStatistics(matches, totals, hypothesisLength, referenceLength);
    }

    /// <summary>The score from its sufficient statistics, as sacreBLEU's <c>compute_bleu</c> with smooth_method "exp".</summary>
    public static BleuScore FromStatistics(long[] matches, long[] totals, long hypothesisLength, long referenceLength)
    {
        var brevity = hypothesisLength >= referenceLength ? 1.0
            : hypothesisLength > 0 ? Math.Exp(1 - (double)referenceLength / hypothesisLength) : 0.0;
        var precisions = new double[MaxOrder];
        if (matches.All(m => m == 0)) return new BleuScore(0, precisions, brevity, hypothesisLength, referenceLength, matches, totals);
        var smoothing = 1.0;
        for (var n = 0; n < MaxOrder; n++)
        {
            if (totals[n] == 0) break;
            if (matches[n] == 0)
            {
                smoothing *= 2;
                precisions[n] = 100.0 / (smoothing * totals[n]);
            }
            else precisions[n] = 100.0 * matches[n] / totals[n];
        }
        // An order with no n-grams at all keeps precision 0, which drives the score to 0 (sacreBLEU's my_log(0) = -9999999999).
        var logMean = precisions.Sum(p => p == 0 ? -9999999999.0 : Math.Log(p)) / MaxOrder;
        return new BleuScore(brevity * Math.Exp(logMean), precisions, brevity, hypothesisLength, referenceLength, matches, totals);
    }

    private static string[] Words(string segment, BleuTokenisation tokenisation, bool lowercase)
    {
        var text = segment.TrimEnd();
        if (lowercase) text = text.ToLowerInvariant();
        if (tokenisation == BleuTokenisation.Mteval13a) text = Tokenizer13a.Tokenize(text);
        return text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }

    // The reference length closest to the hypothesis length; on a tie, the shorter one.
    private static int ClosestLength(int hypothesisLength, IEnumerable<int> referenceLengths) =>
        referenceLengths.OrderBy(r => Math.Abs(r - hypothesisLength)).ThenBy(r => r).First();

    private static Dictionary<string, int> NGrams(string[] words, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= words.Length; i++)
        {
            var gram = string.Join(' ', words, i, n);
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }
        return counts;
    }
}
