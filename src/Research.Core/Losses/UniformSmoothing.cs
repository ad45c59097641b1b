using Research.Core.Engine;
using static TorchSharp.torch;

namespace Research.Core.Losses;

/// <summary>Where uniform label smoothing puts its mass: state it with every α in a table.</summary>
public enum UniformConvention
{
    /// <summary>fairseq's ε/(K − 1) on each non-gold class and nothing on gold (the kit's default; LABO-R's T → ∞ limit).</summary>
    Fairseq,

    /// <summary>PyTorch's and Szegedy et al.'s ε/K on every class, gold included (cross_entropy(label_smoothing: ε)).</summary>
    PyTorch,
}

/// <summary>
/// Uniform label smoothing (Szegedy et al. 2016) in either convention. The smoothing term is the logsumexp minus the
/// mean logit over the classes that get mass, so no [M, K] tensor is formed.
/// </summary>
public sealed class UniformSmoothing(UniformConvention convention = UniformConvention.Fairseq) : ISmoothingDistribution
{
    public UniformConvention Convention { get; } = convention;

    public string Name => Convention == UniformConvention.Fairseq ? "ls-fairseq" : "ls-pytorch";

    public Tensor CrossEntropy(Tensor logits, Tensor logSumExp, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var classes = logits.shape[1];
        Tensor meanLogit;
        if (Convention == UniformConvention.PyTorch)
            meanLogit = logits.mean([1L]);                                                           // [M]
        else
        {
            if (classes < 2) throw new ArgumentException($"UniformSmoothing: logits have {classes} classes: fairseq smoothing needs at least 2", nameof(logits));
            var gold = logits.gather(1, targets.unsqueeze(1)).squeeze(1);                            // [M]
            meanLogit = logits.sum(1).sub(gold).over(classes - 1);                                   // mean over k ≠ y
        }
        return logSumExp.sub(meanLogit).MoveToOuterDisposeScope();
    }

    public Tensor Distribution(Tensor logits, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var classes = logits.shape[1];
        if (Convention == UniformConvention.PyTorch)
            return KeptScalars.full_kept(logits.shape, 1.0 / classes, logits.dtype, logits.device).MoveToOuterDisposeScope();
        var q = KeptScalars.full_kept(logits.shape, 1.0 / (classes - 1), logits.dtype, logits.device);
        return q.scatter(1, targets.unsqueeze(1), zeros([targets.shape[0], 1], logits.dtype, logits.device)).MoveToOuterDisposeScope();
    }
}
