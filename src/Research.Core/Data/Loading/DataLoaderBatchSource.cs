using Research.Core.Training;

namespace Research.Core.Data.Loading;

/// <summary>
/// A <see cref="DataLoader{TItem, TBatch}"/> as the trainer's batch source (collated batches such as padded sequences):
/// epoch e's batches are the loader's epoch e. A batch that is IDisposable is disposed by the trainer after its step.
/// </summary>
public sealed class DataLoaderBatchSource<TItem, TBatch>(DataLoader<TItem, TBatch> loader) : IBatchSource<TBatch>
{
    private readonly DataLoader<TItem, TBatch> loader = loader ?? throw new ArgumentNullException(nameof(loader));

    public int BatchCount => loader.BatchCount;

    public IEnumerable<TBatch> Batches(int epoch) => loader.Epoch(epoch);
}
