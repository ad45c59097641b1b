using Research.Core.Data;
using Research.Core.Data.Loading;
using Research.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Experiments.Guidance;

/// <summary>
/// Batches of fixed membership for guide caching (guidance.md §4): the rows are shuffled once by the seed into
/// batches, and each epoch visits the batches in an order drawn from (seed, epoch). Each batch is (inputs, labels,
/// key) with the batch's index as its key, so <see cref="GuidanceObjective"/> can reuse the guide's Grams. The SGD
/// noise differs from reshuffling every epoch: only the order of the batches changes.
/// </summary>
public sealed class FixedBatches : IBatchSource<TensorBatch>
{
    private readonly Tensor inputs, labels;
    private readonly long[][] rows;
    private readonly int seed;

    public FixedBatches(Tensor inputs, Tensor labels, int batchSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        if (inputs.shape[0] != labels.shape[0])
            throw new ArgumentException($"FixedBatches: labels has {labels.shape[0]} rows but inputs has {inputs.shape[0]}: expected the same", nameof(labels));
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"FixedBatches: batchSize must be positive, got {batchSize}");
        (this.inputs, this.labels, this.seed) = (inputs, labels, seed);
        var order = SeededPermutation.Of(checked((int)inputs.shape[0]), seed);
        rows = order.Chunk(batchSize).Select(chunk => chunk.Select(i => (long)i).ToArray()).ToArray();
    }

    public int BatchCount => rows.Length;

    public IEnumerable<TensorBatch> Batches(int epoch)
    {
        foreach (var b in SeededPermutation.Of(rows.Length, unchecked(seed * 1_000_003 + epoch)))
        {
            using var index = tensor(rows[b]);
            yield return new TensorBatch([inputs.index_select(0, index), labels.index_select(0, index), tensor((long)b)]);
        }
    }
}
