// Runtime controls: versions, seeds, threads (libtorch and OpenBLAS), determinism, grad mode.
#include <dlfcn.h>
#include <link.h>

#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>
#include <cstring>
#include <torch/version.h>

#include "shim.h"

namespace {

thread_local std::string text_result;

const char* keep(std::string s) {
    text_result = std::move(s);
    return text_result.c_str();
}

// The path of the shared object that provides a symbol, or "" when none does.
std::string provider_of(const char* symbol) {
    void* addr = dlsym(RTLD_DEFAULT, symbol);
    if (!addr) return "";
    Dl_info info{};
    if (dladdr(addr, &info) == 0 || !info.dli_fname) return "";
    return info.dli_fname;
}

// OpenBLAS exposes openblas_set_num_threads; the reference BLAS has no thread control.
void set_blas_threads(int n) {
    using setter = void (*)(int);
    if (auto f = reinterpret_cast<setter>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) f(n);
}

}  // namespace

extern "C" {

int32_t rt_abi_version(void) { return RT_ABI_VERSION; }

const char* rt_torch_version(void) {
    return TORCH_VERSION;
}

const char* rt_parallel_info(void) {
    RT_TRY return keep(at::get_parallel_info()); RT_CATCH(nullptr)
}

const char* rt_blas_info(void) {
    RT_TRY
    std::string lib = provider_of("sgemm_");
    using config_fn = const char* (*)();
    std::string text;
    if (auto cfg = reinterpret_cast<config_fn>(dlsym(RTLD_DEFAULT, "openblas_get_config"))) {
        text = std::string("OpenBLAS (") + cfg() + ")";
        using threads_fn = int (*)();
        if (auto th = reinterpret_cast<threads_fn>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads")))
            text += ", " + std::to_string(th()) + " BLAS thread(s)";
    } else if (lib.find("openblas") != std::string::npos) {
        text = "OpenBLAS";
    } else if (lib.find("mkl") != std::string::npos) {
        text = "MKL";
    } else if (!lib.empty()) {
        text = "reference BLAS (netlib): slow, install libopenblas0-pthread";
    } else {
        text = "no BLAS symbol found";
    }
    if (!lib.empty()) text += "; sgemm_ from " + lib;
    return keep(text);
    RT_CATCH(nullptr)
}

int32_t rt_manual_seed(uint64_t seed) { RT_RETURN_STATUS(at::manual_seed(seed)) }

uint64_t rt_initial_seed(void) {
    RT_TRY
    auto gen = at::globalContext().defaultGenerator(at::kCPU);
    std::lock_guard<std::mutex> lock(gen.mutex());
    return gen.current_seed();
    RT_CATCH(0)
}

int32_t rt_set_num_threads(int32_t n) {
    RT_TRY
    TORCH_CHECK_VALUE(n > 0, "the number of threads must be positive, got ", n);
    at::set_num_threads(n);
    set_blas_threads(n);
    return 0;
    RT_CATCH(-1)
}

int32_t rt_get_num_threads(void) { RT_TRY return at::get_num_threads(); RT_CATCH(-1) }

int32_t rt_set_num_interop_threads(int32_t n) {
    RT_RETURN_STATUS(at::set_num_interop_threads(n))
}

int32_t rt_set_deterministic_algorithms(int32_t enabled, int32_t warn_only) {
    RT_RETURN_STATUS(at::globalContext().setDeterministicAlgorithms(enabled != 0, warn_only != 0))
}

int32_t rt_deterministic_algorithms_enabled(void) {
    RT_TRY return at::globalContext().deterministicAlgorithms() ? 1 : 0; RT_CATCH(-1)
}

int32_t rt_cuda_is_available(void) {
    RT_TRY return at::hasCUDA() && at::detail::getCUDAHooks().getNumGPUs() > 0 ? 1 : 0; RT_CATCH(-1)
}

int32_t rt_cuda_device_count(void) {
    RT_TRY return at::hasCUDA() ? at::detail::getCUDAHooks().getNumGPUs() : 0; RT_CATCH(-1)
}

int32_t rt_set_grad_enabled(int32_t enabled) {
    RT_TRY
    const bool before = at::GradMode::is_enabled();
    at::GradMode::set_enabled(enabled != 0);
    return before ? 1 : 0;
    RT_CATCH(-1)
}

int32_t rt_is_grad_enabled(void) { return at::GradMode::is_enabled() ? 1 : 0; }

int64_t rt_live_tensors(void) { return rt::live_handles(); }

rt_tensor rt_get_rng_state(void) {
    RT_TRY
    auto gen = at::globalContext().defaultGenerator(at::kCPU);
    std::lock_guard<std::mutex> lock(gen.mutex());
    return rt::wrap(gen.get_state());
    RT_CATCH(nullptr)
}

int32_t rt_set_rng_state(rt_tensor state) {
    RT_TRY
    RT_ARG(s, state);
    auto gen = at::globalContext().defaultGenerator(at::kCPU);
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_state(s);
    return 0;
    RT_CATCH(-1)
}

}  // extern "C"
