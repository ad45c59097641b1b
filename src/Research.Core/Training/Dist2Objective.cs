using Research.Core.Data.Loading;
using Research.Core.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Training;

/// <summary>
/// Next-token DIST2 (or plain CE at α = 0) for any module mapping tokens [B, T] to logits [B, T, V], on batches
/// (inputs [B, T], labels [B, T] with an ignore index). The sums count supervised tokens and correct argmax
/// predictions, with terms "ce", "dist2" and "dist2_weight" (<see cref="Dist2Output.ToSums"/>).
/// </summary>
public sealed class Dist2Objective(nn.Module<Tensor, Tensor> model, MetricVocabulary vocabulary, Dist2Options options) : IObjective<TensorBatch>
{
    private readonly nn.Module<Tensor, Tensor> model = model ?? throw new ArgumentNullException(nameof(model));
    private readonly MetricVocabulary vocabulary = vocabulary ?? throw new ArgumentNullException(nameof(vocabulary));
    private readonly Dist2Options options = options ?? throw new ArgumentNullException(nameof(options));

    public ObjectiveOutput Compute(TensorBatch batch)
    {
        if (batch.Count != 2)
            throw new ArgumentException($"Dist2Objective: a batch holds (inputs, labels), got {batch.Count} tensors", nameof(batch));
        var (input, labels) = (batch[0], batch[1]);
        var logits = model.call(input);                                                    // [B, T, V]
        var output = Dist2Loss.Compute(logits, labels, vocabulary, options);
        using var ignore = options.IgnoreIndex.ToScalar();
        var correct = logits.argmax(2).eq(labels).logical_and(labels.ne(ignore)).sum().item<long>();
        return new ObjectiveOutput(output.Loss, output.ToSums(options.Alpha, correct));
    }
}
