// Views and shape changes: view, reshape, permute, squeeze, expand, cat, split, ...
#include "shim.h"

using rt::dims_of;

extern "C" {

rt_tensor rt_view(rt_tensor t, const int64_t* sizes, int32_t ndim) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.view(dims_of(sizes, ndim))); RT_CATCH(nullptr)
}
rt_tensor rt_reshape(rt_tensor t, const int64_t* sizes, int32_t ndim) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.reshape(dims_of(sizes, ndim))); RT_CATCH(nullptr)
}
rt_tensor rt_permute(rt_tensor t, const int64_t* dims, int32_t ndim) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.permute(dims_of(dims, ndim))); RT_CATCH(nullptr)
}
rt_tensor rt_transpose(rt_tensor t, int64_t dim0, int64_t dim1) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.transpose(dim0, dim1)); RT_CATCH(nullptr)
}
rt_tensor rt_squeeze(rt_tensor t) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.squeeze()); RT_CATCH(nullptr)
}
rt_tensor rt_squeeze_dim(rt_tensor t, int64_t dim) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.squeeze(dim)); RT_CATCH(nullptr)
}
rt_tensor rt_unsqueeze(rt_tensor t, int64_t dim) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.unsqueeze(dim)); RT_CATCH(nullptr)
}
rt_tensor rt_expand(rt_tensor t, const int64_t* sizes, int32_t ndim) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.expand(dims_of(sizes, ndim))); RT_CATCH(nullptr)
}
rt_tensor rt_repeat(rt_tensor t, const int64_t* repeats, int32_t ndim) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.repeat(dims_of(repeats, ndim))); RT_CATCH(nullptr)
}
rt_tensor rt_flatten(rt_tensor t, int64_t start_dim, int64_t end_dim) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.flatten(start_dim, end_dim)); RT_CATCH(nullptr)
}
rt_tensor rt_contiguous(rt_tensor t) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.contiguous()); RT_CATCH(nullptr)
}
rt_tensor rt_cat(const rt_tensor* tensors, int32_t n, int64_t dim) {
    RT_RETURN_TENSOR(at::cat(rt::tensors_of(tensors, n, "tensors"), dim))
}
rt_tensor rt_stack(const rt_tensor* tensors, int32_t n, int64_t dim) {
    RT_RETURN_TENSOR(at::stack(rt::tensors_of(tensors, n, "tensors"), dim))
}
int32_t rt_split(rt_tensor t, int64_t split_size, int64_t dim, rt_tensor* out, int32_t cap) {
    RT_TRY RT_ARG(x, t); return rt::copy_handles(x.split(split_size, dim), out, cap); RT_CATCH(-1)
}
int32_t rt_split_sizes(rt_tensor t, const int64_t* sizes, int32_t n, int64_t dim, rt_tensor* out, int32_t cap) {
    RT_TRY RT_ARG(x, t); return rt::copy_handles(x.split_with_sizes(dims_of(sizes, n), dim), out, cap); RT_CATCH(-1)
}
int32_t rt_chunk(rt_tensor t, int64_t chunks, int64_t dim, rt_tensor* out, int32_t cap) {
    RT_TRY RT_ARG(x, t); return rt::copy_handles(x.chunk(chunks, dim), out, cap); RT_CATCH(-1)
}
rt_tensor rt_narrow(rt_tensor t, int64_t dim, int64_t start, int64_t length) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.narrow(dim, start, length)); RT_CATCH(nullptr)
}
rt_tensor rt_slice(rt_tensor t, int64_t dim, int64_t start, int64_t end, int64_t step) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.slice(dim, start, end, step)); RT_CATCH(nullptr)
}
rt_tensor rt_select(rt_tensor t, int64_t dim, int64_t index) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.select(dim, index)); RT_CATCH(nullptr)
}
rt_tensor rt_flip(rt_tensor t, const int64_t* dims, int32_t ndim) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.flip(dims_of(dims, ndim))); RT_CATCH(nullptr)
}
rt_tensor rt_roll(rt_tensor t, int64_t shift, int64_t dim) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.roll(shift, dim)); RT_CATCH(nullptr)
}
rt_tensor rt_diagonal(rt_tensor t, int64_t offset, int64_t dim1, int64_t dim2) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.diagonal(offset, dim1, dim2)); RT_CATCH(nullptr)
}
rt_tensor rt_diag_embed(rt_tensor t) {
    RT_TRY RT_ARG(x, t); return rt::wrap(at::diag_embed(x)); RT_CATCH(nullptr)
}
rt_tensor rt_tril(rt_tensor t, int64_t diagonal) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.tril(diagonal)); RT_CATCH(nullptr)
}
rt_tensor rt_triu(rt_tensor t, int64_t diagonal) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.triu(diagonal)); RT_CATCH(nullptr)
}

}  // extern "C"
