// dtype and device conversion, clone, detach, aliasing.
#include "shim.h"

extern "C" {

rt_tensor rt_to_dtype(rt_tensor t, int32_t dtype, int32_t copy) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.to(rt::dtype_of(dtype), false, copy != 0)); RT_CATCH(nullptr)
}
rt_tensor rt_to_device(rt_tensor t, int32_t device_type, int32_t device_index, int32_t copy) {
    RT_TRY
    RT_ARG(x, t);
    at::Device d = device_type == RT_DEVICE_CUDA
        ? at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(device_index))
        : at::Device(at::kCPU);
    if (d.is_cuda()) {
        TORCH_CHECK(at::hasCUDA(), "to(", d, "): this libtorch build has no CUDA support "
                    "(torch.cuda.is_available() is false); keep tensors on the CPU");
    }
    return rt::wrap(x.to(d, false, copy != 0));
    RT_CATCH(nullptr)
}
rt_tensor rt_clone(rt_tensor t) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.clone()); RT_CATCH(nullptr)
}
rt_tensor rt_detach(rt_tensor t) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x.detach()); RT_CATCH(nullptr)
}
int32_t rt_detach_(rt_tensor t) {
    RT_TRY RT_ARG(x, t); const_cast<at::Tensor&>(x).detach_(); return 0; RT_CATCH(-1)
}
rt_tensor rt_alias(rt_tensor t) {
    RT_TRY RT_ARG(x, t); return rt::wrap(x); RT_CATCH(nullptr)
}

}  // extern "C"
