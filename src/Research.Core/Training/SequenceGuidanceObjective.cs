using Research.Core.Data.Synthetic;
using Research.Core.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Training;

/// <summary>
/// Guidance for token-level sequence tasks (the paper's copy task: an RNN target guided by a Transformer):
/// L = CE over the scored positions + α·Σ (1 − CKA), the activations flattened per sequence (T·D features, the
/// authors' view(B, −1)). Target and guide map tokens [N, T] to logits [N, T, V]; both see the same tokens. Sums count
/// scored tokens; "alignment" and "cka:i" are per scored token. Noise to the guide and guide caching are not offered
/// here (token inputs have no Gaussian noise; sequence batches carry no key).
/// </summary>
public sealed class SequenceGuidanceObjective : IObjective<SequenceBatch>, IDisposable
{
    private readonly nn.Module<Tensor, Tensor> target;
    private readonly nn.Module<Tensor, Tensor> guide;
    private readonly LayerAlignment alignment;
    private bool training;

    public SequenceGuidanceObjective(nn.Module<Tensor, Tensor> target, nn.Module<Tensor, Tensor> guide, GuidanceOptions? options = null,
        IEnumerable<Type>? moduleTypes = null)
    {
        this.target = target ?? throw new ArgumentNullException(nameof(target));
        this.guide = guide ?? throw new ArgumentNullException(nameof(guide));
        Options = options ?? new GuidanceOptions();
        if (Options.NoiseToGuide || Options.CacheGuide)
            throw new ArgumentException("SequenceGuidanceObjective: noiseToGuide and cacheGuide are for image batches; turn them off", nameof(options));
        alignment = new LayerAlignment(target, guide, Options, moduleTypes);
        MeasureInEvaluation = Options.MeasureInEvaluation;
    }

    public GuidanceOptions Options { get; }

    /// <summary>Whether evaluation passes measure the pairs' CKA (and run the guide); starts as
    /// <see cref="GuidanceOptions.MeasureInEvaluation"/>. A runner turns it off for the per-epoch test passes and on
    /// for the passes before and after training, where the CKA is reported.</summary>
    public bool MeasureInEvaluation { get; set; }

    /// <summary>Training steps computed so far.</summary>
    public long Steps { get; private set; }

    public IReadOnlyList<string> PairNames => alignment.PairNames;

    public void StartPass(bool training) => this.training = training;

    public ObjectiveOutput Compute(SequenceBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var tokens = batch.Input.Tokens;                                                  // [N, T]
        var count = tokens.shape[0];
        var guided = training
            ? Options.Alpha > 0 && (Options.GuidanceSteps is not { } limit || Steps < limit)
            : MeasureInEvaluation;
        if (training) Steps++;
        try
        {
            alignment.RecordTarget(guided, count);
            var logits = target.call(tokens);                                             // [N, T, V]
            alignment.RecordTarget(false, count);
            var (picked, wanted, scored) = ScoredPositions.Pick(logits, batch, nameof(SequenceGuidanceObjective));
            return Guidance.CrossEntropyPlusAlignment(picked, wanted, scored, training, Options.Alpha,
                guided ? () => alignment.Compute(count, () => guide.call(tokens)) : null);
        }
        finally
        {
            alignment.Clear();
        }
    }

    public void Dispose() => alignment.Dispose();
}
