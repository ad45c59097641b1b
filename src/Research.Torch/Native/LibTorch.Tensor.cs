using System.Runtime.InteropServices;

namespace Research.Torch.Native;

// Imports from native/src/tensor_core.cpp, tensor_create.cpp and tensor_convert.cpp.
internal static unsafe partial class LibTorch
{
    [LibraryImport(Lib)] internal static partial void rt_tensor_free(IntPtr t);
    [LibraryImport(Lib)] internal static partial long rt_tensor_dim(IntPtr t);
    [LibraryImport(Lib)] internal static partial long rt_tensor_numel(IntPtr t);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial long rt_tensor_nbytes(IntPtr t);
    [LibraryImport(Lib)] internal static partial int rt_tensor_sizes(IntPtr t, long* output, int cap);
    [LibraryImport(Lib)] internal static partial int rt_tensor_strides(IntPtr t, long* output, int cap);
    [LibraryImport(Lib)] internal static partial int rt_tensor_dtype(IntPtr t);
    [LibraryImport(Lib)] internal static partial int rt_tensor_device(IntPtr t, int* index);
    [LibraryImport(Lib)] internal static partial int rt_tensor_is_contiguous(IntPtr t);
    [LibraryImport(Lib)] internal static partial int rt_tensor_requires_grad(IntPtr t);
    [LibraryImport(Lib)] internal static partial int rt_tensor_set_requires_grad(IntPtr t, int value);
    [LibraryImport(Lib)] internal static partial int rt_tensor_is_leaf(IntPtr t);
    [LibraryImport(Lib)] internal static partial int rt_tensor_has_grad_fn(IntPtr t);
    [LibraryImport(Lib)] internal static partial int rt_tensor_copy_out(IntPtr t, void* dst, long nbytes);
    [LibraryImport(Lib)] internal static partial int rt_tensor_item_double(IntPtr t, double* value);
    [LibraryImport(Lib)] internal static partial int rt_tensor_item_int64(IntPtr t, long* value);
    [LibraryImport(Lib)] internal static partial int rt_tensor_same_storage(IntPtr a, IntPtr b);
    [LibraryImport(Lib)] internal static partial IntPtr rt_tensor_data_ptr(IntPtr t);

    [LibraryImport(Lib)] internal static partial IntPtr rt_from_data(void* data, long nbytes, int dtype, long* sizes, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr rt_empty(long* sizes, int ndim, int dtype, int device, int requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr rt_full(long* sizes, int ndim, Scalar value, int dtype, int device, int requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr rt_arange(Scalar start, Scalar end, Scalar step, int dtype, int device, int requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr rt_linspace(double start, double end, long steps, int dtype, int device, int requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr rt_eye(long n, long m, int dtype, int device, int requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr rt_rand(long* sizes, int ndim, int dtype, int device, int requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr rt_randn(long* sizes, int ndim, int dtype, int device, int requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr rt_randint(long low, long high, long* sizes, int ndim, int dtype, int device);
    [LibraryImport(Lib)] internal static partial IntPtr rt_randperm(long n, int dtype, int device);
    [LibraryImport(Lib)] internal static partial IntPtr rt_like(IntPtr t, int kind, Scalar value, int dtype, int requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr rt_randint_like(IntPtr t, long low, long high, int dtype);
    [LibraryImport(Lib)] internal static partial IntPtr rt_bernoulli(IntPtr probabilities);
    [LibraryImport(Lib)] internal static partial IntPtr rt_multinomial(IntPtr probabilities, long numSamples, int replacement);

    [LibraryImport(Lib)] internal static partial IntPtr rt_to_dtype(IntPtr t, int dtype, int copy);
    [LibraryImport(Lib)] internal static partial IntPtr rt_to_device(IntPtr t, int deviceType, int deviceIndex, int copy);
    [LibraryImport(Lib)] internal static partial IntPtr rt_clone(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr rt_detach(IntPtr t);
    [LibraryImport(Lib)] internal static partial int rt_detach_(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr rt_alias(IntPtr t);
}
