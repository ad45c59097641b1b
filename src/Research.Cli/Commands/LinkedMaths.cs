using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Research.Core.Engine;

namespace Research.Cli.Commands;

/// <summary>
/// The BLAS and OpenMP that libtorch computes with in this process. Shared libraries show up in the process's
/// mappings; a BLAS linked statically into libtorch_cpu.so does not, so it is read from the library itself: libtorch
/// 2.10's linux-x64 build carries Intel oneMKL inside (it exports <c>sgemm_</c>, <c>mkl_blas_sgemm</c> and
/// <c>MKL_Get_Version_String</c> and needs no libmkl), and only its OpenMP runtime (a renamed libgomp) is separate.
/// </summary>
internal static partial class LinkedMaths
{
    [GeneratedRegex("blas|lapack|mkl|gomp|iomp|omp", RegexOptions.IgnoreCase)]
    private static partial Regex MathsLibrary();

    /// <summary>Mapped shared libraries whose names say BLAS, LAPACK, MKL or OpenMP.</summary>
    internal static IReadOnlyList<string> MappedLibraries() =>
        TorchRuntime.MappedLibraries().Where(p => MathsLibrary().IsMatch(Path.GetFileName(p))).ToList();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void VersionString(byte[] buffer, int length);

    /// <summary>oneMKL's own version string when the loaded libtorch_cpu.so exports it (MKL linked in), else null.</summary>
    internal static string? StaticMkl()
    {
        var libtorch = TorchRuntime.MappedLibraries().FirstOrDefault(p => Path.GetFileName(p) == "libtorch_cpu.so");
        if (libtorch is null || !NativeLibrary.TryLoad(libtorch, out var handle)) return null;
        try
        {
            if (!NativeLibrary.TryGetExport(handle, "MKL_Get_Version_String", out var export)) return null;
            var buffer = new byte[256];
            Marshal.GetDelegateForFunctionPointer<VersionString>(export)(buffer, buffer.Length);
            var end = Array.IndexOf(buffer, (byte)0);
            return $"{Encoding.ASCII.GetString(buffer, 0, end < 0 ? buffer.Length : end).Trim()}, linked statically into {libtorch}";
        }
        finally
        {
            NativeLibrary.Free(handle);   // drops the reference TryLoad added; TorchSharp's own stays
        }
    }
}
