using Research.Core.Data.Synthetic;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Training;

/// <summary>Cross entropy of a sequence model at the batch's scored positions, with their token accuracy (e.g. to
/// pre-train a copy-task guide). Sums are per scored position.</summary>
public sealed class SequenceCrossEntropyObjective(nn.Module<Tensor, Tensor> model) : IObjective<SequenceBatch>
{
    public ObjectiveOutput Compute(SequenceBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (picked, wanted, scored) = ScoredPositions.Pick(model.call(batch.Input.Tokens), batch, nameof(SequenceCrossEntropyObjective));
        return Guidance.CrossEntropyPlusAlignment(picked, wanted, scored, training: true, alpha: 0, align: null);
    }
}
