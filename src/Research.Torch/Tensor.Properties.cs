using Research.Torch.Native;

namespace Research.Torch;

// Shape, dtype, device and autograd flags.
public sealed unsafe partial class Tensor
{
    private const int MaxDims = 64;

    /// <summary>The sizes of every dimension (PyTorch's <c>x.shape</c>).</summary>
    public long[] shape
    {
        get
        {
            long* buffer = stackalloc long[MaxDims];
            var n = LibTorch.Check(LibTorch.rt_tensor_sizes(Handle, buffer, MaxDims), "shape");
            GC.KeepAlive(this);
            return new ReadOnlySpan<long>(buffer, n).ToArray();
        }
    }

    public long[] stride()
    {
        long* buffer = stackalloc long[MaxDims];
        var n = LibTorch.Check(LibTorch.rt_tensor_strides(Handle, buffer, MaxDims), "stride");
        GC.KeepAlive(this);
        return new ReadOnlySpan<long>(buffer, n).ToArray();
    }

    /// <summary>The size of one dimension; negative dims count from the end.</summary>
    public long size(long dim)
    {
        var s = shape;
        var d = NormalizeDim(dim, s.Length, "size");
        return s[d];
    }

    public long dim()
    {
        var n = LibTorch.Check(LibTorch.rt_tensor_dim(Handle), "dim");
        GC.KeepAlive(this);
        return n;
    }

    public long ndim => dim();

    public long numel()
    {
        var n = LibTorch.Check(LibTorch.rt_tensor_numel(Handle), "numel");
        GC.KeepAlive(this);
        return n;
    }

    public ScalarType dtype
    {
        get
        {
            var d = LibTorch.Check(LibTorch.rt_tensor_dtype(Handle), "dtype");
            GC.KeepAlive(this);
            return (ScalarType)d;
        }
    }

    public Device device
    {
        get
        {
            int index;
            var type = LibTorch.Check(LibTorch.rt_tensor_device(Handle, &index), "device");
            GC.KeepAlive(this);
            return type == 0 ? Device.CPU : new Device(DeviceType.CUDA, index);
        }
    }

    public bool is_contiguous() => Flag(LibTorch.rt_tensor_is_contiguous(Handle), "is_contiguous");

    public bool is_floating_point() => dtype.IsFloatingPoint();

    public long element_size() => dtype.ElementSize();

    public bool requires_grad
    {
        get => Flag(LibTorch.rt_tensor_requires_grad(Handle), "requires_grad");
        set
        {
            LibTorch.Check(LibTorch.rt_tensor_set_requires_grad(Handle, value ? 1 : 0), "requires_grad");
            GC.KeepAlive(this);
        }
    }

    public bool is_leaf => Flag(LibTorch.rt_tensor_is_leaf(Handle), "is_leaf");

    /// <summary>True when the tensor was produced by a differentiable operation (PyTorch: grad_fn is not None).</summary>
    public bool has_grad_fn => Flag(LibTorch.rt_tensor_has_grad_fn(Handle), "grad_fn");

    /// <summary>True when both tensors view the same storage (for example a tied weight).</summary>
    public bool SharesStorageWith(Tensor other)
    {
        var r = LibTorch.rt_tensor_same_storage(Handle, other.Handle);
        GC.KeepAlive(other);
        return Flag(r, "shares_storage");
    }

    private bool Flag(int value, string op)
    {
        GC.KeepAlive(this);
        return LibTorch.Check(value, op) != 0;
    }

    internal static int NormalizeDim(long dim, int rank, string op)
    {
        var d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= Math.Max(rank, 1))
            throw new ArgumentOutOfRangeException(nameof(dim),
                $"{op}: dimension {dim} is out of range for a tensor with {rank} dimension(s): expected [{-rank}, {rank - 1}]");
        return (int)d;
    }
}
