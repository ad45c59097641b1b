using Research.Core.Data.Loading;
using Research.Core.Engine;
using Research.Core.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Training;

/// <summary>
/// Options of guidance ("Training the Untrainable", Subramaniam et al.): the weight α of the alignment term, the CKA
/// estimator, how many training steps are guided (null: all; 300 is the v2 "guidance as initialisation"), whether the
/// guide sees clamped Gaussian noise instead of the batch (the code's --noise), explicit (target, guide) layer-name
/// pairs instead of the uniform mapping, whether evaluation passes measure CKA too, and whether the guide's prepared
/// Grams are cached per batch key (the note's guide caching: a frozen guide gives the same Grams for the same batch;
/// needs batches of fixed membership that carry their key as a third tensor, and no noise).
/// </summary>
public sealed record GuidanceOptions
{
    public GuidanceOptions(double alpha = 1.0, CkaEstimator estimator = CkaEstimator.Biased, long? guidanceSteps = null,
        bool noiseToGuide = false, IReadOnlyList<(string Target, string Guide)>? pairs = null, bool measureInEvaluation = true,
        bool cacheGuide = false)
    {
        if (cacheGuide && noiseToGuide) throw new ArgumentException("GuidanceOptions: cacheGuide needs the guide to see the batch, but noiseToGuide feeds it fresh noise every step", nameof(cacheGuide));
        CacheGuide = cacheGuide;
        if (!(alpha >= 0) || double.IsInfinity(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), $"GuidanceOptions: alpha must be finite and >= 0, got {alpha}");
        if (guidanceSteps is < 0) throw new ArgumentOutOfRangeException(nameof(guidanceSteps), $"GuidanceOptions: guidanceSteps must be >= 0 or null (always), got {guidanceSteps}");
        if (pairs is { Count: 0 }) throw new ArgumentException("GuidanceOptions: pairs is empty: give at least one (target, guide) pair, or null for the uniform mapping", nameof(pairs));
        (Alpha, Estimator, GuidanceSteps, NoiseToGuide, Pairs, MeasureInEvaluation) = (alpha, estimator, guidanceSteps, noiseToGuide, pairs, measureInEvaluation);
    }

    public double Alpha { get; }
    public CkaEstimator Estimator { get; }
    public long? GuidanceSteps { get; }
    public bool NoiseToGuide { get; }
    public IReadOnlyList<(string Target, string Guide)>? Pairs { get; }
    public bool MeasureInEvaluation { get; }
    public bool CacheGuide { get; }
}

/// <summary>
/// L = CE(target(x), y) + α·Σ_{(t,g)} (1 − CKA(A_t(x), B_g(x))), the layer terms summed (paper's loss; α = 1). One
/// target pass yields the logits and the recorded layers; the guide runs frozen: eval mode, no autograd, never in the
/// optimizer. Layers are recorded by <see cref="LayerRecorder"/> and paired by <see cref="LayerMapping"/>, or by
/// <see cref="GuidanceOptions.Pairs"/>. Sums: Loss and "ce" are the summed cross entropy (comparable with an unguided
/// run), "alignment" the summed α-free term per example, "cka:i" pair i's CKA per example (<see cref="PairNames"/>).
/// A pair whose CKA is undefined (a constant layer) adds nothing (<see cref="LayerAlignment"/>). Steps are counted over
/// training passes (an epoch the trainer restarts after a native error counts again). A batch may
/// carry a third tensor, its key (int64, one value): with <see cref="GuidanceOptions.CacheGuide"/> a training batch seen
/// before skips the guide and uses the guide's Grams prepared the first time.
/// </summary>
public sealed class GuidanceObjective : IObjective<TensorBatch>, IDisposable
{
    private static readonly Scalar MinusOne = (-1.0).ToScalar();
    private readonly nn.Module<Tensor, Tensor> target;
    private readonly nn.Module<Tensor, Tensor> guide;
    private readonly LayerAlignment alignment;
    private bool training;

    public GuidanceObjective(nn.Module<Tensor, Tensor> target, nn.Module<Tensor, Tensor> guide, GuidanceOptions? options = null,
        IEnumerable<Type>? moduleTypes = null)
    {
        this.target = target ?? throw new ArgumentNullException(nameof(target));
        this.guide = guide ?? throw new ArgumentNullException(nameof(guide));
        if (ReferenceEquals(target, guide)) throw new ArgumentException("GuidanceObjective: the guide must be another network than the target", nameof(guide));
        Options = options ?? new GuidanceOptions();
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

    /// <summary>"target ← guide" per pair, known after the first batch.</summary>
    public IReadOnlyList<string> PairNames => alignment.PairNames;

    /// <summary>The recorded layers of both networks at the first aligned batch ("index name [shape]").</summary>
    public (IReadOnlyList<string> Target, IReadOnlyList<string> Guide) Layers => alignment.Layers;

    /// <summary>Guide Grams cached so far (batches).</summary>
    public int CachedBatches => alignment.CachedBatches;

    public void StartPass(bool training) => this.training = training;

    public ObjectiveOutput Compute(TensorBatch batch)
    {
        if (batch.Count is not (2 or 3))
            throw new ArgumentException($"GuidanceObjective: a batch holds (inputs, labels) or (inputs, labels, key), got {batch.Count} tensors", nameof(batch));
        var (input, labels) = (batch[0], batch[1]);
        long? cacheKey = Options.CacheGuide && training && batch.Count == 3 ? batch[2].item<long>() : null;
        var count = labels.shape[0];
        var guided = training
            ? Options.Alpha > 0 && (Options.GuidanceSteps is not { } limit || Steps < limit)
            : MeasureInEvaluation;
        if (training) Steps++;
        try
        {
            alignment.RecordTarget(guided, count);
            var logits = target.call(input);                                                  // [N, C]
            alignment.RecordTarget(false, count);
            if (logits.dim() != 2 || labels.dim() != 1 || labels.shape[0] != logits.shape[0] || labels.dtype != ScalarType.Int64)
                throw new ArgumentException(
                    $"GuidanceObjective: labels has shape [{string.Join(", ", labels.shape)}] ({labels.dtype}) but logits has shape [{string.Join(", ", logits.shape)}]: expected int64 labels [{logits.shape[0]}] for logits [N, C]");
            // The code's --noise: N(0, 1) clamped to [−1, 1] (the clamp bounds are not in the note: an assumption).
            return Guidance.CrossEntropyPlusAlignment(logits, labels, count, training, Options.Alpha, guided
                ? () => alignment.Compute(count, () => guide.call(Options.NoiseToGuide ? randn_like(input).clamp(MinusOne, KeptScalars.One) : input), cacheKey)
                : null);
        }
        finally
        {
            alignment.Clear();
        }
    }

    public void Dispose() => alignment.Dispose();
}

/// <summary>Shared bookkeeping of the guidance objectives.</summary>
internal static class Guidance
{
    /// <summary>
    /// Cross entropy of logits [S, V] against labels [S], plus α·Σ(1 − CKA) from <paramref name="align"/> when given
    /// (added to the loss only in training); sums are per item over <paramref name="items"/>.
    /// </summary>
    public static ObjectiveOutput CrossEntropyPlusAlignment(Tensor logits, Tensor labels, long items, bool training, double alpha,
        Func<(Tensor Sum, Tensor Ckas)>? align)
    {
        var ceSum = nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum);
        var correct = logits.argmax(1).eq(labels).sum().item<long>();
        var ce = ceSum.detach().to(ScalarType.Float64).item<double>();
        var terms = new Dictionary<string, double> { ["ce"] = ce };
        var loss = ceSum.over(items);
        if (align is not null)
        {
            var (sum, ckas) = align();
            if (training) loss = loss.plus(sum.times(alpha));
            AddTerms(terms, sum, ckas, items);
        }
        return new ObjectiveOutput(loss, new LossSums(ce, items, correct, terms));
    }

    /// <summary>"alignment" and "cka:i" as sums over the batch's items (count).</summary>
    public static void AddTerms(Dictionary<string, double> terms, Tensor alignment, Tensor ckas, long count)
    {
        var values = ckas.to(ScalarType.Float64).cpu().data<double>().ToArray();
        terms["alignment"] = alignment.detach().to(ScalarType.Float64).item<double>() * count;
        for (var i = 0; i < values.Length; i++) terms[$"cka:{i}"] = values[i] * count;
    }
}
