using System.Runtime.InteropServices;

namespace Research.Torch.Native;

// Imports from native/src/tensor_shape.cpp and tensor_index.cpp.
internal static unsafe partial class LibTorch
{
    [LibraryImport(Lib)] internal static partial IntPtr rt_view(IntPtr t, long* sizes, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr rt_reshape(IntPtr t, long* sizes, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr rt_permute(IntPtr t, long* dims, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr rt_transpose(IntPtr t, long dim0, long dim1);
    [LibraryImport(Lib)] internal static partial IntPtr rt_squeeze(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr rt_squeeze_dim(IntPtr t, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr rt_unsqueeze(IntPtr t, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr rt_expand(IntPtr t, long* sizes, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr rt_repeat(IntPtr t, long* repeats, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr rt_flatten(IntPtr t, long startDim, long endDim);
    [LibraryImport(Lib)] internal static partial IntPtr rt_contiguous(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr rt_cat(IntPtr* tensors, int n, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr rt_stack(IntPtr* tensors, int n, long dim);
    [LibraryImport(Lib)] internal static partial int rt_split(IntPtr t, long splitSize, long dim, IntPtr* output, int cap);
    [LibraryImport(Lib)] internal static partial int rt_split_sizes(IntPtr t, long* sizes, int n, long dim, IntPtr* output, int cap);
    [LibraryImport(Lib)] internal static partial int rt_chunk(IntPtr t, long chunks, long dim, IntPtr* output, int cap);
    [LibraryImport(Lib)] internal static partial IntPtr rt_narrow(IntPtr t, long dim, long start, long length);
    [LibraryImport(Lib)] internal static partial IntPtr rt_slice(IntPtr t, long dim, long start, long end, long step);
    [LibraryImport(Lib)] internal static partial IntPtr rt_select(IntPtr t, long dim, long index);
    [LibraryImport(Lib)] internal static partial IntPtr rt_flip(IntPtr t, long* dims, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr rt_roll(IntPtr t, long shift, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr rt_diagonal(IntPtr t, long offset, long dim1, long dim2);
    [LibraryImport(Lib)] internal static partial IntPtr rt_diag_embed(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr rt_tril(IntPtr t, long diagonal);
    [LibraryImport(Lib)] internal static partial IntPtr rt_triu(IntPtr t, long diagonal);

    [LibraryImport(Lib)] internal static partial IntPtr rt_index_select(IntPtr t, long dim, IntPtr index);
    [LibraryImport(Lib)] internal static partial IntPtr rt_index_tensors(IntPtr t, IntPtr* indices, int n);
    [LibraryImport(Lib)] internal static partial int rt_index_put_(IntPtr t, IntPtr* indices, int n, IntPtr values, int accumulate);
    [LibraryImport(Lib)] internal static partial IntPtr rt_masked_select(IntPtr t, IntPtr mask);
    [LibraryImport(Lib)] internal static partial IntPtr rt_gather(IntPtr t, long dim, IntPtr index);
    [LibraryImport(Lib)] internal static partial IntPtr rt_scatter(IntPtr t, long dim, IntPtr index, IntPtr src);
    [LibraryImport(Lib)] internal static partial IntPtr rt_scatter_value(IntPtr t, long dim, IntPtr index, Scalar value);
    [LibraryImport(Lib)] internal static partial IntPtr rt_scatter_add(IntPtr t, long dim, IntPtr index, IntPtr src);
    [LibraryImport(Lib)] internal static partial int rt_scatter_add_(IntPtr t, long dim, IntPtr index, IntPtr src);
    [LibraryImport(Lib)] internal static partial IntPtr rt_index_add(IntPtr t, long dim, IntPtr index, IntPtr src);
    [LibraryImport(Lib)] internal static partial IntPtr rt_masked_fill(IntPtr t, IntPtr mask, Scalar value);
    [LibraryImport(Lib)] internal static partial int rt_masked_fill_(IntPtr t, IntPtr mask, Scalar value);
    [LibraryImport(Lib)] internal static partial IntPtr rt_where(IntPtr condition, IntPtr a, IntPtr b);
    [LibraryImport(Lib)] internal static partial IntPtr rt_one_hot(IntPtr t, long numClasses);
    [LibraryImport(Lib)] internal static partial IntPtr rt_nonzero(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr rt_unique(IntPtr t, int sorted, IntPtr* inverse, IntPtr* counts);
    [LibraryImport(Lib)] internal static partial IntPtr rt_sort(IntPtr t, long dim, int descending, IntPtr* indices);
    [LibraryImport(Lib)] internal static partial IntPtr rt_topk(IntPtr t, long k, long dim, int largest, int sorted, IntPtr* indices);
}
