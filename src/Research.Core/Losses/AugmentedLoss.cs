using Research.Core.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Losses;

/// <summary>How the augmented-loss term is scaled before alpha (the paper's versions differ; report it with alpha).</summary>
public enum AugmentedLossScale
{
    /// <summary>α·KL, as in the v1 text (eq. 3.3).</summary>
    One,
    /// <summary>α·τ·KL, as in the public Keras implementation.</summary>
    Tau,
    /// <summary>α·τ²|V|·KL, as in the subspace experiment (eq. 6.1).</summary>
    TauSquaredV,
}

/// <summary>Hyper-parameters of the augmented loss (Inan et al. 2017, section 3).</summary>
public sealed record AugmentedLossOptions
{
    public AugmentedLossOptions(double alpha, double tau, AugmentedLossScale scale = AugmentedLossScale.One,
        bool gradThroughTarget = false, bool deduplicateTargets = true)
    {
        if (!(alpha >= 0)) throw new ArgumentOutOfRangeException(nameof(alpha), $"AugmentedLoss: alpha must be >= 0, got {alpha}");
        if (!(tau > 0)) throw new ArgumentOutOfRangeException(nameof(tau), $"AugmentedLoss: tau must be > 0, got {tau}");
        Alpha = alpha;
        Tau = tau;
        Scale = scale;
        GradThroughTarget = gradThroughTarget;
        DeduplicateTargets = deduplicateTargets;
    }

    public double Alpha { get; }
    public double Tau { get; }
    public AugmentedLossScale Scale { get; }

    /// <summary>Off by default: ỹ is a constant target (stop-gradient), as in the paper's analysis of eq. 3.4.</summary>
    public bool GradThroughTarget { get; }

    /// <summary>Compute ỹ once per distinct target id (same result, less work).</summary>
    public bool DeduplicateTargets { get; }

    /// <summary>The factor multiplying the mean KL: α times the scale convention.</summary>
    public double Weight(long vocabulary) => Alpha * Scale switch
    {
        AugmentedLossScale.One => 1.0,
        AugmentedLossScale.Tau => Tau,
        _ => Tau * Tau * vocabulary,
    };
}

/// <summary>
/// The augmented loss of "Tying Word Vectors and Word Classifiers" (Inan, Khosravi, Socher 2017):
/// J_aug = KL(ỹ ‖ ŷ) with ỹ = softmax(E e_y / τ) built from the input embeddings E [V, d] and the true next
/// word y, and ŷ = softmax(W h / τ) from the logits without bias. Everything is computed in log space.
/// </summary>
public static class AugmentedLoss
{
    /// <summary>
    /// weight · mean_n KL(ỹ_n ‖ ŷ_n) for logits z = W h [N, V] (no bias), targets [N] and the input embedding [V, d].
    /// </summary>
    public static Tensor Compute(Tensor logitsWithoutBias, Tensor targets, Tensor embedding, AugmentedLossOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckShapes(logitsWithoutBias, targets, embedding);
        using var scope = NewDisposeScope();
        var logTarget = LogTarget(embedding, targets, options.Tau, options.GradThroughTarget, options.DeduplicateTargets);
        var logPrediction = logitsWithoutBias.over(options.Tau).log_softmax(1);                   // log ŷ, [N, V]
        var kl = nn.functional.kl_div(logPrediction, logTarget, log_target: true, reduction: nn.Reduction.None) // ỹ (log ỹ − log ŷ)
            .sum(1);                                                                              // [N]
        return kl.mean().times(options.Weight(embedding.size(0))).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// log ỹ [N, V]: log softmax(E[y] Eᵀ / τ) per target. With deduplicate, the [U, V] similarity product is
    /// computed once per distinct id in the batch and gathered back (the paper's ỹ depends only on the id).
    /// </summary>
    public static Tensor LogTarget(Tensor embedding, Tensor targets, double tau, bool gradThroughTarget = false, bool deduplicate = true)
    {
        if (!(tau > 0)) throw new ArgumentOutOfRangeException(nameof(tau), $"AugmentedLoss: tau must be > 0, got {tau}");
        using var scope = NewDisposeScope();
        var e = gradThroughTarget ? embedding : embedding.detach();
        Tensor logTarget;
        if (deduplicate)
        {
            var (ids, inverse, _) = targets.unique(sorted: true, return_inverse: true);
            var similarity = e.index_select(0, ids).matmul(e.T).over(tau);             // [U, V]
            logTarget = similarity.log_softmax(1).index_select(0, inverse!);           // [N, V]
        }
        else
        {
            logTarget = e.index_select(0, targets).matmul(e.T).over(tau).log_softmax(1);  // [N, V]
        }
        return logTarget.MoveToOuterDisposeScope();
    }

    private static void CheckShapes(Tensor logits, Tensor targets, Tensor embedding)
    {
        var z = logits.shape;
        var y = targets.shape;
        var e = embedding.shape;
        if (z.Length != 2) throw new ArgumentException($"AugmentedLoss: logits have shape [{string.Join(", ", z)}]: expected [N, V]");
        if (e.Length != 2 || e[0] != z[1])
            throw new ArgumentException($"AugmentedLoss: embedding has shape [{string.Join(", ", e)}] but logits have shape [{string.Join(", ", z)}]: expected [{z[1]}, d]");
        if (y.Length != 1 || y[0] != z[0])
            throw new ArgumentException($"AugmentedLoss: targets have shape [{string.Join(", ", y)}] but logits have shape [{string.Join(", ", z)}]: expected [{z[0]}]");
        if (targets.dtype != ScalarType.Int64)
            throw new ArgumentException($"AugmentedLoss: targets must be int64 class ids, got {targets.dtype}");
    }
}
