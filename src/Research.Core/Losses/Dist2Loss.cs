using Research.Core.Engine;
using Research.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Losses;

/// <summary>
/// One batch of DIST2: the loss that backward() sees and its summable parts. CE is summed over the
/// <see cref="Tokens"/> supervised tokens; the distance term is Σ_t w_t KL_t (<see cref="DistanceSum"/>) over the
/// <see cref="MetricTokens"/> metric labels with Σ_t w_t = <see cref="DistanceWeight"/>.
/// </summary>
public sealed record Dist2Output(Tensor Loss, double CrossEntropySum, long Tokens, double DistanceSum, double DistanceWeight, long MetricTokens)
{
    /// <summary>The batch as the trainer's sums: Loss = Tokens × the batch loss; terms "ce", "dist2" (Σ w KL) and "dist2_weight" (Σ w).</summary>
    public LossSums ToSums(double alpha, long correct = 0)
    {
        var distance = DistanceWeight > 0 ? DistanceSum / DistanceWeight : 0;
        return new LossSums(CrossEntropySum + alpha * distance * Tokens, Tokens, correct, new Dictionary<string, double>
        {
            ["ce"] = CrossEntropySum,
            ["dist2"] = DistanceSum,
            ["dist2_weight"] = DistanceWeight,
        });
    }
}

/// <summary>
/// DIST2Loss ("Teaching Metric Distance to Discrete Autoregressive Language Models", Chung et al., ICLR 2026):
/// L = CE + α·Σ_t w_t KL(q_t ‖ p̃_t) / Σ_t w_t, where at every position whose label y_t lies in the metric
/// sub-vocabulary V_d, q_t(v) ∝ exp(−d(v, y_t)/τ) on V_d and p̃_t is the model's distribution there (restricted
/// softmax by default). CE is the usual mean over non-ignored tokens. A batch with no metric label gives exactly CE
/// (the authors' code divides 0 by 0). Only one [N, V] tensor is made, the log-softmax that CE needs; the distance
/// term reads the [M, K] block of metric positions × V_d columns out of it.
/// </summary>
public static class Dist2Loss
{
    private static readonly Scalar Zero = 0.ToScalar();
    private static readonly Scalar MinusOne = (-1).ToScalar();

    /// <summary>The loss of logits [B, T, V] with labels [B, T], or logits [N, V] with labels [N] (one sequence for place-value runs).</summary>
    public static Dist2Output Compute(Tensor logits, Tensor labels, MetricVocabulary vocabulary, Dist2Options options)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(options);
        CheckShapes(logits, labels);
        if (!(options.Alpha >= 0) || !(options.Tau > 0))
            throw new ArgumentOutOfRangeException(nameof(options), $"Dist2Loss: expected alpha >= 0 and tau > 0, got alpha {options.Alpha}, tau {options.Tau}");
        using var scope = NewDisposeScope();
        var v = logits.shape[^1];
        var batch = labels.dim() == 2 ? labels.shape[0] : 1;                       // place-value runs lie along T
        var y = labels.reshape(-1);                                                // [N]
        var logp = logits.reshape(-1, v).log_softmax(1);                           // [N, V], what CE needs anyway
        var supervised = IsSupervised(y, options.IgnoreIndex);                     // [N] bool
        var unsupervised = supervised.logical_not();
        var safe = y.masked_fill(unsupervised, Zero);                              // ignored labels read column 0, then drop out
        var ceSum = logp.gather(1, safe.unsqueeze(1)).squeeze(1).masked_fill_kept(unsupervised, 0).sum().neg();
        var tokens = supervised.sum().item<long>();
        var ce = ceSum.over(Math.Max(tokens, 1));
        var ceValue = ceSum.detach().to(float64).item<double>();

        var loc = vocabulary.Positions(v, logits.device);                          // [V], −1 off V_d
        var j = loc.index_select(0, safe).masked_fill_kept(unsupervised, -1);                       // [N], position of y in V_d or −1
        var metric = j.ge(Zero);                                                   // [N] bool
        var rows = metric.nonzero().squeeze(1);                                    // [M]
        var m = rows.shape[0];
        if (m == 0 || options.Alpha == 0)
            return new Dist2Output(ce.MoveToOuterDisposeScope(), ceValue, tokens, 0, 0, m);

        var w = options.PlaceValueWeights
            ? PlaceValueWeights(metric.reshape(batch, -1)).reshape(-1)
            : metric.to(int64);                                                    // [N]
        var weight = w.index_select(0, rows).to(logp.dtype);                       // [M]
        var kl = KullbackLeibler(logp, rows, j.index_select(0, rows), vocabulary, options);   // [M]
        var distanceSum = weight.mul(kl).sum();
        var distanceWeight = weight.sum();
        var loss = ce.plus(distanceSum.div(distanceWeight).times(options.Alpha));
        return new Dist2Output(loss.MoveToOuterDisposeScope(), ceValue, tokens,
            distanceSum.detach().to(float64).item<double>(), distanceWeight.to(float64).item<double>(), m);
    }

    /// <summary>KL(q_t ‖ p̃_t) [M] at the metric rows, summed over V_d; 0·log 0 counts as 0.</summary>
    private static Tensor KullbackLeibler(Tensor logp, Tensor rows, Tensor j, MetricVocabulary vocabulary, Dist2Options options)
    {
        var ids = vocabulary.Ids.to(logp.device);
        var logpd = logp.index(TensorIndex.Tensor(rows.unsqueeze(1)), TensorIndex.Tensor(ids.unsqueeze(0)));   // [M, K]
        if (options.Variant == Dist2Variant.Restricted)
            logpd = logpd.log_softmax(1);                                          // log softmax(z[V_d]): z − lse(z) shifts out
        if (options.Target == Dist2Target.OneHot)
            return logpd.gather(1, j.unsqueeze(1)).squeeze(1).neg();               // KL(e_y ‖ p̃) = −log p̃(y)
        var logq = options.Target == Dist2Target.Distance
            ? Dist2Targets.LogTarget(vocabulary, j, options.Tau, logp.dtype)
            : KeptScalars.full_kept([j.shape[0], vocabulary.Count], -Math.Log(vocabulary.Count), logp.dtype, logp.device);
        var q = logq.exp();
        return q.mul(logq.add(logpd, MinusOne)).masked_fill_kept(q.eq(Zero), 0).sum(1);
    }

    /// <summary>
    /// Place-value weights (App. A): inside each run of consecutive metric labels along T, the position from the right,
    /// 1 for units, 2 for tens, …; 0 elsewhere. [0,1,1,1,0] → [0,3,2,1,0]. Computed as (next non-metric position) − t.
    /// </summary>
    public static Tensor PlaceValueWeights(Tensor metric)
    {
        if (metric.dim() != 2 || metric.dtype != ScalarType.Bool)
            throw new ArgumentException($"Dist2Loss: metric mask has shape [{string.Join(", ", metric.shape)}] ({metric.dtype}): expected bool [B, T]", nameof(metric));
        using var scope = NewDisposeScope();
        var t = metric.shape[1];
        using var length = t.ToScalar();
        var position = arange(Zero, length, KeptScalars.One, int64, metric.device).unsqueeze(0).expand(metric.shape[0], t);   // [B, T]
        var stop = position.masked_fill_kept(metric, t);                            // t where metric, else its own index
        var (reversedMin, _) = stop.flip(1).cummin(1);
        var nextStop = reversedMin.flip(1);                                         // min over s ≥ t
        return nextStop.add(position, MinusOne).MoveToOuterDisposeScope();
    }

    private static Tensor IsSupervised(Tensor y, long ignoreIndex)
    {
        using var ignore = ignoreIndex.ToScalar();
        return y.ne(ignore);
    }

    private static void CheckShapes(Tensor logits, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        var z = logits.shape;
        var y = labels.shape;
        var expected = z.Length == 3 ? $"[{z[0]}, {z[1]}]" : z.Length == 2 ? $"[{z[0]}]" : null;
        if (expected is null)
            throw new ArgumentException($"Dist2Loss: logits has shape [{string.Join(", ", z)}]: expected [B, T, V] or [N, V]", nameof(logits));
        if (y.Length != z.Length - 1 || !y.SequenceEqual(z[..^1]))
            throw new ArgumentException($"Dist2Loss: labels has shape [{string.Join(", ", y)}] but logits has shape [{string.Join(", ", z)}]: expected {expected}", nameof(labels));
        if (labels.dtype != ScalarType.Int64)
            throw new ArgumentException($"Dist2Loss: labels must be int64 token ids, got {labels.dtype}", nameof(labels));
        if (!logits.is_floating_point())
            throw new ArgumentException($"Dist2Loss: logits must be floating point, got {logits.dtype}", nameof(logits));
    }
}
