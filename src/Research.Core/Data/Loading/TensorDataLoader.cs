using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Data.Loading;

/// <summary>
/// Batches of rows of tensors that share their first dimension (images and labels, features and targets), taken with
/// one <c>index_select</c> per tensor, or a slice when not shuffling. The caller owns each batch's tensors.
/// </summary>
public sealed class TensorDataLoader
{
    private readonly Tensor[] tensors;

    public BatchSampler Sampler { get; }
    public int BatchCount => Sampler.BatchCount;

    public TensorDataLoader(Tensor[] tensors, int batchSize, bool shuffle = false, int seed = 0, bool dropLast = false)
    {
        if (tensors.Length == 0) throw new ArgumentException("tensors is empty: expected at least one tensor", nameof(tensors));
        var rows = tensors[0].shape[0];
        for (var i = 1; i < tensors.Length; i++)
            if (tensors[i].shape[0] != rows)
                throw new ArgumentException(
                    $"tensors[{i}] has shape [{string.Join(", ", tensors[i].shape)}] but tensors[0] has {rows} rows: expected the same first dimension", nameof(tensors));
        this.tensors = tensors;
        Sampler = new BatchSampler(checked((int)rows), batchSize, shuffle, seed, dropLast);
    }

    public IEnumerable<Tensor[]> Epoch(int epoch = 0)
    {
        foreach (var indices in Sampler.Batches(epoch))
        {
            if (!Sampler.Shuffle)
            {
                yield return tensors.Select(t => t.narrow(0, indices[0], indices.Length)).ToArray();
                continue;
            }
            var rows = new long[indices.Length];
            for (var i = 0; i < rows.Length; i++) rows[i] = indices[i];
            using var index = torch.tensor(rows);
            yield return tensors.Select(t => t.index_select(0, index)).ToArray();
        }
    }
}
