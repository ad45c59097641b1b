using System.Runtime.InteropServices;

namespace Research.Torch.Native;

// Imports from native/src/runtime.cpp and error.cpp.
internal static partial class LibTorch
{
    [LibraryImport(Lib)] internal static partial int rt_abi_version();
    [LibraryImport(Lib)] internal static partial int rt_last_error_kind();
    [LibraryImport(Lib)] internal static partial IntPtr rt_last_error();
    [LibraryImport(Lib)] internal static partial IntPtr rt_last_error_backtrace();
    [LibraryImport(Lib)] internal static partial void rt_clear_error();
    [LibraryImport(Lib)] internal static partial IntPtr rt_torch_version();
    [LibraryImport(Lib)] internal static partial IntPtr rt_parallel_info();
    [LibraryImport(Lib)] internal static partial IntPtr rt_blas_info();
    [LibraryImport(Lib)] internal static partial int rt_manual_seed(ulong seed);
    [LibraryImport(Lib)] internal static partial ulong rt_initial_seed();
    [LibraryImport(Lib)] internal static partial int rt_set_num_threads(int n);
    [LibraryImport(Lib)] internal static partial int rt_get_num_threads();
    [LibraryImport(Lib)] internal static partial int rt_set_num_interop_threads(int n);
    [LibraryImport(Lib)] internal static partial int rt_set_deterministic_algorithms(int enabled, int warnOnly);
    [LibraryImport(Lib)] internal static partial int rt_deterministic_algorithms_enabled();
    [LibraryImport(Lib)] internal static partial int rt_cuda_is_available();
    [LibraryImport(Lib)] internal static partial int rt_cuda_device_count();
    [LibraryImport(Lib)] internal static partial int rt_set_grad_enabled(int enabled);
    [LibraryImport(Lib)] internal static partial int rt_is_grad_enabled();
    [LibraryImport(Lib)] internal static partial long rt_live_tensors();
    [LibraryImport(Lib)] internal static partial IntPtr rt_get_rng_state();
    [LibraryImport(Lib)] internal static partial int rt_set_rng_state(IntPtr state);
    [LibraryImport(Lib)] internal static partial int rt_raise_test_error(int kind);
}
