using Research.Core.Data.Loading;
using Research.Core.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Training;

/// <summary>
/// Cross entropy of a classifier: any module mapping inputs to logits [N, C], on batches (inputs, labels [N] int64).
/// The loss that backward() sees is the batch mean; the sums count examples, correct argmax predictions and the
/// summed cross entropy (term "ce"), so epoch means are exact whatever the batch sizes.
/// </summary>
public sealed class ClassificationObjective(nn.Module<Tensor, Tensor> model) : IObjective<TensorBatch>
{
    private readonly nn.Module<Tensor, Tensor> model = model ?? throw new ArgumentNullException(nameof(model));

    public ObjectiveOutput Compute(TensorBatch batch)
    {
        if (batch.Count != 2)
            throw new ArgumentException($"ClassificationObjective: a batch holds (inputs, labels), got {batch.Count} tensors", nameof(batch));
        var (input, labels) = (batch[0], batch[1]);
        var logits = model.call(input);                                                     // [N, C]
        if (logits.dim() != 2 || labels.dim() != 1 || labels.shape[0] != logits.shape[0] || labels.dtype != ScalarType.Int64)
            throw new ArgumentException(
                $"ClassificationObjective: labels has shape [{string.Join(", ", labels.shape)}] ({labels.dtype}) but logits has shape [{string.Join(", ", logits.shape)}]: expected int64 labels [{logits.shape[0]}] for logits [N, C]");
        var count = labels.shape[0];
        var ceSum = nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum);
        var correct = logits.argmax(1).eq(labels).sum().item<long>();
        var ce = ceSum.detach().to(ScalarType.Float64).item<double>();
        return new ObjectiveOutput(ceSum.over(count), new LossSums(ce, count, correct, new Dictionary<string, double> { ["ce"] = ce }));
    }
}
