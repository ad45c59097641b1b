using Research.Core.Training;
using static TorchSharp.torch;

namespace Research.Core.Data.Loading;

/// <summary>One batch of rows from a <see cref="TensorDataLoader"/>, in the loader's tensor order; the trainer disposes it after its step.</summary>
public sealed class TensorBatch(Tensor[] tensors) : IDisposable
{
    public IReadOnlyList<Tensor> Tensors { get; } = tensors ?? throw new ArgumentNullException(nameof(tensors));

    public Tensor this[int index] => Tensors[index];

    public int Count => Tensors.Count;

    public void Dispose()
    {
        foreach (var t in Tensors) t.Dispose();
    }
}

/// <summary>
/// A <see cref="TensorDataLoader"/> as the trainer's batch source: epoch e's batches are the loader's epoch e, so a
/// shuffled order depends only on (seed, epoch) and a resumed run sees the same batches.
/// </summary>
public sealed class TensorBatchSource(TensorDataLoader loader) : IBatchSource<TensorBatch>
{
    private readonly TensorDataLoader loader = loader ?? throw new ArgumentNullException(nameof(loader));

    public int BatchCount => loader.BatchCount;

    public IEnumerable<TensorBatch> Batches(int epoch) => loader.Epoch(epoch).Select(tensors => new TensorBatch(tensors));
}
