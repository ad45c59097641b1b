using Research.Core.Engine;
using Research.Core.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Training;

/// <summary>
/// The alignment half of guidance, for any objective: records a target's and a frozen guide's layers
/// (<see cref="LayerRecorder"/>), pairs them (<see cref="LayerMapping"/> or <see cref="GuidanceOptions.Pairs"/>, fixed
/// at the first batch), runs the guide in eval mode without autograd, and returns Σ over pairs of (1 − CKA) on the
/// activations flattened per example, with each pair's CKA; the guide's prepared Grams are cached per batch key when
/// <see cref="GuidanceOptions.CacheGuide"/> is on. An objective records the target's layers during its own forward
/// pass (<see cref="RecordTarget"/>), so one target pass gives the task output and the layers.
/// </summary>
public sealed class LayerAlignment : IDisposable
{
    private static readonly Scalar MinusOne = (-1.0).ToScalar();
    private readonly nn.Module guide;
    private readonly LayerRecorder targetLayers;
    private readonly LayerRecorder guideLayers;
    private readonly Dictionary<long, (Tensor Gram, Tensor Varies)[]> guideCache = new();
    private List<(int Target, int Guide)>? pairs;

    public LayerAlignment(nn.Module target, nn.Module guide, GuidanceOptions options, IEnumerable<Type>? moduleTypes = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        this.guide = guide ?? throw new ArgumentNullException(nameof(guide));
        if (ReferenceEquals(target, guide)) throw new ArgumentException("LayerAlignment: the guide must be another network than the target", nameof(guide));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        targetLayers = new LayerRecorder(target, moduleTypes);
        guideLayers = new LayerRecorder(guide, moduleTypes);
        guide.eval();
    }

    public GuidanceOptions Options { get; }

    /// <summary>"target ← guide" per pair, known after the first aligned batch.</summary>
    public IReadOnlyList<string> PairNames { get; private set; } = [];

    /// <summary>The recorded layers of both networks at the first aligned batch ("index name [shape]").</summary>
    public (IReadOnlyList<string> Target, IReadOnlyList<string> Guide) Layers { get; private set; } = ([], []);

    /// <summary>Guide Grams cached so far (batches).</summary>
    public int CachedBatches => guideCache.Count;

    /// <summary>Records the target's layers while on (turn on around the target's forward pass).</summary>
    public void RecordTarget(bool on, long batchSize)
    {
        targetLayers.BatchSize = batchSize;
        targetLayers.Enabled = on;
    }

    /// <summary>
    /// Σ over pairs of defined·(1 − CKA) [] and each pair's CKA [P] (0 where undefined), after the target's recorded
    /// forward pass. runGuide calls the guide on this batch's guide input; it is skipped when the batch's Grams are cached.
    /// </summary>
    public (Tensor Alignment, Tensor Ckas) Compute(long batchSize, Action runGuide, long? cacheKey = null)
    {
        ArgumentNullException.ThrowIfNull(runGuide);
        var cached = cacheKey is { } key && pairs is not null && guideCache.TryGetValue(key, out var hit) ? hit : null;
        if (cached is null) RunGuide(runGuide, batchSize);
        var t = targetLayers.Layers;
        var g = guideLayers.Layers;
        if (t.Count == 0 || cached is null && g.Count == 0)
            throw new InvalidOperationException($"LayerAlignment: recorded {t.Count} target and {g.Count} guide layers (the logits dropped); both need at least one. Hooked: target {string.Join(", ", targetLayers.HookedModules)}; guide {string.Join(", ", guideLayers.HookedModules)}");
        pairs ??= ResolvePairs(t, g);
        if (pairs.Any(p => p.Target >= t.Count || cached is null && p.Guide >= g.Count))
            throw new InvalidOperationException($"LayerAlignment: this batch recorded {t.Count} target and {g.Count} guide layers, fewer than the first batch's mapping needs");
        var keep = cached is null && cacheKey is not null ? new (Tensor Gram, Tensor Varies)[pairs.Count] : null;
        var terms = new List<Tensor>();
        var ckas = new List<Tensor>();
        for (var p = 0; p < pairs.Count; p++)
        {
            var (ti, gi) = pairs[p];
            var x = t[ti].Activation.reshape(batchSize, -1);                               // [N, d_t]
            Tensor cka, defined;
            if (cached is not null) (cka, defined) = Cka.LinearWithDefined(x, cached[p], Options.Estimator);
            else
            {
                var y = g[gi].Activation.reshape(batchSize, -1).to(x.dtype);               // [N, d_g]
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

    /// <summary>Releases this batch's recorded activations.</summary>
    public void Clear()
    {
        targetLayers.Enabled = false;
        targetLayers.Clear();
        guideLayers.Clear();
    }

    private void RunGuide(Action runGuide, long batchSize)
    {
        using var _ = no_grad();
        guide.eval();
        guideLayers.BatchSize = batchSize;
        guideLayers.Enabled = true;
        try
        {
            using var scope = NewDisposeScope();
            runGuide();
        }
        finally
        {
            guideLayers.Enabled = false;
        }
    }

    private List<(int Target, int Guide)> ResolvePairs(IReadOnlyList<RecordedLayer> t, IReadOnlyList<RecordedLayer> g)
    {
        Layers = (targetLayers.Describe().ToList(), guideLayers.Describe().ToList());
        List<(int Target, int Guide)> resolved;
        if (Options.Pairs is { } named)
        {
            int Find(IReadOnlyList<RecordedLayer> layers, string name, string side) =>
                layers.Select((l, i) => (l, i)).FirstOrDefault(x => x.l.Name == name, (null!, -1)).i is var i and >= 0
                    ? i
                    : throw new ArgumentException($"LayerAlignment: the {side} has no recorded layer '{name}'; it has: {string.Join(", ", layers.Select(l => l.Name))}");
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
