using System.Runtime.InteropServices;
using Research.Torch.Native;

namespace Research.Torch;

// Tensor creation: from .NET data, constants, ranges.
public static unsafe partial class torch
{
    /// <summary>A tensor holding a copy of the data, with the given shape (default: 1-D).</summary>
    public static Tensor tensor<T>(ReadOnlySpan<T> data, long[]? shape = null, ScalarType? dtype = null, bool requires_grad = false)
        where T : unmanaged
    {
        var size = shape ?? [data.Length];
        CheckShape(size, data.Length, "tensor");
        var native = ScalarTypeExtensions.ForClrType(typeof(T));
        Tensor t;
        fixed (T* p = data)
        fixed (long* s = size)
            t = Tensor.Wrap(LibTorch.rt_from_data(p, (long)data.Length * sizeof(T), (int)native, s, size.Length), "tensor");
        return Finish(t, dtype, requires_grad);
    }

    public static Tensor tensor<T>(T[] data, long[]? shape = null, ScalarType? dtype = null, bool requires_grad = false)
        where T : unmanaged =>
        tensor<T>((ReadOnlySpan<T>)data, shape, dtype, requires_grad);

    /// <summary>A tensor from a rectangular .NET array of any rank (float[,], double[,,], ...), keeping its shape.</summary>
    public static Tensor tensor(Array data, ScalarType? dtype = null, bool requires_grad = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        var shape = Enumerable.Range(0, data.Rank).Select(d => (long)data.GetLength(d)).ToArray();
        var element = data.GetType().GetElementType()!;
        var native = ScalarTypeExtensions.ForClrType(element);
        var bytes = (long)data.Length * native.ElementSize();
        var handle = GCHandle.Alloc(data, GCHandleType.Pinned);
        try
        {
            Tensor t;
            fixed (long* s = shape)
                t = Tensor.Wrap(LibTorch.rt_from_data((void*)handle.AddrOfPinnedObject(), bytes, (int)native, s, shape.Length), "tensor");
            return Finish(t, dtype, requires_grad);
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>A 0-d tensor.</summary>
    public static Tensor tensor(double value, ScalarType? dtype = null, bool requires_grad = false) =>
        tensor<double>([value], [], dtype ?? ScalarType.Float32, requires_grad);

    public static Tensor tensor(long value, ScalarType? dtype = null) => tensor<long>([value], [], dtype);

    public static Tensor tensor(bool value) => tensor<bool>([value], []);

    private static Tensor Finish(Tensor t, ScalarType? dtype, bool requiresGrad)
    {
        if (dtype.HasValue && dtype.Value != t.dtype)
        {
            var converted = t.to(dtype.Value);
            t.Dispose();
            t = converted;
        }
        if (requiresGrad) t.requires_grad = true;
        return t;
    }

    private static void CheckShape(long[] shape, long length, string op)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"{op}: shape [{string.Join(", ", shape)}] has a negative size");
            n *= d;
        }
        if (n != length)
            throw new ArgumentException($"{op}: shape [{string.Join(", ", shape)}] holds {n} elements but the data has {length}");
    }

    public static Tensor empty(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        fixed (long* s = size) return Tensor.Wrap(LibTorch.rt_empty(s, size.Length, Code(dtype), Code(device), requires_grad ? 1 : 0), "empty");
    }

    public static Tensor full(long[] size, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        fixed (long* s = size) return Tensor.Wrap(LibTorch.rt_full(s, size.Length, value, Code(dtype), Code(device), requires_grad ? 1 : 0), "full");
    }

    public static Tensor zeros(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        full(size, 0, dtype ?? ScalarType.Float32, device, requires_grad);

    public static Tensor zeros(params long[] size) => zeros(size, null);

    public static Tensor ones(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        full(size, 1, dtype ?? ScalarType.Float32, device, requires_grad);

    public static Tensor ones(params long[] size) => ones(size, null);

    /// <summary>Values from start up to (not including) end, in steps. Integer bounds give int64, as in PyTorch.</summary>
    public static Tensor arange(Scalar start, Scalar end, Scalar step, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Tensor.Wrap(LibTorch.rt_arange(start, end, step, Code(dtype), Code(device), requires_grad ? 1 : 0), "arange");

    public static Tensor arange(Scalar start, Scalar end, ScalarType? dtype = null, Device? device = null) =>
        arange(start, end, 1, dtype, device);

    public static Tensor arange(Scalar end, ScalarType? dtype = null, Device? device = null) =>
        arange(0, end, 1, dtype, device);

    public static Tensor linspace(double start, double end, long steps, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Tensor.Wrap(LibTorch.rt_linspace(start, end, steps, Code(dtype), Code(device), requires_grad ? 1 : 0), "linspace");

    public static Tensor eye(long n, long? m = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Tensor.Wrap(LibTorch.rt_eye(n, m ?? -1, Code(dtype), Code(device), requires_grad ? 1 : 0), "eye");

    public static Tensor empty_like(Tensor t, ScalarType? dtype = null) => Like(t, 0, 0, dtype, false);
    public static Tensor zeros_like(Tensor t, ScalarType? dtype = null, bool requires_grad = false) => Like(t, 1, 0, dtype, requires_grad);
    public static Tensor ones_like(Tensor t, ScalarType? dtype = null, bool requires_grad = false) => Like(t, 2, 0, dtype, requires_grad);
    public static Tensor full_like(Tensor t, Scalar value, ScalarType? dtype = null, bool requires_grad = false) => Like(t, 3, value, dtype, requires_grad);
    public static Tensor rand_like(Tensor t, ScalarType? dtype = null) => Like(t, 4, 0, dtype, false);
    public static Tensor randn_like(Tensor t, ScalarType? dtype = null) => Like(t, 5, 0, dtype, false);

    public static Tensor randint_like(Tensor t, long low, long high, ScalarType? dtype = null)
    {
        var r = LibTorch.rt_randint_like(t.Handle, low, high, Code(dtype));
        GC.KeepAlive(t);
        return Tensor.Wrap(r, "randint_like");
    }

    private static Tensor Like(Tensor t, int kind, Scalar value, ScalarType? dtype, bool requiresGrad)
    {
        var r = LibTorch.rt_like(t.Handle, kind, value, Code(dtype), requiresGrad ? 1 : 0);
        GC.KeepAlive(t);
        return Tensor.Wrap(r, "like");
    }
}
