using Research.Core.Data.Synthetic;
using static TorchSharp.torch;

namespace Research.Core.Training;

/// <summary>The logits and targets at a sequence batch's scored positions (the copied digits and EOS of the copy task).</summary>
internal static class ScoredPositions
{
    /// <summary>Logits [S, V] and targets [S] at the S scored positions of logits [N, T, V]; errors name the caller.</summary>
    public static (Tensor Logits, Tensor Targets, long Count) Pick(Tensor logits, SequenceBatch batch, string caller)
    {
        var tokens = batch.Input.Tokens;
        var (count, length) = (tokens.shape[0], tokens.shape[1]);
        if (logits.dim() != 3 || logits.shape[0] != count || logits.shape[1] != length
            || !batch.Target.shape.SequenceEqual(tokens.shape) || !batch.Scored.shape.SequenceEqual(tokens.shape))
            throw new ArgumentException(
                $"{caller}: logits [{string.Join(", ", logits.shape)}], targets [{string.Join(", ", batch.Target.shape)}], scored [{string.Join(", ", batch.Scored.shape)}] for tokens [{count}, {length}]: expected logits [{count}, {length}, V] and targets, scored [{count}, {length}]");
        var positions = batch.Scored.reshape(-1).nonzero().squeeze(1);                    // [S]
        var scored = positions.shape[0];
        if (scored == 0) throw new ArgumentException($"{caller}: the batch scores no position", nameof(batch));
        return (logits.reshape(count * length, -1).index_select(0, positions), batch.Target.reshape(-1).index_select(0, positions), scored);
    }
}
