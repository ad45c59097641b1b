using System.Runtime.InteropServices;

namespace Research.Torch.Native;

// Imports from native/src/tensor_math.cpp, tensor_reduce.cpp, linalg.cpp and autograd.cpp.
internal static unsafe partial class LibTorch
{
    [LibraryImport(Lib)] internal static partial IntPtr rt_unary(int op, IntPtr t);
    [LibraryImport(Lib)] internal static partial int rt_unary_(int op, IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr rt_binary(int op, IntPtr a, IntPtr b);
    [LibraryImport(Lib)] internal static partial IntPtr rt_binary_scalar(int op, IntPtr a, Scalar b);
    [LibraryImport(Lib)] internal static partial int rt_binary_(int op, IntPtr a, IntPtr b);
    [LibraryImport(Lib)] internal static partial int rt_binary_scalar_(int op, IntPtr a, Scalar b);
    [LibraryImport(Lib)] internal static partial IntPtr rt_add_scaled(IntPtr a, IntPtr b, Scalar alpha);
    [LibraryImport(Lib)] internal static partial int rt_add_scaled_(IntPtr a, IntPtr b, Scalar alpha);
    [LibraryImport(Lib)] internal static partial IntPtr rt_clamp(IntPtr t, int hasMin, Scalar min, int hasMax, Scalar max);
    [LibraryImport(Lib)] internal static partial int rt_clamp_(IntPtr t, int hasMin, Scalar min, int hasMax, Scalar max);
    [LibraryImport(Lib)] internal static partial IntPtr rt_clamp_tensor(IntPtr t, IntPtr min, IntPtr max);
    [LibraryImport(Lib)] internal static partial IntPtr rt_addcmul(IntPtr t, IntPtr a, IntPtr b, Scalar value);
    [LibraryImport(Lib)] internal static partial IntPtr rt_addcdiv(IntPtr t, IntPtr a, IntPtr b, Scalar value);
    [LibraryImport(Lib)] internal static partial int rt_addcmul_(IntPtr t, IntPtr a, IntPtr b, Scalar value);
    [LibraryImport(Lib)] internal static partial int rt_addcdiv_(IntPtr t, IntPtr a, IntPtr b, Scalar value);
    [LibraryImport(Lib)] internal static partial IntPtr rt_lerp(IntPtr t, IntPtr end, Scalar weight);
    [LibraryImport(Lib)] internal static partial int rt_lerp_(IntPtr t, IntPtr end, Scalar weight);
    [LibraryImport(Lib)] internal static partial IntPtr rt_leaky_relu(IntPtr t, double negativeSlope);
    [LibraryImport(Lib)] internal static partial IntPtr rt_hardtanh(IntPtr t, double min, double max);
    [LibraryImport(Lib)] internal static partial IntPtr rt_allclose_tensor(IntPtr a, IntPtr b, double rtol, double atol);
    [LibraryImport(Lib)] internal static partial int rt_allclose(IntPtr a, IntPtr b, double rtol, double atol, int equalNan);
    [LibraryImport(Lib)] internal static partial int rt_equal(IntPtr a, IntPtr b);

    [LibraryImport(Lib)] internal static partial IntPtr rt_reduce(int op, IntPtr t, long* dims, int ndims, int keepdim, int dtype);
    [LibraryImport(Lib)] internal static partial IntPtr rt_max_min_dim(IntPtr t, long dim, int keepdim, int isMax, IntPtr* indices);
    [LibraryImport(Lib)] internal static partial IntPtr rt_arg_max_min(IntPtr t, int hasDim, long dim, int keepdim, int isMax);
    [LibraryImport(Lib)] internal static partial IntPtr rt_norm(IntPtr t, double p, long* dims, int ndims, int keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr rt_var_std(IntPtr t, long* dims, int ndims, long correction, int keepdim, int isStd);
    [LibraryImport(Lib)] internal static partial IntPtr rt_cumsum(IntPtr t, long dim, int dtype);
    [LibraryImport(Lib)] internal static partial IntPtr rt_cumprod(IntPtr t, long dim);

    [LibraryImport(Lib)] internal static partial IntPtr rt_matmul(IntPtr a, IntPtr b);
    [LibraryImport(Lib)] internal static partial IntPtr rt_mm(IntPtr a, IntPtr b);
    [LibraryImport(Lib)] internal static partial IntPtr rt_bmm(IntPtr a, IntPtr b);
    [LibraryImport(Lib)] internal static partial IntPtr rt_addmm(IntPtr bias, IntPtr a, IntPtr b, Scalar beta, Scalar alpha);
    [LibraryImport(Lib)] internal static partial IntPtr rt_outer(IntPtr a, IntPtr b);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr rt_einsum(string equation, IntPtr* tensors, int n);
    [LibraryImport(Lib)] internal static partial IntPtr rt_softmax(IntPtr t, long dim, int dtype);
    [LibraryImport(Lib)] internal static partial IntPtr rt_log_softmax(IntPtr t, long dim, int dtype);
    [LibraryImport(Lib)] internal static partial IntPtr rt_cdist(IntPtr a, IntPtr b, double p);
    [LibraryImport(Lib)] internal static partial IntPtr rt_linalg_solve(IntPtr a, IntPtr b);
    [LibraryImport(Lib)] internal static partial IntPtr rt_linalg_eigh(IntPtr a, IntPtr* eigenvectors);
    [LibraryImport(Lib)] internal static partial IntPtr rt_linalg_svd(IntPtr a, int fullMatrices, IntPtr* s, IntPtr* vh);

    [LibraryImport(Lib)] internal static partial int rt_backward(IntPtr t, IntPtr gradient, int retainGraph, int createGraph);
    [LibraryImport(Lib)] internal static partial IntPtr rt_tensor_grad(IntPtr t);
    [LibraryImport(Lib)] internal static partial int rt_tensor_set_grad(IntPtr t, IntPtr grad);
    [LibraryImport(Lib)] internal static partial int rt_tensor_zero_grad(IntPtr t, int setToNone);
    [LibraryImport(Lib)] internal static partial int rt_tensor_retain_grad(IntPtr t);
    [LibraryImport(Lib)] internal static partial int rt_autograd_grad(IntPtr* outputs, int nOutputs, IntPtr* inputs, int nInputs,
        IntPtr* gradOutputs, int retainGraph, int createGraph, int allowUnused, IntPtr* output);
}
