namespace Research.Core.Data.Loading;

/// <summary>
/// The index lists of one epoch's batches: in order, or shuffled with a seed that depends only on (seed, epoch),
/// so epoch 3 is the same whether or not epochs 0-2 were iterated. <c>dropLast</c> drops a final short batch.
/// </summary>
public sealed class BatchSampler
{
    public int Count { get; }
    public int BatchSize { get; }
    public bool Shuffle { get; }
    public int Seed { get; }
    public bool DropLast { get; }

    public BatchSampler(int count, int batchSize, bool shuffle = false, int seed = 0, bool dropLast = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"batchSize must be positive, got {batchSize}");
        (Count, BatchSize, Shuffle, Seed, DropLast) = (count, batchSize, shuffle, seed, dropLast);
    }

    public int BatchCount => DropLast ? Count / BatchSize : (Count + BatchSize - 1) / BatchSize;

    public IEnumerable<int[]> Batches(int epoch = 0)
    {
        var order = Shuffle ? SeededPermutation.Of(Count, EpochSeed(Seed, epoch)) : Enumerable.Range(0, Count).ToArray();
        for (var b = 0; b < BatchCount; b++)
        {
            var start = b * BatchSize;
            yield return order[start..Math.Min(start + BatchSize, Count)];
        }
    }

    /// <summary>SplitMix64 finaliser over (seed, epoch): nearby seeds and epochs give unrelated streams, on every platform.</summary>
    public static int EpochSeed(int seed, int epoch)
    {
        var z = ((ulong)(uint)seed << 32 | (uint)epoch) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }
}
