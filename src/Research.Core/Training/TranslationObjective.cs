using Research.Core.Data.Text;
using Research.Core.Losses;
using Research.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Training;

/// <summary>
/// A translation model trained against label-regularised targets, fairseq's label_smoothed_cross_entropy criterion
/// generalised to any q (<see cref="LabelRegularization"/> over logits [B, T, V]): pad positions of the target output
/// are masked, the loss is summed over target tokens and normalised by their number, and the sums count target
/// tokens, argmax-correct tokens, the summed loss and its terms "nll" (gold NLL, for perplexity) and "smoothing".
/// </summary>
public sealed class TranslationObjective(TranslationTransformer model, LabelRegularizationOptions options) : IObjective<TranslationBatch>
{
    private readonly TranslationTransformer model = model ?? throw new ArgumentNullException(nameof(model));
    private readonly LabelRegularizationOptions options = options ?? throw new ArgumentNullException(nameof(options));

    public LabelRegularizationOptions Options => options;

    public ObjectiveOutput Compute(TranslationBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!batch.TargetInput.shape.SequenceEqual(batch.TargetOutput.shape))
            throw new ArgumentException($"TranslationObjective: target input has shape [{string.Join(", ", batch.TargetInput.shape)}] but target output [{string.Join(", ", batch.TargetOutput.shape)}]: expected the same", nameof(batch));
        var logits = model.call(batch.Source, batch.TargetInput);                                  // [B, T, V]
        using var pad = model.Config.PadId.ToScalar();
        var scored = batch.TargetOutput.ne(pad);                                                   // [B, T]
        var loss = LabelRegularization.Compute(logits, batch.TargetOutput, options, scored);
        var correct = logits.argmax(2).eq(batch.TargetOutput).logical_and(scored).sum().item<long>();
        var terms = new Dictionary<string, double>
        {
            ["nll"] = loss.NllSum.to(ScalarType.Float64).item<double>(),
            ["smoothing"] = loss.SmoothingSum.to(ScalarType.Float64).item<double>(),
        };
        var count = (long)loss.Count.item<double>();
        return new ObjectiveOutput(loss.Loss, new LossSums(loss.LossSum.to(ScalarType.Float64).item<double>(), count, correct, terms));
    }
}
