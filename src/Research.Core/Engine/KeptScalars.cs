using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Engine;

/// <summary>
/// Tensor arithmetic with a scalar operand that stays reachable for the whole native call. TorchSharp 0.107 turns
/// `x + y` into `x.add(y, 1)` and `x * 2.0` into `x.mul(2.0)` through implicit, finalizable Scalars whose handle
/// alone goes to native code; a GC during the call can free them and the op throws (STACK.md, TorchSharp pull
/// requests 1434 and 1496). The kit's losses, models and trainer use these instead of those operators.
/// </summary>
public static class KeptScalars
{
    /// <summary>1, held for the life of the process (the alpha of a plain addition).</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>a + b, with alpha held.</summary>
    public static Tensor plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary>x + value.</summary>
    public static Tensor plus(this Tensor x, double value)
    {
        using var s = value.ToScalar();
        return x.add(s, One);
    }

    /// <summary>x · value.</summary>
    public static Tensor times(this Tensor x, double value)
    {
        using var s = value.ToScalar();
        return x.mul(s);
    }

    /// <summary>x / value.</summary>
    public static Tensor over(this Tensor x, double value)
    {
        using var s = value.ToScalar();
        return x.div(s);
    }

    /// <summary>x with the masked positions set to value.</summary>
    public static Tensor masked_fill_kept(this Tensor x, Tensor mask, double value)
    {
        using var s = value.ToScalar();
        return x.masked_fill(mask, s);
    }

    /// <summary>Fills x with value, in place.</summary>
    public static Tensor fill_kept_(this Tensor x, double value)
    {
        using var s = value.ToScalar();
        return x.fill_(s);
    }

    /// <summary>A tensor of the given shape filled with value.</summary>
    public static Tensor full_kept(long[] shape, double value, ScalarType dtype, Device? device = null)
    {
        using var s = value.ToScalar();
        return torch.full(shape, s, dtype, device);
    }
}
