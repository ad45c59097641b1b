using Research.Core.Data.Loading;
using Research.Core.Losses;
using Research.Core.Models.Graphs;
using static TorchSharp.torch;

namespace Research.Core.Training;

/// <summary>
/// Cross entropy of <see cref="DirectGraphPredictor"/> on batches (tokens, node labels [N, M], edge labels [N, M, M]),
/// against the target's canonical node order or, with <paramref name="matching"/>, against the order that best matches
/// the predicted nodes (<see cref="GraphMatchingLoss"/>); the sums count examples (term "ce").
/// </summary>
public sealed class DirectGraphObjective(DirectGraphPredictor model, bool matching = false) : IObjective<TensorBatch>
{
    private readonly DirectGraphPredictor model = model ?? throw new ArgumentNullException(nameof(model));

    public ObjectiveOutput Compute(TensorBatch batch)
    {
        if (batch.Count != 3)
            throw new ArgumentException($"DirectGraphObjective: a batch holds (tokens, nodes, edges), got {batch.Count} tensors", nameof(batch));
        var (nodes, edges) = model.call(batch[0]);
        var loss = matching ? GraphMatchingLoss.Compute(nodes, edges, batch[1], batch[2]) : DirectGraphPredictor.Loss(nodes, edges, batch[1], batch[2]);
        var count = batch[0].shape[0];
        var sum = loss.detach().to(ScalarType.Float64).item<double>() * count;
        return new ObjectiveOutput(loss, new LossSums(sum, count, 0, new Dictionary<string, double> { ["ce"] = sum }));
    }
}
