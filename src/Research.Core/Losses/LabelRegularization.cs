using Research.Core.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Losses;

/// <summary>How the summed loss becomes the loss that backward() sees.</summary>
public enum LossNormalization
{
    /// <summary>Divided by the number of scored positions (fairseq's sample_size = ntokens; the batch mean for images).</summary>
    PerScored,

    /// <summary>The plain sum.</summary>
    Sum,
}

/// <summary>Hyper-parameters of a label regulariser: α, the smoothing distribution q and the normalisation.</summary>
public sealed record LabelRegularizationOptions
{
    public LabelRegularizationOptions(double alpha, ISmoothingDistribution smoothing, LossNormalization normalization = LossNormalization.PerScored)
    {
        if (!(alpha is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(alpha), $"LabelRegularization: alpha must be in [0, 1], got {alpha}");
        Alpha = alpha;
        Smoothing = smoothing ?? throw new ArgumentNullException(nameof(smoothing));
        Normalization = normalization;
    }

    public double Alpha { get; }
    public ISmoothingDistribution Smoothing { get; }
    public LossNormalization Normalization { get; }
}

/// <summary>
/// A label-regularised loss and its summable parts, all detached except <see cref="Loss"/>: the summed loss, the summed
/// NLL of the gold class (so perplexity and checkpoint metrics stay comparable across regularisers), the summed smoothing
/// term Σ_k q_k·(−log p_k), and the number of scored positions.
/// </summary>
public sealed record LabelRegularizationLoss(Tensor Loss, Tensor LossSum, Tensor NllSum, Tensor SmoothingSum, Tensor Count) : IDisposable
{
    public void Dispose()
    {
        Loss.Dispose();
        LossSum.Dispose();
        NllSum.Dispose();
        SmoothingSum.Dispose();
        Count.Dispose();
    }
}

/// <summary>
/// The general label-regularisation framework (labo.md §1.1): cross entropy against t = (1 − α)·e_y + α·q, i.e.
/// (1 − α)·(−log p_y) + α·Σ_k q_k·(−log p_k), with ∂/∂z = p − t. Covers uniform smoothing in both conventions,
/// TF-KD_reg and LABO-R through <see cref="ISmoothingDistribution"/>.
/// </summary>
public static class LabelRegularization
{
    /// <summary>
    /// The loss for logits [..., K] (for example [N, K] or [B, T, V]) and targets [...] (int64). An optional bool mask
    /// [...] marks the scored positions: the others (padding) contribute nothing to the loss or the gradient, and their
    /// target ids may be anything (for example −100). Half-precision logits are scored in float32.
    /// </summary>
    public static LabelRegularizationLoss Compute(Tensor logits, Tensor targets, LabelRegularizationOptions options, Tensor? mask = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckShapes(logits, targets, mask);
        using var scope = NewDisposeScope();
        var classes = logits.shape[^1];
        var z = logits.reshape(-1, classes);                                                       // [M, K]
        if (z.dtype is ScalarType.Float16 or ScalarType.BFloat16) z = z.to(ScalarType.Float32);
        var y = targets.reshape(-1);                                                               // [M]
        var scored = mask?.reshape(-1);
        if (scored is not null) y = y.masked_fill_kept(scored.logical_not(), 0);                   // any valid id at padding
        else CheckTargetRange(y, classes);

        var lse = z.logsumexp(1);                                                                  // [M]
        var nll = lse.sub(z.gather(1, y.unsqueeze(1)).squeeze(1));                                 // −log p_y, [M]
        var smoothing = options.Alpha == 0 ? zeros_like(nll) : options.Smoothing.CrossEntropy(z, lse, y);
        var perPosition = options.Alpha == 0 ? nll : nll.times(1 - options.Alpha).add(smoothing.times(options.Alpha), KeptScalars.One);
        Tensor count;
        if (scored is not null)
        {
            // where, not a product with the mask: nothing at padding can reach the sum, even a non-finite value.
            var none = zeros_like(nll);
            perPosition = where(scored, perPosition, none);
            nll = where(scored, nll, none);
            smoothing = where(scored, smoothing, none);
            count = scored.sum().to(ScalarType.Float64);
        }
        else count = KeptScalars.full_kept([], y.shape[0], ScalarType.Float64, z.device);
        var lossSum = perPosition.sum();
        var loss = options.Normalization == LossNormalization.Sum
            ? lossSum
            : lossSum.div(count.clamp_min(KeptScalars.One).to(lossSum.dtype));
        var result = new LabelRegularizationLoss(loss, lossSum.detach(), nll.sum().detach(), smoothing.sum().detach(), count);
        foreach (var t in new[] { result.Loss, result.LossSum, result.NllSum, result.SmoothingSum, result.Count }) t.MoveToOuterDisposeScope();
        return result;
    }

    private static void CheckShapes(Tensor logits, Tensor targets, Tensor? mask)
    {
        var z = logits.shape;
        if (z.Length < 2) throw new ArgumentException($"LabelRegularization: logits have shape [{string.Join(", ", z)}]: expected [..., K] with at least 2 dimensions", nameof(logits));
        if (!logits.is_floating_point()) throw new ArgumentException($"LabelRegularization: logits must be floating point, got {logits.dtype}", nameof(logits));
        var expected = z[..^1];
        if (!targets.shape.SequenceEqual(expected) || targets.dtype != ScalarType.Int64)
            throw new ArgumentException(
                $"LabelRegularization: targets have shape [{string.Join(", ", targets.shape)}] ({targets.dtype}) but logits have shape [{string.Join(", ", z)}]: expected int64 [{string.Join(", ", expected)}]", nameof(targets));
        if (mask is not null && (!mask.shape.SequenceEqual(expected) || mask.dtype != ScalarType.Bool))
            throw new ArgumentException(
                $"LabelRegularization: mask has shape [{string.Join(", ", mask.shape)}] ({mask.dtype}) but logits have shape [{string.Join(", ", z)}]: expected bool [{string.Join(", ", expected)}]", nameof(mask));
    }

    private static void CheckTargetRange(Tensor y, long classes)
    {
        if (y.numel() == 0) return;
        var (min, max) = (y.min().item<long>(), y.max().item<long>());
        if (min < 0 || max >= classes)
            throw new ArgumentException($"LabelRegularization: targets range over [{min}, {max}]: expected class ids in [0, {classes - 1}] (pass a mask to skip padding)", "targets");
    }
}
