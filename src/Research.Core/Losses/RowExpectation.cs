using Research.Core.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Losses;

/// <summary>
/// E_q[z] per row, Σ_k q_k·z_k for logits z [M, K] and a constant distribution q [M, K] (no gradient to q), as one
/// autograd node whose backward writes g·q into q's own buffer. A bmm does the same forward, but its backward allocates
/// a fresh [M, K] gradient: on translation logits ([4,096, 8,000], 131 MB in float32) that allocation and its page faults
/// are a large share of what LABO-R costs over label smoothing. The buffer is spent after one backward, so a second
/// backward through the same graph (retain_graph) gets a NaN gradient and a message on stderr, never a silently wrong
/// one. It cannot throw: TorchSharp calls backward from native code, where a .NET exception ends the process.
/// </summary>
public sealed class RowExpectation : autograd.SingleTensorFunction<RowExpectation>
{
    private const string Spent = "spent", Shape = "shape";

    public override string Name => nameof(RowExpectation);

    /// <summary>Σ_k q_k·z_k, [M], differentiable in z only. q must not be used after the backward pass.</summary>
    public static Tensor Of(Tensor logits, Tensor distribution)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(distribution);
        if (logits.dim() != 2 || !logits.shape.SequenceEqual(distribution.shape))
            throw new ArgumentException($"RowExpectation: logits [{string.Join(", ", logits.shape)}] and distribution [{string.Join(", ", distribution.shape)}]: expected the same [M, K]");
        if (distribution.requires_grad)
            throw new ArgumentException("RowExpectation: the distribution must be constant (detached); its buffer becomes the gradient");
        return apply(logits, distribution);
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (logits, q) = ((Tensor)vars[0], (Tensor)vars[1]);
        ctx.save_for_backward([q]);
        ctx.save_data(Shape, q.shape);                                                            // for a NaN gradient, see backward
        return q.unsqueeze(1).bmm(logits.unsqueeze(2)).view(-1);                                  // [M]
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        if (ctx.get_data(Spent) is true)
        {
            Console.Error.WriteLine("RowExpectation: a second backward through the same graph (retain_graph) cannot reuse LABO-R's q*: " +
                "the first backward spent its buffer as the gradient, so this gradient is NaN. Recompute the loss for each backward.");
            return [KeptScalars.full_kept((long[])ctx.get_data(Shape), double.NaN, grad_output.dtype, grad_output.device), null!];
        }
        ctx.save_data(Spent, true);
        var q = ctx.get_saved_variables()[0];
        return [q.mul_(grad_output.unsqueeze(1)), null!];                                         // ∂/∂z = g·q, [M, K]
    }
}
