namespace Research.Core.Training;

/// <summary>
/// Summable statistics of batches, fairseq's logging outputs: the loss summed over the scored items, their count
/// (tokens, examples), how many the model got right, and a sum per named term of the objective (for example
/// "ce" and "augmented"). Sums add across batches and workers; means are taken at the end.
/// </summary>
public sealed record LossSums(double Loss, long Count, long Correct = 0, IReadOnlyDictionary<string, double>? Terms = null)
{
    public static LossSums Zero { get; } = new(0, 0);

    public IReadOnlyDictionary<string, double> Terms { get; init; } = Terms ?? new Dictionary<string, double>();

    /// <summary>The loss per item (NaN for no items).</summary>
    public double MeanLoss => Count == 0 ? double.NaN : Loss / Count;

    /// <summary>A term's sum per item (NaN when absent or for no items).</summary>
    public double Mean(string term) => Count == 0 || !Terms.TryGetValue(term, out var sum) ? double.NaN : sum / Count;

    /// <summary>Correct items per item (NaN for no items).</summary>
    public double Accuracy => Count == 0 ? double.NaN : (double)Correct / Count;

    /// <summary>The first value that is NaN or infinite, as (name, value): a term of the objective, else "loss"; null when all are finite.</summary>
    public (string Name, double Value)? FirstNonFinite()
    {
        foreach (var (name, value) in Terms)
            if (!double.IsFinite(value)) return (name, value);
        return double.IsFinite(Loss) ? null : ("loss", Loss);
    }

    public static LossSums operator +(LossSums a, LossSums b)
    {
        var terms = new Dictionary<string, double>(a.Terms);
        foreach (var (name, value) in b.Terms) terms[name] = terms.GetValueOrDefault(name) + value;
        return new LossSums(a.Loss + b.Loss, a.Count + b.Count, a.Correct + b.Correct, terms);
    }
}
