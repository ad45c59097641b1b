using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Research.Torch.Native;

/// <summary>
/// Finds and loads libresearch_torch.so, sets the BLAS / OpenMP thread variables before libtorch
/// starts (they are read once, at load), and checks the shim's ABI version so that a stale build is
/// reported instead of crashing.
/// </summary>
internal static class NativeLoader
{
    internal const string LibraryName = "research_torch";
    private const string FileName = "libresearch_torch.so";
    private const string PathVariable = "RESEARCH_TORCH_NATIVE";
    internal const string ThreadsVariable = "RESEARCH_NUM_THREADS";

    private static readonly Lazy<IntPtr> Handle = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int requestedThreads;

    [ModuleInitializer]
    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLoader).Assembly, Resolve);

    /// <summary>The thread count to apply at load; 0 means the RESEARCH_NUM_THREADS variable or the core count.</summary>
    internal static void RequestThreads(int threads)
    {
        if (IsLoaded)
            throw new InvalidOperationException(
                "torch.configure must be called before the first tensor operation: libtorch and OpenBLAS read their thread settings when the native library loads.");
        requestedThreads = threads;
    }

    internal static bool IsLoaded => Handle.IsValueCreated;

    internal static string? LoadedFrom { get; private set; }

    internal static int ThreadsAtLoad { get; private set; }

    internal static void EnsureLoaded() => _ = Handle.Value;

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == LibraryName ? Handle.Value : IntPtr.Zero;

    private static IntPtr Load()
    {
        ThreadsAtLoad = ResolveThreadCount();
        SetThreadVariables(ThreadsAtLoad);
        var candidates = CandidatePaths().ToList();
        foreach (var path in candidates)
        {
            if (!File.Exists(path)) continue;
            if (!NativeLibrary.TryLoad(path, out var handle))
                throw new DllNotFoundException(
                    $"Found {path} but could not load it. Is libtorch installed (apt-get install libtorch-dev libopenblas0-pthread)? Run ./kit setup.");
            CheckAbi(handle, path);
            LoadedFrom = path;
            return handle;
        }
        throw new DllNotFoundException(
            $"{FileName} was not found. Looked in: {string.Join(", ", candidates)}. Build it with ./kit setup (cmake -S native -B native/build), or set {PathVariable}.");
    }

    private static IEnumerable<string> CandidatePaths()
    {
        var explicitPath = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrEmpty(explicitPath)) yield return explicitPath;
        var here = Path.GetDirectoryName(typeof(NativeLoader).Assembly.Location) ?? AppContext.BaseDirectory;
        yield return Path.Combine(here, FileName);
        yield return Path.Combine(AppContext.BaseDirectory, FileName);
        for (var dir = new DirectoryInfo(here); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "native", "CMakeLists.txt")))
            {
                yield return Path.Combine(dir.FullName, "native", "build", FileName);
                break;
            }
        }
    }

    private static unsafe void CheckAbi(IntPtr library, string path)
    {
        if (!NativeLibrary.TryGetExport(library, "rt_abi_version", out var export))
            throw new InvalidOperationException(
                $"{path} is not a Research torch shim (it has no rt_abi_version). Rebuild it with ./kit setup.");
        var version = ((delegate* unmanaged<int>)export)();
        if (version != LibTorch.AbiVersion)
            throw new InvalidOperationException(
                $"{path} is stale: its ABI version is {version} but this Research.Torch needs {LibTorch.AbiVersion}. Rebuild it with ./kit setup (or cmake --build native/build).");
    }

    private static int ResolveThreadCount()
    {
        if (requestedThreads > 0) return requestedThreads;
        var fromEnv = Environment.GetEnvironmentVariable(ThreadsVariable);
        if (int.TryParse(fromEnv, out var n) && n > 0) return n;
        return Environment.ProcessorCount;
    }

    // libgomp and OpenBLAS read these from the C environment when they initialise, so they must be
    // set with libc setenv: Environment.SetEnvironmentVariable does not reach the C environment on Linux.
    private static void SetThreadVariables(int threads)
    {
        var value = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var name in new[] { "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS" })
        {
            Libc.setenv(name, value, 1);
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}

internal static partial class Libc
{
    [LibraryImport("libc.so.6", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int setenv(string name, string value, int overwrite);
}
