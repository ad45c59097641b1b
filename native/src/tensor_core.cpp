// Handle lifetime and tensor properties.
#include <cstring>

#include "shim.h"

using rt::Borrowed;

namespace {
int32_t copy_dims(at::IntArrayRef dims, int64_t* out, int32_t cap) {
    const auto n = static_cast<int32_t>(dims.size());
    for (int32_t i = 0; i < n && i < cap; ++i) out[i] = dims[static_cast<size_t>(i)];
    return n;
}
}  // namespace

extern "C" {

void rt_tensor_free(rt_tensor t) {
    if (!t) return;
    rt::count_handles(-1);
    rt::ImplPtr::reclaim(reinterpret_cast<c10::TensorImpl*>(t));  // drops the handle's reference
}

int64_t rt_tensor_dim(rt_tensor t) { RT_TRY rt::require(t, "self"); return Borrowed(t)->dim(); RT_CATCH(-1) }
int64_t rt_tensor_numel(rt_tensor t) { RT_TRY rt::require(t, "self"); return Borrowed(t)->numel(); RT_CATCH(-1) }

int64_t rt_tensor_nbytes(rt_tensor t) {
    if (!t) return 0;
    auto* impl = reinterpret_cast<c10::TensorImpl*>(t);
    return impl->numel() * static_cast<int64_t>(impl->itemsize());
}

int32_t rt_tensor_sizes(rt_tensor t, int64_t* out, int32_t cap) {
    RT_TRY rt::require(t, "self"); return copy_dims(Borrowed(t)->sizes(), out, cap); RT_CATCH(-1)
}

int32_t rt_tensor_strides(rt_tensor t, int64_t* out, int32_t cap) {
    RT_TRY rt::require(t, "self"); return copy_dims(Borrowed(t)->strides(), out, cap); RT_CATCH(-1)
}

int32_t rt_tensor_dtype(rt_tensor t) {
    RT_TRY rt::require(t, "self"); return static_cast<int32_t>(Borrowed(t)->scalar_type()); RT_CATCH(-1)
}

int32_t rt_tensor_device(rt_tensor t, int32_t* index_out) {
    RT_TRY
    rt::require(t, "self");
    const auto d = Borrowed(t)->device();
    if (index_out) *index_out = d.has_index() ? d.index() : -1;
    return d.is_cuda() ? RT_DEVICE_CUDA : RT_DEVICE_CPU;
    RT_CATCH(-1)
}

int32_t rt_tensor_is_contiguous(rt_tensor t) {
    RT_TRY rt::require(t, "self"); return Borrowed(t)->is_contiguous() ? 1 : 0; RT_CATCH(-1)
}

int32_t rt_tensor_requires_grad(rt_tensor t) {
    RT_TRY rt::require(t, "self"); return Borrowed(t)->requires_grad() ? 1 : 0; RT_CATCH(-1)
}

int32_t rt_tensor_set_requires_grad(rt_tensor t, int32_t value) {
    RT_TRY
    rt::require(t, "self");
    Borrowed b(t);
    const_cast<at::Tensor&>(b.get()).set_requires_grad(value != 0);
    return 0;
    RT_CATCH(-1)
}

int32_t rt_tensor_is_leaf(rt_tensor t) {
    RT_TRY rt::require(t, "self"); return Borrowed(t)->is_leaf() ? 1 : 0; RT_CATCH(-1)
}

int32_t rt_tensor_has_grad_fn(rt_tensor t) {
    RT_TRY rt::require(t, "self"); return Borrowed(t)->grad_fn() ? 1 : 0; RT_CATCH(-1)
}

int32_t rt_tensor_copy_out(rt_tensor t, void* dst, int64_t nbytes) {
    RT_TRY
    rt::require(t, "self");
    Borrowed b(t);
    at::Tensor src = b->detach().to(at::kCPU).contiguous();
    const int64_t have = src.numel() * static_cast<int64_t>(src.element_size());
    TORCH_CHECK_VALUE(have == nbytes, "copy_out: the tensor holds ", have, " bytes but the destination has ", nbytes);
    if (have > 0) std::memcpy(dst, src.data_ptr(), static_cast<size_t>(have));
    return 0;
    RT_CATCH(-1)
}

int32_t rt_tensor_item_double(rt_tensor t, double* out) {
    RT_RETURN_STATUS(rt::require(t, "self"); *out = Borrowed(t)->item<double>())
}

int32_t rt_tensor_item_int64(rt_tensor t, int64_t* out) {
    RT_RETURN_STATUS(rt::require(t, "self"); *out = Borrowed(t)->item<int64_t>())
}

int32_t rt_tensor_same_storage(rt_tensor a, rt_tensor b) {
    RT_TRY
    rt::require(a, "a");
    rt::require(b, "b");
    return Borrowed(a)->storage().is_alias_of(Borrowed(b)->storage()) ? 1 : 0;
    RT_CATCH(-1)
}

const void* rt_tensor_data_ptr(rt_tensor t) {
    RT_TRY rt::require(t, "self"); return Borrowed(t)->data_ptr(); RT_CATCH(nullptr)
}

}  // extern "C"
