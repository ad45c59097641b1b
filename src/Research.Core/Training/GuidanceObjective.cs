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
/// A pair whose CKA is undefined (a constant layer) adds nothing. Steps are counted over training passes. A batch may
/// carry a third tensor, its key (int64, one value): with <see cref="GuidanceOptions.CacheGuide"/> a training batch seen
/// before skips the guide and uses the guide's Grams prepared the first time.
/// </summary>
public sealed class GuidanceObjective : IObjective<TensorBatch>, IDisposable
{
    private readonly nn.Module<Tensor, Tensor> target;
    private readonly nn.Module<Tensor, Tensor> guide;
    private readonly LayerRecorder targetLayers;
    private readonly LayerRecorder guideLayers;
    private List<(int Target, int Guide)>? pairs;
    private bool training;
    private readonly Dictionary<long, (Tensor Gram, Tensor Varies)[]> guideCache = new();

    public GuidanceObjective(nn.Module<Tensor, Tensor> target, nn.Module<Tensor, Tensor> guide, GuidanceOptions? options = null,
        IEnumerable<Type>? moduleTypes = null)
    {
        this.target = target ?? throw new ArgumentNullException(nameof(target));
        this.guide = guide ?? throw new ArgumentNullException(nameof(guide));
        if (ReferenceEquals(target, guide)) throw new ArgumentException("GuidanceObjective: the guide must be another network than the target", nameof(guide));
        Options = options ?? new GuidanceOptions();
        targetLayers = new LayerRecorder(target, moduleTypes);
        guideLayers = new LayerRecorder(guide, moduleTypes);
        guide.eval();
    }

    public GuidanceOptions Options { get; }

    /// <summary>Training steps computed so far.</summary>
    public long Steps { get; private set; }

    /// <summary>"target ← guide" per pair, known after the first batch.</summary>
    public IReadOnlyList<string> PairNames { get; private set; } = [];

    /// <summary>The recorded layers of both networks as of the latest batch ("index name [shape]").</summary>
    public (IReadOnlyList<string> Target, IReadOnlyList<string> Guide) Layers { get; private set; } = ([], []);

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
            : Options.MeasureInEvaluation;
        if (training) Steps++;
        try
        {
            targetLayers.Enabled = guided;
            targetLayers.BatchSize = count;
            var logits = target.call(input);                                                  // [N, C]
            targetLayers.Enabled = false;
            if (logits.dim() != 2 || labels.dim() != 1 || labels.shape[0] != logits.shape[0] || labels.dtype != ScalarType.Int64)
                throw new ArgumentException(
                    $"GuidanceObjective: labels has shape [{string.Join(", ", labels.shape)}] ({labels.dtype}) but logits has shape [{string.Join(", ", logits.shape)}]: expected int64 labels [{logits.shape[0]}] for logits [N, C]");
            var ceSum = nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum);
            var correct = logits.argmax(1).eq(labels).sum().item<long>();
            var ce = ceSum.detach().to(ScalarType.Float64).item<double>();
            var terms = new Dictionary<string, double> { ["ce"] = ce };
            var loss = ceSum.over(count);
            if (guided)
            {
                var cached = cacheKey is { } key && pairs is not null && guideCache.TryGetValue(key, out var hit) ? hit : null;
                if (cached is null) RunGuide(input, count);
                var (alignment, ckas) = Alignment(count, cached, cacheKey);
                if (training) loss = loss.plus(alignment.times(Options.Alpha));
                var values = ckas.to(ScalarType.Float64).cpu().data<double>().ToArray();
                terms["alignment"] = alignment.detach().to(ScalarType.Float64).item<double>() * count;
                for (var i = 0; i < values.Length; i++) terms[$"cka:{i}"] = values[i] * count;
            }
            return new ObjectiveOutput(loss, new LossSums(ce, count, correct, terms));
        }
        finally
        {
            targetLayers.Enabled = false;
            targetLayers.Clear();
            guideLayers.Clear();
        }
    }

    private void RunGuide(Tensor input, long count)
    {
        using var _ = no_grad();
        guide.eval();
        guideLayers.BatchSize = count;
        guideLayers.Enabled = true;
        try
        {
            using var scope = NewDisposeScope();
            // The code's --noise: N(0, 1) clamped to [−1, 1] (the clamp bounds are not in the note: an assumption).
            var guideInput = Options.NoiseToGuide ? randn_like(input).clamp(MinusOne, KeptScalars.One) : input;
            guide.call(guideInput);
        }
        finally
        {
            guideLayers.Enabled = false;
        }
    }

    private static readonly Scalar MinusOne = (-1.0).ToScalar();

    // Σ over pairs of defined·(1 − CKA) [], and each pair's CKA [P] (0 where undefined). With cached Grams the guide
    // did not run; with a cache key and none cached, the guide's Grams are prepared and kept for the next time.
    private (Tensor Alignment, Tensor Ckas) Alignment(long count, (Tensor Gram, Tensor Varies)[]? cached, long? cacheKey)
    {
        var t = targetLayers.Layers;
        var g = guideLayers.Layers;
        if (t.Count == 0 || cached is null && g.Count == 0)
            throw new InvalidOperationException($"GuidanceObjective: recorded {t.Count} target and {g.Count} guide layers (the logits dropped); both need at least one. Hooked: target {string.Join(", ", targetLayers.HookedModules)}; guide {string.Join(", ", guideLayers.HookedModules)}");
        pairs ??= ResolvePairs(t, g);
        if (pairs.Any(p => p.Target >= t.Count || cached is null && p.Guide >= g.Count))
            throw new InvalidOperationException($"GuidanceObjective: this batch recorded {t.Count} target and {g.Count} guide layers, fewer than the first batch's mapping needs");
        var keep = cached is null && cacheKey is not null ? new (Tensor Gram, Tensor Varies)[pairs.Count] : null;
        var terms = new List<Tensor>();
        var ckas = new List<Tensor>();
        for (var p = 0; p < pairs.Count; p++)
        {
            var (ti, gi) = pairs[p];
            var x = t[ti].Activation.reshape(count, -1);                                   // [N, d_t]
            Tensor cka, defined;
            if (cached is not null) (cka, defined) = Cka.LinearWithDefined(x, cached[p], Options.Estimator);
            else
            {
                var y = g[gi].Activation.reshape(count, -1).to(x.dtype);                   // [N, d_g]
                if (keep is null) (cka, defined) = Cka.LinearWithDefined(x, y, Options.Estimator);
                else
                {
                    var (gram, varies) = Cka.PreparedGram(y);
                    keep[p] = (gram.DetachFromDisposeScope(), varies.DetachFromDisposeScope());
                    (cka, defined) = Cka.LinearWithDefined(x, keep[p], Options.Estimator);
                }
            }
            terms.Add(defined.to(cka.dtype).add(cka, MinusOne));                          // 1 − CKA, 0 where undefined
            ckas.Add(cka.detach());
        }
        if (keep is not null) guideCache[cacheKey!.Value] = keep;
        return (stack(terms).sum(), stack(ckas));
    }

    /// <summary>Guide Grams cached so far (batches).</summary>
    public int CachedBatches => guideCache.Count;

    private List<(int Target, int Guide)> ResolvePairs(IReadOnlyList<RecordedLayer> t, IReadOnlyList<RecordedLayer> g)
    {
        Layers = (targetLayers.Describe().ToList(), guideLayers.Describe().ToList());
        List<(int Target, int Guide)> resolved;
        if (Options.Pairs is { } named)
        {
            int Find(IReadOnlyList<RecordedLayer> layers, string name, string side) =>
                layers.Select((l, i) => (l, i)).FirstOrDefault(x => x.l.Name == name, (null!, -1)).i is var i and >= 0
                    ? i
                    : throw new ArgumentException($"GuidanceObjective: the {side} has no recorded layer '{name}'; it has: {string.Join(", ", layers.Select(l => l.Name))}");
            resolved = named.Select(p => (Find(t, p.Target, "target"), Find(g, p.Guide, "guide"))).ToList();
        }
        else resolved = LayerMapping.Pairs(g.Count, t.Count).ToList();
        PairNames = resolved.Select(p => $"{t[p.Target].Name} ← {g[p.Guide].Name}").ToList();
        return resolved;
    }

    public void Dispose()
    {
        targetLayers.Dispose();
        guideLayers.Dispose();
        foreach (var grams in guideCache.Values)
            foreach (var (gram, varies) in grams)
            {
                gram.Dispose();
                varies.Dispose();
            }
        guideCache.Clear();
    }
}
