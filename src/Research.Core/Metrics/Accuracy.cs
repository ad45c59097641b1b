using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Metrics;

/// <summary>Correct and scored counts: summable across batches (fairseq-style logging outputs).</summary>
public readonly record struct AccuracyCount(long Correct, long Total)
{
    public double Value => Total == 0 ? double.NaN : (double)Correct / Total;

    public static AccuracyCount operator +(AccuracyCount a, AccuracyCount b) => new(a.Correct + b.Correct, a.Total + b.Total);
}

/// <summary>Top-1 accuracy: the share of scored positions whose argmax class equals the target.</summary>
public static class Accuracy
{
    /// <summary>
    /// logits [..., C] against targets [...] (int64); an optional bool mask [...] picks the scored positions.
    /// </summary>
    public static AccuracyCount Count(Tensor logits, Tensor targets, Tensor? mask = null)
    {
        var expected = logits.shape[..^1];
        if (!expected.SequenceEqual(targets.shape))
            throw new ArgumentException(
                $"targets has shape [{string.Join(", ", targets.shape)}] but logits has shape [{string.Join(", ", logits.shape)}]: expected [{string.Join(", ", expected)}]", nameof(targets));
        if (mask is not null && !mask.shape.SequenceEqual(targets.shape))
            throw new ArgumentException(
                $"mask has shape [{string.Join(", ", mask.shape)}] but targets has shape [{string.Join(", ", targets.shape)}]: expected the same", nameof(mask));
        using var scope = torch.NewDisposeScope();
        var hits = logits.argmax(-1).eq(targets);
        if (mask is null) return new AccuracyCount(hits.sum().item<long>(), targets.numel());
        return new AccuracyCount((hits & mask).sum().item<long>(), mask.sum().item<long>());
    }

    public static double Of(Tensor logits, Tensor targets, Tensor? mask = null) => Count(logits, targets, mask).Value;

    /// <summary>Share of equal entries of two label lists.</summary>
    public static double Of(IReadOnlyList<int> predictions, IReadOnlyList<int> targets)
    {
        if (predictions.Count != targets.Count)
            throw new ArgumentException($"predictions has {predictions.Count} entries but targets has {targets.Count}: expected the same", nameof(predictions));
        if (targets.Count == 0) return double.NaN;
        var correct = 0;
        for (var i = 0; i < targets.Count; i++) if (predictions[i] == targets[i]) correct++;
        return (double)correct / targets.Count;
    }
}
