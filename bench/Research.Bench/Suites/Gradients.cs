using static TorchSharp.torch;

namespace Research.Bench;

/// <summary>Clears gradients by dropping them, as PyTorch's zero_grad(set_to_none=True) that the peer runs.</summary>
public static class Gradients
{
    public static void SetToNone(IEnumerable<Tensor> leaves)
    {
        foreach (var p in leaves) p.grad = null;
    }
}
