using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Research.Torch.Native;

namespace Research.Torch;

/// <summary>
/// A libtorch tensor. It owns one native reference, released by <see cref="SafeHandle.Dispose()"/>, by the
/// <see cref="DisposeScope"/> it was created in, or (as a backstop) by the finalizer.
/// Methods follow PyTorch's names: <c>x.sum(1)</c>, <c>x.view(2, -1)</c>, <c>x.backward()</c>.
/// </summary>
public sealed partial class Tensor : SafeHandle
{
    // Below this size the GC is not told about native memory; tiny tensors would only add overhead.
    private const long PressureThreshold = 64 * 1024;

    private long pressure;

    internal DisposeScope? OwnerScope;

    static Tensor() => NativeLoader.EnsureLoaded();

    internal Tensor(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(handle);
        if (!DisposeScope.OnCreated(this)) TrackMemoryPressure();
    }

    /// <summary>
    /// Tells the GC about this tensor's native memory, once. Only tensors whose lifetime no DisposeScope
    /// manages need it: for scoped ones the pressure would only trigger needless collections (two full
    /// GCs per step of an LSTM language model, measured), since the scope frees them deterministically.
    /// </summary>
    internal void TrackMemoryPressure()
    {
        if (pressure > 0 || IsClosed) return;
        var bytes = LibTorch.rt_tensor_nbytes(handle);
        if (bytes < PressureThreshold) return;
        GC.AddMemoryPressure(bytes);
        pressure = bytes;
    }

    /// <summary>Wraps a handle returned by the shim, throwing the shim's error if it is null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Tensor Wrap(IntPtr handle, string op) => new(LibTorch.Check(handle, op));

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LibTorch.rt_tensor_free(handle);
        if (pressure > 0) GC.RemoveMemoryPressure(pressure);
        return true;
    }

    /// <summary>The native handle; throws if the tensor was disposed.</summary>
    internal IntPtr Handle
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => !IsClosed ? handle : throw UseAfterDispose();
    }

    public bool IsDisposed => IsClosed;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ObjectDisposedException UseAfterDispose() =>
        new(nameof(Tensor), "use after dispose: this tensor was disposed (by Dispose() or by the DisposeScope it was created in). " +
                            "Call MoveToOuterDisposeScope() or DetachFromDisposeScope() to keep a tensor beyond its scope.");

    /// <summary>The number of native tensor handles alive in this process (a leak check for tests).</summary>
    public static long LiveCount
    {
        get
        {
            NativeLoader.EnsureLoaded();
            return LibTorch.rt_live_tensors();
        }
    }

    // ---- the call patterns every op goes through; each keeps its operands alive across the native call ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Tensor Unary(UnaryOp op)
    {
        var r = LibTorch.rt_unary((int)op, Handle);
        GC.KeepAlive(this);
        return Wrap(r, OpNames.Of(op));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Tensor UnaryInPlace(UnaryOp op)
    {
        LibTorch.Check(LibTorch.rt_unary_((int)op, Handle), OpNames.Of(op) + "_");
        GC.KeepAlive(this);
        return this;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Tensor Binary(BinaryOp op, Tensor other)
    {
        var r = LibTorch.rt_binary((int)op, Handle, other.Handle);
        GC.KeepAlive(this);
        GC.KeepAlive(other);
        return Wrap(r, OpNames.Of(op));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Tensor Binary(BinaryOp op, Scalar other)
    {
        var r = LibTorch.rt_binary_scalar((int)op, Handle, other);
        GC.KeepAlive(this);
        return Wrap(r, OpNames.Of(op));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Tensor BinaryInPlace(BinaryOp op, Tensor other)
    {
        LibTorch.Check(LibTorch.rt_binary_((int)op, Handle, other.Handle), OpNames.Of(op) + "_");
        GC.KeepAlive(this);
        GC.KeepAlive(other);
        return this;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Tensor BinaryInPlace(BinaryOp op, Scalar other)
    {
        LibTorch.Check(LibTorch.rt_binary_scalar_((int)op, Handle, other), OpNames.Of(op) + "_");
        GC.KeepAlive(this);
        return this;
    }

    internal static IntPtr HandleOrZero(Tensor? t) => t is null ? IntPtr.Zero : t.Handle;
}
