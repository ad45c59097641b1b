using static TorchSharp.torch;

namespace Research.Core.Losses;

/// <summary>
/// The smoothing distribution q of a label regulariser (labo.md §1.1): the target is t = (1 − α)·e_y + α·q. q is a
/// constant of the step (built from detached logits where it depends on them), so the gradient of the smoothing term
/// with respect to the logits is p − q.
/// </summary>
public interface ISmoothingDistribution
{
    /// <summary>The name used in configs, logs and tables (for example "ls-fairseq" or "labo-r").</summary>
    string Name { get; }

    /// <summary>
    /// Σ_k q_k·(−log p_k) per row, [M], for logits [M, K], their logsumexp over K [M] and targets [M] (int64 class ids).
    /// </summary>
    Tensor CrossEntropy(Tensor logits, Tensor logSumExp, Tensor targets);

    /// <summary>q itself, [M, K], detached (for tests and figures; the loss does not form it where it can avoid it).</summary>
    Tensor Distribution(Tensor logits, Tensor targets);
}
