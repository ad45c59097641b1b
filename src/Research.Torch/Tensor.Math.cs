using Research.Torch.Native;

namespace Research.Torch;

// Elementwise maths and comparisons; in-place forms end with an underscore, as in PyTorch.
public sealed partial class Tensor
{
    public Tensor neg() => Unary(UnaryOp.Neg);
    public Tensor abs() => Unary(UnaryOp.Abs);
    public Tensor exp() => Unary(UnaryOp.Exp);
    public Tensor log() => Unary(UnaryOp.Log);
    public Tensor log1p() => Unary(UnaryOp.Log1p);
    public Tensor log2() => Unary(UnaryOp.Log2);
    public Tensor expm1() => Unary(UnaryOp.Expm1);
    public Tensor sqrt() => Unary(UnaryOp.Sqrt);
    public Tensor rsqrt() => Unary(UnaryOp.Rsqrt);
    public Tensor sign() => Unary(UnaryOp.Sign);
    public Tensor tanh() => Unary(UnaryOp.Tanh);
    public Tensor sigmoid() => Unary(UnaryOp.Sigmoid);
    public Tensor relu() => Unary(UnaryOp.Relu);
    /// <summary>GELU; approximate "tanh" uses the tanh formula, "none" the exact erf form.</summary>
    public Tensor gelu(string approximate = "none") => approximate switch
    {
        "none" => Unary(UnaryOp.Gelu),
        "tanh" => Unary(UnaryOp.GeluTanh),
        _ => throw new ArgumentException($"gelu: approximate must be 'none' or 'tanh', got '{approximate}'", nameof(approximate)),
    };
    public Tensor silu() => Unary(UnaryOp.Silu);
    public Tensor softplus() => Unary(UnaryOp.Softplus);
    public Tensor elu() => Unary(UnaryOp.Elu);
    public Tensor selu() => Unary(UnaryOp.Selu);
    public Tensor logsigmoid() => Unary(UnaryOp.LogSigmoid);
    public Tensor sin() => Unary(UnaryOp.Sin);
    public Tensor cos() => Unary(UnaryOp.Cos);
    public Tensor floor() => Unary(UnaryOp.Floor);
    public Tensor ceil() => Unary(UnaryOp.Ceil);
    public Tensor round() => Unary(UnaryOp.Round);
    public Tensor trunc() => Unary(UnaryOp.Trunc);
    public Tensor square() => Unary(UnaryOp.Square);
    public Tensor reciprocal() => Unary(UnaryOp.Reciprocal);
    public Tensor erf() => Unary(UnaryOp.Erf);
    public Tensor logical_not() => Unary(UnaryOp.LogicalNot);
    public Tensor isnan() => Unary(UnaryOp.IsNan);
    public Tensor isinf() => Unary(UnaryOp.IsInf);
    public Tensor isfinite() => Unary(UnaryOp.IsFinite);

    public Tensor leaky_relu(double negative_slope = 0.01) => Keep(LibTorch.rt_leaky_relu(Handle, negative_slope), "leaky_relu");
    public Tensor hardtanh(double min_val = -1, double max_val = 1) => Keep(LibTorch.rt_hardtanh(Handle, min_val, max_val), "hardtanh");

    public Tensor neg_() => UnaryInPlace(UnaryOp.Neg);
    public Tensor abs_() => UnaryInPlace(UnaryOp.Abs);
    public Tensor exp_() => UnaryInPlace(UnaryOp.Exp);
    public Tensor log_() => UnaryInPlace(UnaryOp.Log);
    public Tensor sqrt_() => UnaryInPlace(UnaryOp.Sqrt);
    public Tensor tanh_() => UnaryInPlace(UnaryOp.Tanh);
    public Tensor sigmoid_() => UnaryInPlace(UnaryOp.Sigmoid);
    public Tensor relu_() => UnaryInPlace(UnaryOp.Relu);
    public Tensor square_() => UnaryInPlace(UnaryOp.Square);
    public Tensor reciprocal_() => UnaryInPlace(UnaryOp.Reciprocal);
    public Tensor zero_() => UnaryInPlace(UnaryOp.Zero);

    public Tensor add(Tensor other) => Binary(BinaryOp.Add, other);
    public Tensor add(Scalar other) => Binary(BinaryOp.Add, other);
    /// <summary><c>this + alpha * other</c>.</summary>
    public Tensor add(Tensor other, Scalar alpha)
    {
        var r = Native.LibTorch.rt_add_scaled(Handle, other.Handle, alpha);
        GC.KeepAlive(other);
        return Keep(r, "add");
    }
    public Tensor sub(Tensor other) => Binary(BinaryOp.Sub, other);
    public Tensor sub(Scalar other) => Binary(BinaryOp.Sub, other);
    public Tensor mul(Tensor other) => Binary(BinaryOp.Mul, other);
    public Tensor mul(Scalar other) => Binary(BinaryOp.Mul, other);
    public Tensor div(Tensor other) => Binary(BinaryOp.Div, other);
    public Tensor div(Scalar other) => Binary(BinaryOp.Div, other);
    public Tensor pow(Tensor exponent) => Binary(BinaryOp.Pow, exponent);
    public Tensor pow(Scalar exponent) => Binary(BinaryOp.Pow, exponent);
    public Tensor remainder(Tensor other) => Binary(BinaryOp.Remainder, other);
    public Tensor remainder(Scalar other) => Binary(BinaryOp.Remainder, other);
    public Tensor floor_divide(Tensor other) => Binary(BinaryOp.FloorDivide, other);
    public Tensor floor_divide(Scalar other) => Binary(BinaryOp.FloorDivide, other);
    public Tensor maximum(Tensor other) => Binary(BinaryOp.Maximum, other);
    public Tensor minimum(Tensor other) => Binary(BinaryOp.Minimum, other);
    public Tensor atan2(Tensor other) => Binary(BinaryOp.Atan2, other);

    public Tensor eq(Tensor other) => Binary(BinaryOp.Eq, other);
    public Tensor eq(Scalar other) => Binary(BinaryOp.Eq, other);
    public Tensor ne(Tensor other) => Binary(BinaryOp.Ne, other);
    public Tensor ne(Scalar other) => Binary(BinaryOp.Ne, other);
    public Tensor lt(Tensor other) => Binary(BinaryOp.Lt, other);
    public Tensor lt(Scalar other) => Binary(BinaryOp.Lt, other);
    public Tensor le(Tensor other) => Binary(BinaryOp.Le, other);
    public Tensor le(Scalar other) => Binary(BinaryOp.Le, other);
    public Tensor gt(Tensor other) => Binary(BinaryOp.Gt, other);
    public Tensor gt(Scalar other) => Binary(BinaryOp.Gt, other);
    public Tensor ge(Tensor other) => Binary(BinaryOp.Ge, other);
    public Tensor ge(Scalar other) => Binary(BinaryOp.Ge, other);
    public Tensor logical_and(Tensor other) => Binary(BinaryOp.LogicalAnd, other);
    public Tensor logical_or(Tensor other) => Binary(BinaryOp.LogicalOr, other);
    public Tensor logical_xor(Tensor other) => Binary(BinaryOp.LogicalXor, other);

    public Tensor add_(Tensor other) => BinaryInPlace(BinaryOp.Add, other);
    public Tensor add_(Scalar other) => BinaryInPlace(BinaryOp.Add, other);
    /// <summary>In place: <c>this += alpha * other</c>.</summary>
    public Tensor add_(Tensor other, Scalar alpha)
    {
        LibTorch.Check(LibTorch.rt_add_scaled_(Handle, other.Handle, alpha), "add_");
        GC.KeepAlive(other);
        GC.KeepAlive(this);
        return this;
    }
    public Tensor sub_(Tensor other) => BinaryInPlace(BinaryOp.Sub, other);
    public Tensor sub_(Scalar other) => BinaryInPlace(BinaryOp.Sub, other);
    public Tensor mul_(Tensor other) => BinaryInPlace(BinaryOp.Mul, other);
    public Tensor mul_(Scalar other) => BinaryInPlace(BinaryOp.Mul, other);
    public Tensor div_(Tensor other) => BinaryInPlace(BinaryOp.Div, other);
    public Tensor div_(Scalar other) => BinaryInPlace(BinaryOp.Div, other);
    public Tensor pow_(Scalar exponent) => BinaryInPlace(BinaryOp.Pow, exponent);
    public Tensor maximum_(Tensor other) => BinaryInPlace(BinaryOp.Maximum, other);
    public Tensor minimum_(Tensor other) => BinaryInPlace(BinaryOp.Minimum, other);
    /// <summary>Copies (broadcasting) src into this tensor.</summary>
    public Tensor copy_(Tensor src) => BinaryInPlace(BinaryOp.Copy, src);
    public Tensor fill_(Scalar value) => BinaryInPlace(BinaryOp.Copy, value);

    public Tensor clamp(Scalar? min = null, Scalar? max = null)
    {
        RequireBound(min, max, "clamp");
        return Keep(LibTorch.rt_clamp(Handle, min.HasValue ? 1 : 0, min ?? 0, max.HasValue ? 1 : 0, max ?? 0), "clamp");
    }

    public Tensor clamp(Tensor? min, Tensor? max)
    {
        if (min is null && max is null) throw new ArgumentException("clamp: at least one of min or max must be given");
        var r = LibTorch.rt_clamp_tensor(Handle, HandleOrZero(min), HandleOrZero(max));
        GC.KeepAlive(min);
        GC.KeepAlive(max);
        return Keep(r, "clamp");
    }

    public Tensor clamp_min(Scalar min) => clamp(min, null);
    public Tensor clamp_max(Scalar max) => clamp(null, max);

    public Tensor clamp_(Scalar? min = null, Scalar? max = null)
    {
        RequireBound(min, max, "clamp_");
        LibTorch.Check(LibTorch.rt_clamp_(Handle, min.HasValue ? 1 : 0, min ?? 0, max.HasValue ? 1 : 0, max ?? 0), "clamp_");
        GC.KeepAlive(this);
        return this;
    }

    private static void RequireBound(Scalar? min, Scalar? max, string op)
    {
        if (!min.HasValue && !max.HasValue) throw new ArgumentException($"{op}: at least one of min or max must be given");
    }

    /// <summary><c>this + value * t1 * t2</c>.</summary>
    public Tensor addcmul(Tensor tensor1, Tensor tensor2, Scalar? value = null) =>
        Ternary(LibTorch.rt_addcmul(Handle, tensor1.Handle, tensor2.Handle, value ?? 1), tensor1, tensor2, "addcmul");

    /// <summary><c>this + value * t1 / t2</c>.</summary>
    public Tensor addcdiv(Tensor tensor1, Tensor tensor2, Scalar? value = null) =>
        Ternary(LibTorch.rt_addcdiv(Handle, tensor1.Handle, tensor2.Handle, value ?? 1), tensor1, tensor2, "addcdiv");

    public Tensor addcmul_(Tensor tensor1, Tensor tensor2, Scalar? value = null) =>
        TernaryInPlace(LibTorch.rt_addcmul_(Handle, tensor1.Handle, tensor2.Handle, value ?? 1), tensor1, tensor2, "addcmul_");

    public Tensor addcdiv_(Tensor tensor1, Tensor tensor2, Scalar? value = null) =>
        TernaryInPlace(LibTorch.rt_addcdiv_(Handle, tensor1.Handle, tensor2.Handle, value ?? 1), tensor1, tensor2, "addcdiv_");

    /// <summary><c>this + weight * (end - this)</c>.</summary>
    public Tensor lerp(Tensor end, Scalar weight) =>
        Ternary(LibTorch.rt_lerp(Handle, end.Handle, weight), end, end, "lerp");

    public Tensor lerp_(Tensor end, Scalar weight) =>
        TernaryInPlace(LibTorch.rt_lerp_(Handle, end.Handle, weight), end, end, "lerp_");

    private Tensor Ternary(IntPtr result, Tensor a, Tensor b, string op)
    {
        GC.KeepAlive(a);
        GC.KeepAlive(b);
        return Keep(result, op);
    }

    private Tensor TernaryInPlace(int status, Tensor a, Tensor b, string op)
    {
        LibTorch.Check(status, op);
        GC.KeepAlive(a);
        GC.KeepAlive(b);
        GC.KeepAlive(this);
        return this;
    }

    /// <summary>Elementwise closeness: |a - b| &lt;= atol + rtol |b|.</summary>
    public bool allclose(Tensor other, double rtol = 1e-5, double atol = 1e-8, bool equal_nan = false)
    {
        var r = LibTorch.rt_allclose(Handle, other.Handle, rtol, atol, equal_nan ? 1 : 0);
        GC.KeepAlive(other);
        GC.KeepAlive(this);
        return LibTorch.Check(r, "allclose") != 0;
    }

    public Tensor isclose(Tensor other, double rtol = 1e-5, double atol = 1e-8)
    {
        var r = LibTorch.rt_allclose_tensor(Handle, other.Handle, rtol, atol);
        GC.KeepAlive(other);
        return Keep(r, "isclose");
    }

    /// <summary>True when both tensors have the same shape and the same values.</summary>
    public bool equal(Tensor other)
    {
        var r = LibTorch.rt_equal(Handle, other.Handle);
        GC.KeepAlive(other);
        GC.KeepAlive(this);
        return LibTorch.Check(r, "equal") != 0;
    }
}
