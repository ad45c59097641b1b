// Reductions: sum, mean, prod, logsumexp, amax/amin, all/any, max/min with indices, norm, var/std.
#include "shim.h"

namespace {

std::vector<int64_t> all_dims(const at::Tensor& x) {
    std::vector<int64_t> d(static_cast<size_t>(x.dim()));
    for (int64_t i = 0; i < x.dim(); ++i) d[static_cast<size_t>(i)] = i;
    return d;
}

at::Tensor reduce(int32_t op, const at::Tensor& x, at::IntArrayRef dims, bool full, bool keepdim,
                  c10::optional<at::ScalarType> dtype) {
    switch (op) {
        case RT_REDUCE_SUM: return full && !keepdim ? x.sum(dtype) : x.sum(dims, keepdim, dtype);
        case RT_REDUCE_MEAN: return full && !keepdim ? x.mean(dtype) : x.mean(dims, keepdim, dtype);
        case RT_REDUCE_PROD:
            if (full) return keepdim ? x.prod(dtype).reshape(std::vector<int64_t>(x.dim(), 1)) : x.prod(dtype);
            TORCH_CHECK_VALUE(dims.size() == 1, "prod reduces over one dimension at a time, got ", dims.size());
            return x.prod(dims[0], keepdim, dtype);
        case RT_REDUCE_LOGSUMEXP: return at::logsumexp(x, dims, keepdim);
        case RT_REDUCE_AMAX: return at::amax(x, dims, keepdim);
        case RT_REDUCE_AMIN: return at::amin(x, dims, keepdim);
        case RT_REDUCE_ALL:
            if (full && !keepdim) return x.all();
            TORCH_CHECK_VALUE(dims.size() == 1, "all reduces over one dimension at a time, got ", dims.size());
            return x.all(dims[0], keepdim);
        case RT_REDUCE_ANY:
            if (full && !keepdim) return x.any();
            TORCH_CHECK_VALUE(dims.size() == 1, "any reduces over one dimension at a time, got ", dims.size());
            return x.any(dims[0], keepdim);
        default: TORCH_CHECK_VALUE(false, "unknown reduction op code ", op);
    }
}

}  // namespace

extern "C" {

rt_tensor rt_reduce(int32_t op, rt_tensor t, const int64_t* dims, int32_t ndims, int32_t keepdim, int32_t dtype) {
    RT_TRY
    RT_ARG(x, t);
    rt::SkipAutogradIfUnused skip(x);
    const bool full = ndims < 0;
    // The explicit list of every dim is only needed by the keepdim and dim-wise forms.
    std::vector<int64_t> every;
    if (full && (keepdim || (op != RT_REDUCE_SUM && op != RT_REDUCE_MEAN && op != RT_REDUCE_PROD &&
                             op != RT_REDUCE_ALL && op != RT_REDUCE_ANY)))
        every = all_dims(x);
    at::IntArrayRef d = full ? at::IntArrayRef(every) : rt::dims_of(dims, ndims);
    return rt::wrap(reduce(op, x, d, full, keepdim != 0, rt::optional_dtype(dtype)));
    RT_CATCH(nullptr)
}

rt_tensor rt_max_min_dim(rt_tensor t, int64_t dim, int32_t keepdim, int32_t is_max, rt_tensor* indices_out) {
    RT_TRY
    RT_ARG(x, t);
    auto r = is_max ? x.max(dim, keepdim != 0) : x.min(dim, keepdim != 0);
    if (indices_out) *indices_out = rt::wrap(std::get<1>(r));
    return rt::wrap(std::move(std::get<0>(r)));
    RT_CATCH(nullptr)
}

rt_tensor rt_arg_max_min(rt_tensor t, int32_t has_dim, int64_t dim, int32_t keepdim, int32_t is_max) {
    RT_TRY
    RT_ARG(x, t);
    c10::optional<int64_t> d = has_dim ? c10::optional<int64_t>(dim) : c10::nullopt;
    return rt::wrap(is_max ? x.argmax(d, keepdim != 0) : x.argmin(d, keepdim != 0));
    RT_CATCH(nullptr)
}

rt_tensor rt_norm(rt_tensor t, double p, const int64_t* dims, int32_t ndims, int32_t keepdim) {
    RT_TRY
    RT_ARG(x, t);
    if (ndims < 0) return rt::wrap(keepdim ? x.norm(p, all_dims(x), true) : x.norm(p));
    return rt::wrap(x.norm(p, rt::dims_of(dims, ndims), keepdim != 0));
    RT_CATCH(nullptr)
}

rt_tensor rt_var_std(rt_tensor t, const int64_t* dims, int32_t ndims, int64_t correction, int32_t keepdim, int32_t is_std) {
    RT_TRY
    RT_ARG(x, t);
    c10::optional<at::IntArrayRef> d = ndims < 0 ? c10::nullopt : c10::optional<at::IntArrayRef>(rt::dims_of(dims, ndims));
    c10::optional<int64_t> c(correction);
    return rt::wrap(is_std ? at::std(x, d, c, keepdim != 0) : at::var(x, d, c, keepdim != 0));
    RT_CATCH(nullptr)
}

rt_tensor rt_cumsum(rt_tensor t, int64_t dim, int32_t dtype) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.cumsum(dim, rt::optional_dtype(dtype))); RT_CATCH(nullptr)
}

rt_tensor rt_cumprod(rt_tensor t, int64_t dim) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.cumprod(dim)); RT_CATCH(nullptr)
}

}  // extern "C"
