// Matrix products, softmax and a few decompositions.
#include "shim.h"

extern "C" {

rt_tensor rt_matmul(rt_tensor a, rt_tensor b) {
    RT_TRY RT_ARG(x, a); RT_ARG(y, b); rt::SkipAutogradIfUnused skip(x, y); return rt::wrap(at::matmul(x, y)); RT_CATCH(nullptr)
}
rt_tensor rt_mm(rt_tensor a, rt_tensor b) {
    RT_TRY RT_ARG(x, a); RT_ARG(y, b); rt::SkipAutogradIfUnused skip(x, y); return rt::wrap(at::mm(x, y)); RT_CATCH(nullptr)
}
rt_tensor rt_bmm(rt_tensor a, rt_tensor b) {
    RT_TRY RT_ARG(x, a); RT_ARG(y, b); rt::SkipAutogradIfUnused skip(x, y); return rt::wrap(at::bmm(x, y)); RT_CATCH(nullptr)
}
rt_tensor rt_addmm(rt_tensor bias, rt_tensor a, rt_tensor b, rt_scalar beta, rt_scalar alpha) {
    RT_TRY
    RT_ARG(c, bias); RT_ARG(x, a); RT_ARG(y, b);
    return rt::wrap(at::addmm(c, x, y, rt::scalar_of(beta), rt::scalar_of(alpha)));
    RT_CATCH(nullptr)
}
rt_tensor rt_outer(rt_tensor a, rt_tensor b) {
    RT_TRY RT_ARG(x, a); RT_ARG(y, b); return rt::wrap(at::outer(x, y)); RT_CATCH(nullptr)
}
rt_tensor rt_einsum(const char* equation, const rt_tensor* tensors, int32_t n) {
    RT_TRY
    TORCH_CHECK_VALUE(equation != nullptr, "einsum: null equation");
    return rt::wrap(at::einsum(equation, rt::tensors_of(tensors, n, "tensors")));
    RT_CATCH(nullptr)
}
rt_tensor rt_softmax(rt_tensor t, int64_t dim, int32_t dtype) {
    RT_TRY RT_ARG(x, t); rt::SkipAutogradIfUnused skip(x); return rt::wrap(at::softmax(x, dim, rt::optional_dtype(dtype))); RT_CATCH(nullptr)
}
rt_tensor rt_log_softmax(rt_tensor t, int64_t dim, int32_t dtype) {
    RT_TRY RT_ARG(x, t); rt::SkipAutogradIfUnused skip(x); return rt::wrap(at::log_softmax(x, dim, rt::optional_dtype(dtype))); RT_CATCH(nullptr)
}
rt_tensor rt_cdist(rt_tensor a, rt_tensor b, double p) {
    RT_TRY RT_ARG(x, a); RT_ARG(y, b); return rt::wrap(at::cdist(x, y, p)); RT_CATCH(nullptr)
}
rt_tensor rt_linalg_solve(rt_tensor a, rt_tensor b) {
    RT_TRY RT_ARG(x, a); RT_ARG(y, b); return rt::wrap(at::linalg_solve(x, y)); RT_CATCH(nullptr)
}
rt_tensor rt_linalg_eigh(rt_tensor a, rt_tensor* eigenvectors_out) {
    RT_TRY
    RT_ARG(x, a);
    auto r = at::linalg_eigh(x);
    if (eigenvectors_out) *eigenvectors_out = rt::wrap(std::get<1>(r));
    return rt::wrap(std::move(std::get<0>(r)));
    RT_CATCH(nullptr)
}
rt_tensor rt_linalg_svd(rt_tensor a, int32_t full_matrices, rt_tensor* s_out, rt_tensor* vh_out) {
    RT_TRY
    RT_ARG(x, a);
    auto r = at::linalg_svd(x, full_matrices != 0);
    if (s_out) *s_out = rt::wrap(std::get<1>(r));
    if (vh_out) *vh_out = rt::wrap(std::get<2>(r));
    return rt::wrap(std::move(std::get<0>(r)));
    RT_CATCH(nullptr)
}

}  // extern "C"
