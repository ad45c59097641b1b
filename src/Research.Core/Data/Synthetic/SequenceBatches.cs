using Research.Core.Training;

namespace Research.Core.Data.Synthetic;

/// <summary>
/// Batches of sequence examples (the copy task's) collated with a pad id, in an order shuffled per epoch from the seed
/// (the same epoch gives the same batches, so a resumed run sees them again), or in file order without a seed.
/// </summary>
public sealed class SequenceBatches : IBatchSource<SequenceBatch>
{
    private readonly IReadOnlyList<SequenceExample> examples;
    private readonly int size;
    private readonly int padId;
    private readonly int? seed;

    public SequenceBatches(IReadOnlyList<SequenceExample> examples, int size, int padId, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0) throw new ArgumentException("SequenceBatches: there are no examples", nameof(examples));
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), $"SequenceBatches: batch size must be >= 1, got {size}");
        (this.examples, this.size, this.padId, this.seed) = (examples, size, padId, seed);
    }

    public int BatchCount => (examples.Count + size - 1) / size;

    public IEnumerable<SequenceBatch> Batches(int epoch)
    {
        var order = Enumerable.Range(0, examples.Count).ToArray();
        if (seed is { } s) new Random(unchecked(s * 1_000_003 + epoch)).Shuffle(order);
        foreach (var chunk in order.Chunk(size))
            yield return SequenceBatch.Of(chunk.Select(i => examples[i]).ToList(), padId);
    }
}
