// Indexing by tensors: index_select, gather, scatter, masks, where, one_hot, sort, unique.
#include "shim.h"

namespace {
c10::List<c10::optional<at::Tensor>> index_list(const rt_tensor* indices, int32_t n) {
    TORCH_CHECK_VALUE(n >= 0 && (n == 0 || indices), "index: invalid index list");
    c10::List<c10::optional<at::Tensor>> list;
    list.reserve(static_cast<size_t>(n));
    for (int32_t i = 0; i < n; ++i) list.push_back(rt::optional_of(indices[i]));
    return list;
}
}  // namespace

extern "C" {

rt_tensor rt_index_select(rt_tensor t, int64_t dim, rt_tensor index) {
    RT_TRY RT_ARG(x, t); RT_ARG(i, index); return rt::wrap(x.index_select(dim, i)); RT_CATCH(nullptr)
}
rt_tensor rt_index_tensors(rt_tensor t, const rt_tensor* indices, int32_t n) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.index(index_list(indices, n))); RT_CATCH(nullptr)
}
int32_t rt_index_put_(rt_tensor t, const rt_tensor* indices, int32_t n, rt_tensor values, int32_t accumulate) {
    RT_TRY
    RT_ARG(x, t);
    RT_ARG(v, values);
    const_cast<at::Tensor&>(x).index_put_(index_list(indices, n), v, accumulate != 0);
    return 0;
    RT_CATCH(-1)
}
rt_tensor rt_masked_select(rt_tensor t, rt_tensor mask) {
    RT_TRY RT_ARG(x, t); RT_ARG(m, mask); return rt::wrap(x.masked_select(m)); RT_CATCH(nullptr)
}
rt_tensor rt_gather(rt_tensor t, int64_t dim, rt_tensor index) {
    RT_TRY RT_ARG(x, t); RT_ARG(i, index); return rt::wrap(x.gather(dim, i)); RT_CATCH(nullptr)
}
rt_tensor rt_scatter(rt_tensor t, int64_t dim, rt_tensor index, rt_tensor src) {
    RT_TRY RT_ARG(x, t); RT_ARG(i, index); RT_ARG(s, src); return rt::wrap(x.scatter(dim, i, s)); RT_CATCH(nullptr)
}
rt_tensor rt_scatter_value(rt_tensor t, int64_t dim, rt_tensor index, rt_scalar value) {
    RT_TRY RT_ARG(x, t); RT_ARG(i, index); return rt::wrap(x.scatter(dim, i, rt::scalar_of(value))); RT_CATCH(nullptr)
}
rt_tensor rt_scatter_add(rt_tensor t, int64_t dim, rt_tensor index, rt_tensor src) {
    RT_TRY RT_ARG(x, t); RT_ARG(i, index); RT_ARG(s, src); return rt::wrap(x.scatter_add(dim, i, s)); RT_CATCH(nullptr)
}
int32_t rt_scatter_add_(rt_tensor t, int64_t dim, rt_tensor index, rt_tensor src) {
    RT_TRY
    RT_ARG(x, t); RT_ARG(i, index); RT_ARG(s, src);
    const_cast<at::Tensor&>(x).scatter_add_(dim, i, s);
    return 0;
    RT_CATCH(-1)
}
rt_tensor rt_index_add(rt_tensor t, int64_t dim, rt_tensor index, rt_tensor src) {
    RT_TRY RT_ARG(x, t); RT_ARG(i, index); RT_ARG(s, src); return rt::wrap(x.index_add(dim, i, s)); RT_CATCH(nullptr)
}
rt_tensor rt_masked_fill(rt_tensor t, rt_tensor mask, rt_scalar value) {
    RT_TRY RT_ARG(x, t); RT_ARG(m, mask); return rt::wrap(x.masked_fill(m, rt::scalar_of(value))); RT_CATCH(nullptr)
}
int32_t rt_masked_fill_(rt_tensor t, rt_tensor mask, rt_scalar value) {
    RT_TRY
    RT_ARG(x, t); RT_ARG(m, mask);
    const_cast<at::Tensor&>(x).masked_fill_(m, rt::scalar_of(value));
    return 0;
    RT_CATCH(-1)
}
rt_tensor rt_where(rt_tensor condition, rt_tensor a, rt_tensor b) {
    RT_TRY RT_ARG(c, condition); RT_ARG(x, a); RT_ARG(y, b); return rt::wrap(at::where(c, x, y)); RT_CATCH(nullptr)
}
rt_tensor rt_one_hot(rt_tensor t, int64_t num_classes) {
    RT_TRY RT_ARG(x, t); return rt::wrap(at::one_hot(x, num_classes)); RT_CATCH(nullptr)
}
rt_tensor rt_nonzero(rt_tensor t) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.nonzero()); RT_CATCH(nullptr)
}
rt_tensor rt_unique(rt_tensor t, int32_t sorted, rt_tensor* inverse_out, rt_tensor* counts_out) {
    RT_TRY
    RT_ARG(x, t);
    auto r = at::_unique2(x, sorted != 0, inverse_out != nullptr, counts_out != nullptr);
    if (inverse_out) *inverse_out = rt::wrap(std::get<1>(r));
    if (counts_out) *counts_out = rt::wrap(std::get<2>(r));
    return rt::wrap(std::move(std::get<0>(r)));
    RT_CATCH(nullptr)
}
rt_tensor rt_sort(rt_tensor t, int64_t dim, int32_t descending, rt_tensor* indices_out) {
    RT_TRY
    RT_ARG(x, t);
    auto r = x.sort(dim, descending != 0);
    if (indices_out) *indices_out = rt::wrap(std::get<1>(r));
    return rt::wrap(std::move(std::get<0>(r)));
    RT_CATCH(nullptr)
}
rt_tensor rt_topk(rt_tensor t, int64_t k, int64_t dim, int32_t largest, int32_t sorted, rt_tensor* indices_out) {
    RT_TRY
    RT_ARG(x, t);
    auto r = x.topk(k, dim, largest != 0, sorted != 0);
    if (indices_out) *indices_out = rt::wrap(std::get<1>(r));
    return rt::wrap(std::move(std::get<0>(r)));
    RT_CATCH(nullptr)
}

}  // extern "C"
