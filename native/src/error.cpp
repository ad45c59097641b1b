// The thread-local last error. Every export's catch-all lands here.
#include <new>
#include <stdexcept>

#include "shim.h"

namespace {
thread_local int32_t last_kind = RT_ERROR_NONE;
thread_local std::string last_message;
thread_local std::string last_backtrace;

void store(int32_t kind, const char* where, const char* message, const char* full) {
    last_kind = kind;
    last_message = message;
    last_backtrace = std::string(full) + "\n  (raised in " + where + ")";
}

int32_t kind_of(const c10::Error& e) {
    if (dynamic_cast<const c10::IndexError*>(&e)) return RT_ERROR_INDEX;
    if (dynamic_cast<const c10::ValueError*>(&e)) return RT_ERROR_VALUE;
    if (dynamic_cast<const c10::TypeError*>(&e)) return RT_ERROR_TYPE;
    if (dynamic_cast<const c10::NotImplementedError*>(&e)) return RT_ERROR_NOT_IMPLEMENTED;
    return RT_ERROR_GENERIC;
}
}  // namespace

void rt::capture_error(const char* where) noexcept {
    try {
        throw;
    } catch (const c10::Error& e) {
        store(kind_of(e), where, e.what_without_backtrace(), e.what());
    } catch (const std::bad_alloc& e) {
        store(RT_ERROR_OUT_OF_MEMORY, where, "out of memory", e.what());
    } catch (const std::out_of_range& e) {
        store(RT_ERROR_INDEX, where, e.what(), e.what());
    } catch (const std::invalid_argument& e) {
        store(RT_ERROR_VALUE, where, e.what(), e.what());
    } catch (const std::exception& e) {
        store(RT_ERROR_STD, where, e.what(), e.what());
    } catch (...) {
        store(RT_ERROR_GENERIC, where, "unknown C++ exception", "unknown C++ exception");
    }
}

extern "C" {
int32_t rt_last_error_kind(void) { return last_kind; }
const char* rt_last_error(void) { return last_message.c_str(); }
const char* rt_last_error_backtrace(void) { return last_backtrace.c_str(); }
void rt_clear_error(void) {
    last_kind = RT_ERROR_NONE;
    last_message.clear();
    last_backtrace.clear();
}

int32_t rt_raise_test_error(int32_t kind) {
    RT_TRY
    switch (kind) {
        case RT_ERROR_INDEX: TORCH_CHECK_INDEX(false, "test index error");
        case RT_ERROR_VALUE: TORCH_CHECK_VALUE(false, "test value error");
        case RT_ERROR_TYPE: TORCH_CHECK_TYPE(false, "test type error");
        case RT_ERROR_OUT_OF_MEMORY: throw std::bad_alloc();
        case RT_ERROR_STD: throw std::runtime_error("test std error");
        case RT_ERROR_NOT_IMPLEMENTED: TORCH_CHECK_NOT_IMPLEMENTED(false, "test not-implemented error");
        case RT_ERROR_GENERIC: TORCH_CHECK(false, "test generic error");
        default: throw 42;
    }
    RT_CATCH(-1)
}
}
