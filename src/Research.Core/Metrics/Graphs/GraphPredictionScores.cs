using Research.Core.Data.Graphs;

namespace Research.Core.Metrics.Graphs;

/// <summary>
/// Scores of predicted graphs against the truth (ile.md 2 and 4): mean GED with and without edge labels, how many of
/// those were upper bounds (searches that hit their limit), exact match (isomorphic to the truth, labels included),
/// and the share of predictions that are no training graph (reachable only by a decoder that leaves the candidates).
/// </summary>
public sealed record GraphPredictionScores(
    int Count,
    double MeanGedWithEdges,
    double MeanGedWithoutEdges,
    int UpperBoundsWithEdges,
    int UpperBoundsWithoutEdges,
    double ExactMatch,
    double OutsideTraining,
    IReadOnlyList<int> GedWithEdges,
    IReadOnlyList<int> GedWithoutEdges)
{
    /// <summary>
    /// Scores predicted[i] against truth[i]; the GED searches run on <paramref name="threads"/> threads (default: every
    /// core). <paramref name="trainingKeys"/> holds the <see cref="GraphCanonicalForm.Key"/>s of the training graphs.
    /// </summary>
    public static GraphPredictionScores Of(
        IReadOnlyList<LabeledGraph> predicted, IReadOnlyList<LabeledGraph> truth, IReadOnlySet<string> trainingKeys,
        long maxExpanded = GraphEditDistance.DefaultMaxExpanded, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(trainingKeys);
        if (predicted.Count != truth.Count)
            throw new ArgumentException($"predicted has {predicted.Count} graphs but truth has {truth.Count}: expected as many", nameof(predicted));
        if (predicted.Count == 0) throw new ArgumentException("predicted is empty: expected at least one graph", nameof(predicted));
        var n = predicted.Count;
        var with = new GedResult[n];
        var without = new GedResult[n];
        var keys = new string[n];
        var exact = new bool[n];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads ?? Environment.ProcessorCount };
        Parallel.For(0, n, parallel, i =>
        {
            with[i] = GraphEditDistance.Compute(predicted[i], truth[i], edgeLabels: true, maxExpanded);
            without[i] = GraphEditDistance.Compute(predicted[i], truth[i], edgeLabels: false, maxExpanded);
            keys[i] = GraphCanonicalForm.Key(predicted[i]);
            exact[i] = keys[i] == GraphCanonicalForm.Key(truth[i]);
        });
        return new GraphPredictionScores(
            n,
            with.Average(r => (double)r.Distance),
            without.Average(r => (double)r.Distance),
            with.Count(r => !r.Exact),
            without.Count(r => !r.Exact),
            exact.Count(e => e) / (double)n,
            keys.Count(k => !trainingKeys.Contains(k)) / (double)n,
            with.Select(r => r.Distance).ToArray(),
            without.Select(r => r.Distance).ToArray());
    }
}
