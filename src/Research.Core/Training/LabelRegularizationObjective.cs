using Research.Core.Data.Loading;
using Research.Core.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Training;

/// <summary>
/// A classifier trained against label-regularised targets (<see cref="LabelRegularization"/>): any module mapping
/// inputs to logits [N, K], on batches (inputs, labels [N] int64). The sums count examples and correct argmax
/// predictions, with the summed loss and the terms "nll" (gold-class NLL) and "smoothing" (Σ_k q_k·(−log p_k)).
/// </summary>
public sealed class LabelRegularizationObjective(nn.Module<Tensor, Tensor> model, LabelRegularizationOptions options) : IObjective<TensorBatch>
{
    private readonly nn.Module<Tensor, Tensor> model = model ?? throw new ArgumentNullException(nameof(model));
    private readonly LabelRegularizationOptions options = options ?? throw new ArgumentNullException(nameof(options));

    public LabelRegularizationOptions Options => options;

    public ObjectiveOutput Compute(TensorBatch batch)
    {
        if (batch.Count != 2)
            throw new ArgumentException($"LabelRegularizationObjective: a batch holds (inputs, labels), got {batch.Count} tensors", nameof(batch));
        var (input, labels) = (batch[0], batch[1]);
        var logits = model.call(input);                                                     // [N, K]
        if (logits.dim() != 2)
            throw new ArgumentException($"LabelRegularizationObjective: the model returned shape [{string.Join(", ", logits.shape)}]: expected logits [N, K]");
        var loss = LabelRegularization.Compute(logits, labels, options);
        var correct = logits.argmax(1).eq(labels).sum().item<long>();
        var sum = loss.LossSum.to(ScalarType.Float64).item<double>();
        var terms = new Dictionary<string, double>
        {
            ["nll"] = loss.NllSum.to(ScalarType.Float64).item<double>(),
            ["smoothing"] = loss.SmoothingSum.to(ScalarType.Float64).item<double>(),
        };
        return new ObjectiveOutput(loss.Loss, new LossSums(sum, labels.shape[0], correct, terms));
    }
}
