// Conversions shared by the exports: handles, dtypes, devices, tensor lists.
#include <mutex>
#include <vector>

#include "shim.h"

namespace rt {

namespace {
struct HandleCount {
    std::atomic<int64_t> value{0};  // written only by its own thread; read by live_handles
};
std::mutex registry_mutex;
std::vector<HandleCount*>& registry() {
    static auto* counts = new std::vector<HandleCount*>();  // never destroyed: threads may outlive statics
    return *counts;
}
HandleCount* register_thread() {
    auto* c = new HandleCount();  // kept after the thread exits, so its frees still count
    std::lock_guard<std::mutex> lock(registry_mutex);
    registry().push_back(c);
    return c;
}
thread_local HandleCount* this_thread_count = nullptr;
}  // namespace

void count_handles(int64_t delta) noexcept {
    auto* c = this_thread_count;
    if (!c) {
        try { c = this_thread_count = register_thread(); } catch (...) { return; }
    }
    c->value.store(c->value.load(std::memory_order_relaxed) + delta, std::memory_order_relaxed);
}

int64_t live_handles() noexcept {
    std::lock_guard<std::mutex> lock(registry_mutex);
    int64_t total = 0;
    for (auto* c : registry()) total += c->value.load(std::memory_order_relaxed);
    return total;
}

void require(rt_tensor h, const char* name) {
    TORCH_CHECK_VALUE(h != nullptr, "argument '", name, "' is a null tensor handle");
}

c10::TensorImpl* Borrowed::checked(rt_tensor h, const char* name) {
    require(h, name);
    return reinterpret_cast<c10::TensorImpl*>(h);
}

std::vector<at::Tensor> tensors_of(const rt_tensor* hs, int32_t n, const char* name) {
    TORCH_CHECK_VALUE(n >= 0, "argument '", name, "' has a negative length ", n);
    TORCH_CHECK_VALUE(n == 0 || hs != nullptr, "argument '", name, "' is a null array");
    std::vector<at::Tensor> out;
    out.reserve(static_cast<size_t>(n));
    for (int32_t i = 0; i < n; ++i) {
        TORCH_CHECK_VALUE(hs[i] != nullptr, "argument '", name, "' has a null tensor at position ", i);
        Borrowed b(hs[i]);
        out.push_back(b.get());
    }
    return out;
}

c10::optional<at::Tensor> optional_of(rt_tensor h) {
    if (!h) return c10::nullopt;
    Borrowed b(h);
    return b.get();
}

at::ScalarType dtype_of(int32_t code) {
    switch (code) {
        case RT_DTYPE_UINT8: case RT_DTYPE_INT8: case RT_DTYPE_INT16: case RT_DTYPE_INT32:
        case RT_DTYPE_INT64: case RT_DTYPE_FLOAT16: case RT_DTYPE_FLOAT32: case RT_DTYPE_FLOAT64:
        case RT_DTYPE_BOOL: case RT_DTYPE_BFLOAT16:
            return static_cast<at::ScalarType>(code);
        default:
            TORCH_CHECK_TYPE(false, "unknown dtype code ", code);
    }
}

c10::optional<at::ScalarType> optional_dtype(int32_t code) {
    if (code < 0) return c10::nullopt;
    return dtype_of(code);
}

at::Device device_of(int32_t code) {
    TORCH_CHECK_VALUE(code >= 0, "invalid device code ", code);
    if (code == 0) return at::Device(at::kCPU);
    return at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(code - 1));
}

at::TensorOptions options_of(int32_t dtype, int32_t device) {
    at::TensorOptions o = at::TensorOptions().device(device_of(device));
    if (dtype >= 0) o = o.dtype(dtype_of(dtype));
    return o;
}

int32_t copy_handles(const std::vector<at::Tensor>& parts, rt_tensor* out, int32_t cap) {
    const auto n = static_cast<int32_t>(parts.size());
    if (out) {
        for (int32_t i = 0; i < n && i < cap; ++i) out[i] = wrap(parts[static_cast<size_t>(i)]);
    }
    return n;
}

}  // namespace rt
