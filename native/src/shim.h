// Internal helpers shared by every translation unit of the shim: handle conversion,
// scalar conversion and the catch-all error guard. Not part of the public ABI.
#pragma once

#include <ATen/ATen.h>
#include <ATen/core/LegacyTypeDispatch.h>
#include <ATen/core/grad_mode.h>
#include <atomic>
#include <string>

#include "research_torch.h"

namespace rt {

// Throws a clear error for a NULL handle where a tensor is required.
void require(rt_tensor h, const char* name);

using ImplPtr = c10::intrusive_ptr<c10::TensorImpl, c10::UndefinedTensorImpl>;

// The number of live handles, kept per thread so that creating and freeing a handle costs no
// locked instruction; rt_live_tensors sums the threads' counts.
void count_handles(int64_t delta) noexcept;
int64_t live_handles() noexcept;

// A handle is a TensorImpl* holding one reference. Wrapping moves the tensor's reference
// into the handle, so no heap allocation is needed per result.
inline rt_tensor wrap(at::Tensor&& t) {
    if (!t.defined()) return nullptr;
    count_handles(1);
    return reinterpret_cast<rt_tensor>(t.unsafeReleaseTensorImpl());
}
inline rt_tensor wrap(const at::Tensor& t) { return wrap(at::Tensor(t)); }

// Borrows a handle as an at::Tensor without touching its reference count.
class Borrowed {
public:
    explicit Borrowed(rt_tensor h)
        : t_(ImplPtr::reclaim(h ? reinterpret_cast<c10::TensorImpl*>(h) : c10::UndefinedTensorImpl::singleton())) {}
    // A required argument: a NULL handle is reported with the argument's name.
    Borrowed(rt_tensor h, const char* name) : t_(ImplPtr::reclaim(checked(h, name))) {}
    ~Borrowed() { t_.unsafeReleaseTensorImpl(); }
    Borrowed(const Borrowed&) = delete;
    Borrowed& operator=(const Borrowed&) = delete;
    const at::Tensor& get() const { return t_; }
    operator const at::Tensor&() const { return t_; }
    const at::Tensor* operator->() const { return &t_; }
private:
    static c10::TensorImpl* checked(rt_tensor h, const char* name);
    at::Tensor t_;
};

// RT_ARG(x, h) declares `const at::Tensor& x`, borrowed from the required handle h.
#define RT_ARG(var, handle) ::rt::Borrowed var##_borrow(handle, #handle); const at::Tensor& var = var##_borrow.get()


inline at::Tensor tensor_of(rt_tensor h, const char* name) {
    require(h, name);
    Borrowed b(h);
    return b.get();
}

std::vector<at::Tensor> tensors_of(const rt_tensor* hs, int32_t n, const char* name);
c10::optional<at::Tensor> optional_of(rt_tensor h);

inline at::Scalar scalar_of(const rt_scalar& s) {
    switch (s.kind) {
        case 1: return at::Scalar(static_cast<int64_t>(s.i));
        case 2: return at::Scalar(s.i != 0);
        default: return at::Scalar(s.f);
    }
}

at::ScalarType dtype_of(int32_t code);
c10::optional<at::ScalarType> optional_dtype(int32_t code);
at::Device device_of(int32_t code);
at::TensorOptions options_of(int32_t dtype, int32_t device);

// at:: factory functions ignore requires_grad in their options (only torch:: ones honour it).
inline at::Tensor with_grad(at::Tensor t, int32_t requires_grad) {
    if (requires_grad) t.set_requires_grad(true);
    return t;
}
inline at::IntArrayRef dims_of(const int64_t* p, int32_t n) { return at::IntArrayRef(p, static_cast<size_t>(n < 0 ? 0 : n)); }

// When grad mode is off or no input requires grad, the autograd dispatch layer would record
// nothing; skipping it saves about 90 ns per call on small tensors. Only for out-of-place,
// non-view operations: views and in-place ops keep their autograd bookkeeping.
class SkipAutogradIfUnused {
public:
    template <typename... Ts>
    explicit SkipAutogradIfUnused(const Ts&... inputs) {
        if (!at::GradMode::is_enabled() || !(inputs.requires_grad() || ...)) guard_.emplace();
    }
private:
    c10::optional<at::AutoDispatchBelowAutograd> guard_;
};

// Records the exception in flight as the thread's last error.
void capture_error(const char* where) noexcept;

int32_t copy_handles(const std::vector<at::Tensor>& parts, rt_tensor* out, int32_t cap);

}  // namespace rt

// Every export body goes between RT_TRY and RT_CATCH(value returned on failure).
#define RT_TRY try {
#define RT_CATCH(fail) } catch (...) { ::rt::capture_error(__func__); } return fail;
// Helpers for the two common export shapes.
#define RT_RETURN_TENSOR(expr) RT_TRY return ::rt::wrap(expr); RT_CATCH(nullptr)
#define RT_RETURN_STATUS(stmt) RT_TRY stmt; return 0; RT_CATCH(-1)
