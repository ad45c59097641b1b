// Tensor creation: from host data, constants, ranges and random draws.
#include <cstring>

#include "shim.h"

using rt::Borrowed;
using rt::dims_of;
using rt::options_of;

extern "C" {

rt_tensor rt_from_data(const void* data, int64_t nbytes, int32_t dtype, const int64_t* sizes, int32_t ndim) {
    RT_TRY
    at::Tensor t = at::empty(dims_of(sizes, ndim), at::TensorOptions().dtype(rt::dtype_of(dtype)));
    const int64_t want = t.numel() * static_cast<int64_t>(t.element_size());
    TORCH_CHECK_VALUE(want == nbytes, "from_data: shape ", t.sizes(), " of dtype ", t.scalar_type(),
                      " needs ", want, " bytes but ", nbytes, " were given");
    if (want > 0) {
        TORCH_CHECK_VALUE(data != nullptr, "from_data: null data pointer");
        std::memcpy(t.data_ptr(), data, static_cast<size_t>(want));
    }
    return rt::wrap(std::move(t));
    RT_CATCH(nullptr)
}

rt_tensor rt_empty(const int64_t* sizes, int32_t ndim, int32_t dtype, int32_t device, int32_t requires_grad) {
    RT_RETURN_TENSOR(rt::with_grad(at::empty(dims_of(sizes, ndim), options_of(dtype, device)), requires_grad))
}

rt_tensor rt_full(const int64_t* sizes, int32_t ndim, rt_scalar value, int32_t dtype, int32_t device, int32_t requires_grad) {
    RT_TRY
    // at::full infers the dtype from the scalar when none is given; torch.full does the same.
    auto opts = options_of(dtype, device);
    at::Tensor t = at::full(dims_of(sizes, ndim), rt::scalar_of(value), opts);
    if (requires_grad) t.set_requires_grad(true);
    return rt::wrap(std::move(t));
    RT_CATCH(nullptr)
}

rt_tensor rt_arange(rt_scalar start, rt_scalar end, rt_scalar step, int32_t dtype, int32_t device, int32_t requires_grad) {
    RT_TRY
    at::Tensor t = at::arange(rt::scalar_of(start), rt::scalar_of(end), rt::scalar_of(step), options_of(dtype, device));
    if (requires_grad) t.set_requires_grad(true);
    return rt::wrap(std::move(t));
    RT_CATCH(nullptr)
}

rt_tensor rt_linspace(double start, double end, int64_t steps, int32_t dtype, int32_t device, int32_t requires_grad) {
    RT_TRY
    at::Tensor t = at::linspace(start, end, steps, options_of(dtype, device));
    if (requires_grad) t.set_requires_grad(true);
    return rt::wrap(std::move(t));
    RT_CATCH(nullptr)
}

rt_tensor rt_eye(int64_t n, int64_t m, int32_t dtype, int32_t device, int32_t requires_grad) {
    RT_TRY
    at::Tensor t = at::eye(n, m < 0 ? n : m, options_of(dtype, device));
    if (requires_grad) t.set_requires_grad(true);
    return rt::wrap(std::move(t));
    RT_CATCH(nullptr)
}

rt_tensor rt_rand(const int64_t* sizes, int32_t ndim, int32_t dtype, int32_t device, int32_t requires_grad) {
    RT_RETURN_TENSOR(rt::with_grad(at::rand(dims_of(sizes, ndim), options_of(dtype, device)), requires_grad))
}

rt_tensor rt_randn(const int64_t* sizes, int32_t ndim, int32_t dtype, int32_t device, int32_t requires_grad) {
    RT_RETURN_TENSOR(rt::with_grad(at::randn(dims_of(sizes, ndim), options_of(dtype, device)), requires_grad))
}

rt_tensor rt_randint(int64_t low, int64_t high, const int64_t* sizes, int32_t ndim, int32_t dtype, int32_t device) {
    RT_RETURN_TENSOR(at::randint(low, high, dims_of(sizes, ndim), options_of(dtype < 0 ? RT_DTYPE_INT64 : dtype, device)))
}

rt_tensor rt_randperm(int64_t n, int32_t dtype, int32_t device) {
    RT_RETURN_TENSOR(at::randperm(n, options_of(dtype < 0 ? RT_DTYPE_INT64 : dtype, device)))
}

rt_tensor rt_like(rt_tensor t, int32_t kind, rt_scalar value, int32_t dtype, int32_t requires_grad) {
    RT_TRY
    rt::require(t, "self");
    Borrowed b(t);
    at::TensorOptions o = b->options().requires_grad(false);
    if (dtype >= 0) o = o.dtype(rt::dtype_of(dtype));
    at::Tensor r;
    switch (kind) {
        case 0: r = at::empty_like(b, o); break;
        case 1: r = at::zeros_like(b, o); break;
        case 2: r = at::ones_like(b, o); break;
        case 3: r = at::full_like(b, rt::scalar_of(value), o); break;
        case 4: r = at::rand_like(b, o); break;
        case 5: r = at::randn_like(b, o); break;
        default: TORCH_CHECK_VALUE(false, "unknown *_like kind ", kind);
    }
    if (requires_grad) r.set_requires_grad(true);
    return rt::wrap(std::move(r));
    RT_CATCH(nullptr)
}

rt_tensor rt_randint_like(rt_tensor t, int64_t low, int64_t high, int32_t dtype) {
    RT_TRY
    rt::require(t, "self");
    Borrowed b(t);
    at::TensorOptions o = b->options().requires_grad(false);
    if (dtype >= 0) o = o.dtype(rt::dtype_of(dtype));
    return rt::wrap(at::randint_like(b, low, high, o));
    RT_CATCH(nullptr)
}

rt_tensor rt_bernoulli(rt_tensor probabilities) {
    RT_RETURN_TENSOR(at::bernoulli(rt::tensor_of(probabilities, "probabilities")))
}

rt_tensor rt_multinomial(rt_tensor probabilities, int64_t num_samples, int32_t replacement) {
    RT_RETURN_TENSOR(at::multinomial(rt::tensor_of(probabilities, "probabilities"), num_samples, replacement != 0))
}

}  // extern "C"
