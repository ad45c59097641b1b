using System.Runtime.InteropServices;
using Research.Torch.Native;

namespace Research.Torch;

// dtype / device conversion and reading values back into .NET.
public sealed unsafe partial class Tensor
{
    public Tensor to(ScalarType dtype, bool copy = false) => Keep(LibTorch.rt_to_dtype(Handle, (int)dtype, copy ? 1 : 0), "to");

    public Tensor to(Device device, bool copy = false) =>
        Keep(LibTorch.rt_to_device(Handle, (int)device.Type, device.Index, copy ? 1 : 0), "to");

    public Tensor to(string device) => to(Device.Parse(device));

    public Tensor cpu() => to(Device.CPU);
    public Tensor @float() => to(ScalarType.Float32);
    public Tensor @double() => to(ScalarType.Float64);
    public Tensor @long() => to(ScalarType.Int64);
    public Tensor @int() => to(ScalarType.Int32);
    public Tensor @bool() => to(ScalarType.Bool);

    public Tensor clone() => Keep(LibTorch.rt_clone(Handle), "clone");

    /// <summary>A tensor sharing this one's storage, cut off from the autograd graph.</summary>
    public Tensor detach() => Keep(LibTorch.rt_detach(Handle), "detach");

    public Tensor detach_()
    {
        LibTorch.Check(LibTorch.rt_detach_(Handle), "detach_");
        GC.KeepAlive(this);
        return this;
    }

    /// <summary>The value of a one-element tensor.</summary>
    public T item<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(double) || typeof(T) == typeof(float))
        {
            var d = ItemDouble();
            return typeof(T) == typeof(double) ? (T)(object)d : (T)(object)(float)d;
        }
        var l = ItemLong();
        if (typeof(T) == typeof(long)) return (T)(object)l;
        if (typeof(T) == typeof(int)) return (T)(object)checked((int)l);
        if (typeof(T) == typeof(bool)) return (T)(object)(l != 0);
        if (typeof(T) == typeof(byte)) return (T)(object)checked((byte)l);
        throw new NotSupportedException($"item<{typeof(T).Name}> is not supported: use double, float, long, int, bool or byte");
    }

    /// <summary>The value of a one-element tensor as a double (PyTorch's <c>x.item()</c>).</summary>
    public double item() => ItemDouble();

    private double ItemDouble()
    {
        double v;
        LibTorch.Check(LibTorch.rt_tensor_item_double(Handle, &v), "item");
        GC.KeepAlive(this);
        return v;
    }

    private long ItemLong()
    {
        long v;
        LibTorch.Check(LibTorch.rt_tensor_item_int64(Handle, &v), "item");
        GC.KeepAlive(this);
        return v;
    }

    /// <summary>Copies the values, in row-major order, into a new array. T must match the dtype.</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        var expected = ScalarTypeExtensions.ForClrType(typeof(T));
        var actual = dtype;
        if (expected != actual)
            throw new InvalidCastException(
                $"ToArray<{typeof(T).Name}>: the tensor's dtype is {actual.PyTorchName()} but {typeof(T).Name} holds {expected.PyTorchName()}; convert first with .to(torch.{expected.PyTorchName()})");
        var result = new T[numel()];
        CopyTo<T>(result);
        return result;
    }

    /// <summary>Copies the values into the destination span, whose length must equal numel().</summary>
    public void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        fixed (T* p = destination)
            LibTorch.Check(LibTorch.rt_tensor_copy_out(Handle, p, (long)destination.Length * sizeof(T)), "ToArray");
        GC.KeepAlive(this);
    }

    /// <summary>The values as doubles, whatever the dtype (convenient for tests and reports).</summary>
    public double[] ToDoubleArray()
    {
        using var d = dtype == ScalarType.Float64 ? Alias() : to(ScalarType.Float64);
        return d.ToArray<double>();
    }
}
