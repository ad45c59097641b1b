namespace Research.Core.Data.Loading;

/// <summary>
/// Batches of items turned into tensors by a collate function (e.g. <see cref="Collate.Pad"/> for variable-length
/// sequences). The caller owns each batch's tensors: dispose them, or iterate inside a dispose scope.
/// </summary>
public sealed class DataLoader<TItem, TBatch>(
    IReadOnlyList<TItem> items,
    Func<IReadOnlyList<TItem>, TBatch> collate,
    int batchSize,
    bool shuffle = false,
    int seed = 0,
    bool dropLast = false)
{
    public BatchSampler Sampler { get; } = new(items.Count, batchSize, shuffle, seed, dropLast);

    public int BatchCount => Sampler.BatchCount;

    public IEnumerable<TBatch> Epoch(int epoch = 0)
    {
        foreach (var indices in Sampler.Batches(epoch))
        {
            var batch = new TItem[indices.Length];
            for (var i = 0; i < indices.Length; i++) batch[i] = items[indices[i]];
            yield return collate(batch);
        }
    }
}
