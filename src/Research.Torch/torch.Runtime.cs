using Research.Torch.Native;

namespace Research.Torch;

// Runtime settings: threads, determinism, versions, CUDA availability.
public static partial class torch
{
    /// <summary>
    /// Sets the thread count used when the native library loads (libtorch intra-op, OpenMP and OpenBLAS).
    /// Call it before the first tensor operation; later, use <see cref="set_num_threads"/>.
    /// Without it, the RESEARCH_NUM_THREADS variable or the number of cores is used.
    /// </summary>
    public static void configure(int num_threads)
    {
        if (num_threads <= 0) throw new ArgumentOutOfRangeException(nameof(num_threads), $"configure: num_threads must be positive, got {num_threads}");
        NativeLoader.RequestThreads(num_threads);
    }

    /// <summary>Sets libtorch's intra-op threads and OpenBLAS's threads together.</summary>
    public static void set_num_threads(int num_threads)
    {
        if (num_threads <= 0) throw new ArgumentOutOfRangeException(nameof(num_threads), $"set_num_threads: expected a positive count, got {num_threads}");
        NativeLoader.EnsureLoaded();
        LibTorch.Check(LibTorch.rt_set_num_threads(num_threads), "set_num_threads");
    }

    public static int get_num_threads()
    {
        NativeLoader.EnsureLoaded();
        return LibTorch.Check(LibTorch.rt_get_num_threads(), "get_num_threads");
    }

    /// <summary>Makes operations choose deterministic algorithms, or fail where none exists.</summary>
    public static void use_deterministic_algorithms(bool mode, bool warn_only = false)
    {
        NativeLoader.EnsureLoaded();
        LibTorch.Check(LibTorch.rt_set_deterministic_algorithms(mode ? 1 : 0, warn_only ? 1 : 0), "use_deterministic_algorithms");
    }

    public static bool are_deterministic_algorithms_enabled()
    {
        NativeLoader.EnsureLoaded();
        return LibTorch.Check(LibTorch.rt_deterministic_algorithms_enabled(), "are_deterministic_algorithms_enabled") != 0;
    }

    /// <summary>The libtorch version the shim was built against (PyTorch's torch.__version__).</summary>
    public static string __version__
    {
        get
        {
            NativeLoader.EnsureLoaded();
            return LibTorch.Text(LibTorch.rt_torch_version()) ?? "unknown";
        }
    }

    /// <summary>libtorch's parallel settings report (torch.__config__.parallel_info()).</summary>
    public static string parallel_info()
    {
        NativeLoader.EnsureLoaded();
        return LibTorch.Text(LibTorch.Check(LibTorch.rt_parallel_info(), "parallel_info")) ?? "";
    }

    /// <summary>The BLAS library actually serving sgemm in this process, and its configuration.</summary>
    public static string blas_info()
    {
        NativeLoader.EnsureLoaded();
        return LibTorch.Text(LibTorch.Check(LibTorch.rt_blas_info(), "blas_info")) ?? "";
    }

    /// <summary>The path of the loaded native shim.</summary>
    public static string? native_library_path
    {
        get
        {
            NativeLoader.EnsureLoaded();
            return NativeLoader.LoadedFrom;
        }
    }

    public static class cuda
    {
        public static bool is_available()
        {
            NativeLoader.EnsureLoaded();
            return LibTorch.Check(LibTorch.rt_cuda_is_available(), "cuda.is_available") != 0;
        }

        public static int device_count()
        {
            NativeLoader.EnsureLoaded();
            return LibTorch.Check(LibTorch.rt_cuda_device_count(), "cuda.device_count");
        }
    }

    /// <summary>Throws a deliberate libtorch error of the given kind (for testing error handling).</summary>
    internal static void raise_test_error(TorchErrorKind kind)
    {
        NativeLoader.EnsureLoaded();
        LibTorch.Check(LibTorch.rt_raise_test_error((int)kind), "raise_test_error");
    }
}
