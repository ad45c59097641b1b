// Elementwise maths, selected by op code (rt_unary_op, rt_binary_op).
#include "shim.h"

namespace {

at::Tensor unary(int32_t op, const at::Tensor& x) {
    switch (op) {
        case RT_UNARY_NEG: return x.neg();
        case RT_UNARY_ABS: return x.abs();
        case RT_UNARY_EXP: return x.exp();
        case RT_UNARY_LOG: return x.log();
        case RT_UNARY_LOG1P: return x.log1p();
        case RT_UNARY_SQRT: return x.sqrt();
        case RT_UNARY_RSQRT: return x.rsqrt();
        case RT_UNARY_SIGN: return x.sign();
        case RT_UNARY_TANH: return x.tanh();
        case RT_UNARY_SIGMOID: return x.sigmoid();
        case RT_UNARY_RELU: return x.relu();
        case RT_UNARY_GELU: return at::gelu(x);
        case RT_UNARY_GELU_TANH: return at::gelu(x, "tanh");
        case RT_UNARY_SIN: return x.sin();
        case RT_UNARY_COS: return x.cos();
        case RT_UNARY_FLOOR: return x.floor();
        case RT_UNARY_CEIL: return x.ceil();
        case RT_UNARY_ROUND: return x.round();
        case RT_UNARY_TRUNC: return x.trunc();
        case RT_UNARY_SQUARE: return x.square();
        case RT_UNARY_RECIPROCAL: return x.reciprocal();
        case RT_UNARY_ERF: return x.erf();
        case RT_UNARY_EXPM1: return x.expm1();
        case RT_UNARY_LOG2: return x.log2();
        case RT_UNARY_SILU: return at::silu(x);
        case RT_UNARY_LOGICAL_NOT: return x.logical_not();
        case RT_UNARY_ISNAN: return x.isnan();
        case RT_UNARY_ISINF: return x.isinf();
        case RT_UNARY_ISFINITE: return x.isfinite();
        case RT_UNARY_SOFTPLUS: return at::softplus(x);
        case RT_UNARY_ELU: return at::elu(x);
        case RT_UNARY_SELU: return at::selu(x);
        case RT_UNARY_LOGSIGMOID: return at::log_sigmoid(x);
        case RT_UNARY_ZERO: return at::zeros_like(x);
        default: TORCH_CHECK_VALUE(false, "unknown unary op code ", op);
    }
}

void unary_(int32_t op, at::Tensor& x) {
    switch (op) {
        case RT_UNARY_NEG: x.neg_(); return;
        case RT_UNARY_ABS: x.abs_(); return;
        case RT_UNARY_EXP: x.exp_(); return;
        case RT_UNARY_LOG: x.log_(); return;
        case RT_UNARY_LOG1P: x.log1p_(); return;
        case RT_UNARY_SQRT: x.sqrt_(); return;
        case RT_UNARY_RSQRT: x.rsqrt_(); return;
        case RT_UNARY_SIGN: x.sign_(); return;
        case RT_UNARY_TANH: x.tanh_(); return;
        case RT_UNARY_SIGMOID: x.sigmoid_(); return;
        case RT_UNARY_RELU: x.relu_(); return;
        case RT_UNARY_SIN: x.sin_(); return;
        case RT_UNARY_COS: x.cos_(); return;
        case RT_UNARY_FLOOR: x.floor_(); return;
        case RT_UNARY_CEIL: x.ceil_(); return;
        case RT_UNARY_ROUND: x.round_(); return;
        case RT_UNARY_TRUNC: x.trunc_(); return;
        case RT_UNARY_SQUARE: x.square_(); return;
        case RT_UNARY_RECIPROCAL: x.reciprocal_(); return;
        case RT_UNARY_ERF: x.erf_(); return;
        case RT_UNARY_EXPM1: x.expm1_(); return;
        case RT_UNARY_LOG2: x.log2_(); return;
        case RT_UNARY_SILU: at::silu_(x); return;
        case RT_UNARY_ZERO: x.zero_(); return;
        default: TORCH_CHECK_VALUE(false, "unary op code ", op, " has no in-place form");
    }
}

template <typename Other>
at::Tensor binary(int32_t op, const at::Tensor& a, const Other& b) {
    switch (op) {
        case RT_BINARY_ADD: return at::add(a, b);
        case RT_BINARY_SUB: return at::sub(a, b);
        case RT_BINARY_MUL: return at::mul(a, b);
        case RT_BINARY_DIV: return at::div(a, b);
        case RT_BINARY_POW: return at::pow(a, b);
        case RT_BINARY_REMAINDER: return at::remainder(a, b);
        case RT_BINARY_EQ: return at::eq(a, b);
        case RT_BINARY_NE: return at::ne(a, b);
        case RT_BINARY_LT: return at::lt(a, b);
        case RT_BINARY_LE: return at::le(a, b);
        case RT_BINARY_GT: return at::gt(a, b);
        case RT_BINARY_GE: return at::ge(a, b);
        case RT_BINARY_FLOOR_DIVIDE: return at::floor_divide(a, b);
        case RT_BINARY_BITWISE_AND: return at::bitwise_and(a, b);
        case RT_BINARY_BITWISE_OR: return at::bitwise_or(a, b);
        case RT_BINARY_BITWISE_XOR: return at::bitwise_xor(a, b);
        default: break;
    }
    if constexpr (std::is_same_v<Other, at::Tensor>) {
        switch (op) {
            case RT_BINARY_MAXIMUM: return at::maximum(a, b);
            case RT_BINARY_MINIMUM: return at::minimum(a, b);
            case RT_BINARY_LOGICAL_AND: return at::logical_and(a, b);
            case RT_BINARY_LOGICAL_OR: return at::logical_or(a, b);
            case RT_BINARY_LOGICAL_XOR: return at::logical_xor(a, b);
            case RT_BINARY_ATAN2: return at::atan2(a, b);
            default: break;
        }
    } else {
        switch (op) {
            case RT_BINARY_RSUB: return at::rsub(a, b);
            case RT_BINARY_RDIV: return at::mul(a.reciprocal(), b);
            case RT_BINARY_RPOW: return at::pow(b, a);
            case RT_BINARY_MAXIMUM: return at::clamp_min(a, b);
            case RT_BINARY_MINIMUM: return at::clamp_max(a, b);
            default: break;
        }
    }
    TORCH_CHECK_VALUE(false, "binary op code ", op, " is not defined for these operands");
}

template <typename Other>
void binary_(int32_t op, at::Tensor& a, const Other& b) {
    switch (op) {
        case RT_BINARY_ADD: a.add_(b); return;
        case RT_BINARY_SUB: a.sub_(b); return;
        case RT_BINARY_MUL: a.mul_(b); return;
        case RT_BINARY_DIV: a.div_(b); return;
        case RT_BINARY_POW: a.pow_(b); return;
        case RT_BINARY_REMAINDER: a.remainder_(b); return;
        default: break;
    }
    if constexpr (std::is_same_v<Other, at::Tensor>) {
        if (op == RT_BINARY_COPY) { a.copy_(b); return; }
        if (op == RT_BINARY_MAXIMUM) { a.copy_(at::maximum(a, b)); return; }
        if (op == RT_BINARY_MINIMUM) { a.copy_(at::minimum(a, b)); return; }
    } else {
        if (op == RT_BINARY_COPY) { a.fill_(b); return; }
        if (op == RT_BINARY_MAXIMUM) { a.clamp_min_(b); return; }
        if (op == RT_BINARY_MINIMUM) { a.clamp_max_(b); return; }
    }
    TORCH_CHECK_VALUE(false, "binary op code ", op, " has no in-place form for these operands");
}

c10::optional<at::Scalar> bound(int32_t has, const rt_scalar& s) {
    if (!has) return c10::nullopt;
    return rt::scalar_of(s);
}

}  // namespace

extern "C" {

rt_tensor rt_unary(int32_t op, rt_tensor t) {
    RT_TRY RT_ARG(x, t); rt::SkipAutogradIfUnused skip(x); return rt::wrap(unary(op, x)); RT_CATCH(nullptr)
}
int32_t rt_unary_(int32_t op, rt_tensor t) {
    RT_TRY RT_ARG(x, t); unary_(op, const_cast<at::Tensor&>(x)); return 0; RT_CATCH(-1)
}
rt_tensor rt_binary(int32_t op, rt_tensor a, rt_tensor b) {
    RT_TRY RT_ARG(x, a); RT_ARG(y, b); rt::SkipAutogradIfUnused skip(x, y); return rt::wrap(binary(op, x, y)); RT_CATCH(nullptr)
}
rt_tensor rt_binary_scalar(int32_t op, rt_tensor a, rt_scalar b) {
    RT_TRY RT_ARG(x, a); rt::SkipAutogradIfUnused skip(x); return rt::wrap(binary(op, x, rt::scalar_of(b))); RT_CATCH(nullptr)
}
int32_t rt_binary_(int32_t op, rt_tensor a, rt_tensor b) {
    RT_TRY RT_ARG(x, a); RT_ARG(y, b); binary_(op, const_cast<at::Tensor&>(x), y); return 0; RT_CATCH(-1)
}
int32_t rt_binary_scalar_(int32_t op, rt_tensor a, rt_scalar b) {
    RT_TRY RT_ARG(x, a); binary_(op, const_cast<at::Tensor&>(x), rt::scalar_of(b)); return 0; RT_CATCH(-1)
}
rt_tensor rt_add_scaled(rt_tensor a, rt_tensor b, rt_scalar alpha) {
    RT_TRY RT_ARG(x, a); RT_ARG(y, b); rt::SkipAutogradIfUnused skip(x, y); return rt::wrap(at::add(x, y, rt::scalar_of(alpha))); RT_CATCH(nullptr)
}
int32_t rt_add_scaled_(rt_tensor a, rt_tensor b, rt_scalar alpha) {
    RT_TRY RT_ARG(x, a); RT_ARG(y, b); const_cast<at::Tensor&>(x).add_(y, rt::scalar_of(alpha)); return 0; RT_CATCH(-1)
}
rt_tensor rt_clamp(rt_tensor t, int32_t has_min, rt_scalar min, int32_t has_max, rt_scalar max) {
    RT_TRY RT_ARG(x, t); return rt::wrap(at::clamp(x, bound(has_min, min), bound(has_max, max))); RT_CATCH(nullptr)
}
int32_t rt_clamp_(rt_tensor t, int32_t has_min, rt_scalar min, int32_t has_max, rt_scalar max) {
    RT_TRY
    RT_ARG(x, t);
    at::clamp_(const_cast<at::Tensor&>(x), bound(has_min, min), bound(has_max, max));
    return 0;
    RT_CATCH(-1)
}
rt_tensor rt_clamp_tensor(rt_tensor t, rt_tensor min, rt_tensor max) {
    RT_TRY RT_ARG(x, t); return rt::wrap(at::clamp(x, rt::optional_of(min), rt::optional_of(max))); RT_CATCH(nullptr)
}
rt_tensor rt_addcmul(rt_tensor t, rt_tensor a, rt_tensor b, rt_scalar value) {
    RT_TRY RT_ARG(x, t); RT_ARG(p, a); RT_ARG(q, b); return rt::wrap(at::addcmul(x, p, q, rt::scalar_of(value))); RT_CATCH(nullptr)
}
rt_tensor rt_addcdiv(rt_tensor t, rt_tensor a, rt_tensor b, rt_scalar value) {
    RT_TRY RT_ARG(x, t); RT_ARG(p, a); RT_ARG(q, b); return rt::wrap(at::addcdiv(x, p, q, rt::scalar_of(value))); RT_CATCH(nullptr)
}
int32_t rt_addcmul_(rt_tensor t, rt_tensor a, rt_tensor b, rt_scalar value) {
    RT_TRY RT_ARG(x, t); RT_ARG(p, a); RT_ARG(q, b); const_cast<at::Tensor&>(x).addcmul_(p, q, rt::scalar_of(value)); return 0; RT_CATCH(-1)
}
int32_t rt_addcdiv_(rt_tensor t, rt_tensor a, rt_tensor b, rt_scalar value) {
    RT_TRY RT_ARG(x, t); RT_ARG(p, a); RT_ARG(q, b); const_cast<at::Tensor&>(x).addcdiv_(p, q, rt::scalar_of(value)); return 0; RT_CATCH(-1)
}
rt_tensor rt_lerp(rt_tensor t, rt_tensor end, rt_scalar weight) {
    RT_TRY RT_ARG(x, t); RT_ARG(e, end); return rt::wrap(at::lerp(x, e, rt::scalar_of(weight))); RT_CATCH(nullptr)
}
int32_t rt_lerp_(rt_tensor t, rt_tensor end, rt_scalar weight) {
    RT_TRY RT_ARG(x, t); RT_ARG(e, end); const_cast<at::Tensor&>(x).lerp_(e, rt::scalar_of(weight)); return 0; RT_CATCH(-1)
}
rt_tensor rt_leaky_relu(rt_tensor t, double negative_slope) {
    RT_TRY RT_ARG(x, t); return rt::wrap(at::leaky_relu(x, negative_slope)); RT_CATCH(nullptr)
}
rt_tensor rt_hardtanh(rt_tensor t, double min, double max) {
    RT_TRY RT_ARG(x, t); return rt::wrap(at::hardtanh(x, min, max)); RT_CATCH(nullptr)
}
rt_tensor rt_allclose_tensor(rt_tensor a, rt_tensor b, double rtol, double atol) {
    RT_TRY RT_ARG(x, a); RT_ARG(y, b); return rt::wrap(at::isclose(x, y, rtol, atol)); RT_CATCH(nullptr)
}
int32_t rt_allclose(rt_tensor a, rt_tensor b, double rtol, double atol, int32_t equal_nan) {
    RT_TRY RT_ARG(x, a); RT_ARG(y, b); return at::allclose(x, y, rtol, atol, equal_nan != 0) ? 1 : 0; RT_CATCH(-1)
}
int32_t rt_equal(rt_tensor a, rt_tensor b) {
    RT_TRY RT_ARG(x, a); RT_ARG(y, b); return at::equal(x, y) ? 1 : 0; RT_CATCH(-1)
}

}  // extern "C"
