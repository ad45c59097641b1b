using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

[assembly: DisableRuntimeMarshalling]

namespace Research.Torch.Native;

/// <summary>Error handling shared by every import: a failed call becomes a <see cref="TorchException"/>.</summary>
internal static partial class LibTorch
{
    /// <summary>Must equal RT_ABI_VERSION in native/include/research_torch.h.</summary>
    internal const int AbiVersion = 4;

    private const string Lib = NativeLoader.LibraryName;

    /// <summary>Returns the handle, or throws the shim's last error when it is null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static IntPtr Check(IntPtr handle, string op) =>
        handle != IntPtr.Zero ? handle : throw LastError(op);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Check(int status, string op) =>
        status >= 0 ? status : throw LastError(op);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long Check(long status, string op) =>
        status >= 0 ? status : throw LastError(op);

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static TorchException LastError(string op)
    {
        var kind = (TorchErrorKind)rt_last_error_kind();
        var message = Marshal.PtrToStringUTF8(rt_last_error()) ?? "unknown error";
        var backtrace = Marshal.PtrToStringUTF8(rt_last_error_backtrace()) ?? "";
        rt_clear_error();
        return new TorchException(op, message, kind, backtrace);
    }

    internal static string? Text(IntPtr p) => p == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(p);
}
