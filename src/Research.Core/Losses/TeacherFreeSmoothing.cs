using Research.Core.Engine;
using static TorchSharp.torch;

namespace Research.Core.Losses;

/// <summary>
/// TF-KD_reg's designed teacher (Yuan et al., CVPR 2020, "Revisiting Knowledge Distillation via Label Smoothing
/// Regularization"): d_y = a, d_k = (1 − a)/(K − 1), q = softmax(d/τ) (their code softmaxes these probabilities as if
/// they were logits). Defaults a = 0.99, τ = 20 are their CIFAR settings (labo.md §1.1). In the framework the term is
/// weighted α; their loss weighs α·multiplier·KLDivLoss(mean over N·K), i.e. α·(multiplier/K)·KL, which is the same
/// for their CIFAR-100 setting (multiplier 100, K = 100) and differs by that factor elsewhere.
/// </summary>
public sealed class TeacherFreeSmoothing : ISmoothingDistribution
{
    public TeacherFreeSmoothing(double correctProbability = 0.99, double temperature = 20)
    {
        if (!(correctProbability is > 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(correctProbability), $"TeacherFreeSmoothing: correctProbability must be in (0, 1), got {correctProbability}");
        if (!(temperature > 0))
            throw new ArgumentOutOfRangeException(nameof(temperature), $"TeacherFreeSmoothing: temperature must be > 0, got {temperature}");
        CorrectProbability = correctProbability;
        Temperature = temperature;
    }

    public double CorrectProbability { get; }
    public double Temperature { get; }

    public string Name => "tf-kd-reg";

    /// <summary>(q_y, q_k for k ≠ y) for K classes: q is the same for every row up to which class is gold.</summary>
    public (double Gold, double Other) Masses(long classes)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), $"TeacherFreeSmoothing: classes must be at least 2, got {classes}");
        var other = (1 - CorrectProbability) / (classes - 1);
        // Softmax of d/τ, shifted by the gold logit for stability.
        var otherWeight = Math.Exp((other - CorrectProbability) / Temperature);
        var normaliser = 1 + (classes - 1) * otherWeight;
        return (1 / normaliser, otherWeight / normaliser);
    }

    public Tensor CrossEntropy(Tensor logits, Tensor logSumExp, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var (gold, other) = Masses(logits.shape[1]);
        var goldLogit = logits.gather(1, targets.unsqueeze(1)).squeeze(1);                           // [M]
        var expectedLogit = logits.sum(1).times(other).plus(goldLogit.times(gold - other));           // Σ_k q_k z_k
        return logSumExp.sub(expectedLogit).MoveToOuterDisposeScope();
    }

    public Tensor Distribution(Tensor logits, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var (gold, other) = Masses(logits.shape[1]);
        var q = KeptScalars.full_kept(logits.shape, other, logits.dtype, logits.device);
        var goldColumn = KeptScalars.full_kept([targets.shape[0], 1], gold, logits.dtype, logits.device);
        return q.scatter(1, targets.unsqueeze(1), goldColumn).MoveToOuterDisposeScope();
    }
}
