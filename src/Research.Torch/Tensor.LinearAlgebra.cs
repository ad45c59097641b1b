using Research.Torch.Native;

namespace Research.Torch;

// Matrix products and softmax.
public sealed partial class Tensor
{
    public Tensor matmul(Tensor other) => Pair(LibTorch.rt_matmul(Handle, other.Handle), other, "matmul");
    public Tensor mm(Tensor other) => Pair(LibTorch.rt_mm(Handle, other.Handle), other, "mm");
    public Tensor bmm(Tensor other) => Pair(LibTorch.rt_bmm(Handle, other.Handle), other, "bmm");
    public Tensor outer(Tensor other) => Pair(LibTorch.rt_outer(Handle, other.Handle), other, "outer");

    public Tensor softmax(long dim, ScalarType? dtype = null) =>
        Keep(LibTorch.rt_softmax(Handle, dim, dtype.HasValue ? (int)dtype.Value : -1), "softmax");

    public Tensor log_softmax(long dim, ScalarType? dtype = null) =>
        Keep(LibTorch.rt_log_softmax(Handle, dim, dtype.HasValue ? (int)dtype.Value : -1), "log_softmax");

    private Tensor Pair(IntPtr result, Tensor other, string op)
    {
        GC.KeepAlive(other);
        return Keep(result, op);
    }
}
