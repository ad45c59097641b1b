using Research.Core.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Metrics;

/// <summary>Summed negative log-likelihood (nats) and token count: summable across batches.</summary>
public readonly record struct LogLikelihoodSum(double NegativeLogLikelihood, long Tokens)
{
    public double MeanLoss => Tokens == 0 ? double.NaN : NegativeLogLikelihood / Tokens;
    public double Perplexity => Math.Exp(MeanLoss);

    public static LogLikelihoodSum operator +(LogLikelihoodSum a, LogLikelihoodSum b) => new(a.NegativeLogLikelihood + b.NegativeLogLikelihood, a.Tokens + b.Tokens);
}

/// <summary>Perplexity = exp(mean negative log-likelihood per token, in nats).</summary>
public static class Perplexity
{
    public static double FromMeanLoss(double meanNats) => Math.Exp(meanNats);

    public static double FromTotal(double negativeLogLikelihood, long tokens) => new LogLikelihoodSum(negativeLogLikelihood, tokens).Perplexity;

    /// <summary>Summed NLL of targets [...] (int64) under logits [..., V]; an optional bool mask [...] picks the scored tokens.</summary>
    public static LogLikelihoodSum Sum(Tensor logits, Tensor targets, Tensor? mask = null)
    {
        var expected = logits.shape[..^1];
        if (!expected.SequenceEqual(targets.shape))
            throw new ArgumentException(
                $"targets has shape [{string.Join(", ", targets.shape)}] but logits has shape [{string.Join(", ", logits.shape)}]: expected [{string.Join(", ", expected)}]", nameof(targets));
        using var scope = torch.NewDisposeScope();
        var nll = -logits.to(ScalarType.Float64).log_softmax(-1).gather(-1, targets.unsqueeze(-1)).squeeze(-1);
        if (mask is null) return new LogLikelihoodSum(nll.sum().item<double>(), targets.numel());
        return new LogLikelihoodSum(nll.masked_fill_kept(mask.logical_not(), 0.0).sum().item<double>(), mask.sum().item<long>());
    }

    public static double Of(Tensor logits, Tensor targets, Tensor? mask = null) => Sum(logits, targets, mask).Perplexity;
}
