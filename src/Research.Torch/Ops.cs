namespace Research.Torch;

// Op codes shared with native/include/research_torch.h (rt_unary_op, rt_binary_op, rt_reduce_op).
internal enum UnaryOp
{
    Neg, Abs, Exp, Log, Log1p, Sqrt, Rsqrt, Sign, Tanh, Sigmoid, Relu, Gelu, Sin, Cos, Floor, Ceil, Round,
    Trunc, Square, Reciprocal, Erf, Expm1, Log2, Silu, LogicalNot, IsNan, IsInf, IsFinite, GeluTanh,
    Softplus, Elu, Selu, LogSigmoid, Zero,
}

internal enum BinaryOp
{
    Add, Sub, Mul, Div, Pow, Remainder, Maximum, Minimum, Eq, Ne, Lt, Le, Gt, Ge, LogicalAnd, LogicalOr,
    LogicalXor, Atan2, FloorDivide, BitwiseAnd, BitwiseOr, BitwiseXor, RSub, RDiv, RPow, Copy,
}

internal enum ReduceOp
{
    Sum, Mean, Prod, LogSumExp, AMax, AMin, All, Any,
}

internal static class OpNames
{
    private static readonly string[] Unary =
    [
        "neg", "abs", "exp", "log", "log1p", "sqrt", "rsqrt", "sign", "tanh", "sigmoid", "relu", "gelu", "sin",
        "cos", "floor", "ceil", "round", "trunc", "square", "reciprocal", "erf", "expm1", "log2", "silu",
        "logical_not", "isnan", "isinf", "isfinite", "gelu", "softplus", "elu", "selu", "logsigmoid", "zero",
    ];

    private static readonly string[] Binary =
    [
        "add", "sub", "mul", "div", "pow", "remainder", "maximum", "minimum", "eq", "ne", "lt", "le", "gt", "ge",
        "logical_and", "logical_or", "logical_xor", "atan2", "floor_divide", "bitwise_and", "bitwise_or",
        "bitwise_xor", "rsub", "div", "pow", "copy",
    ];

    private static readonly string[] Reduce = ["sum", "mean", "prod", "logsumexp", "amax", "amin", "all", "any"];

    internal static string Of(UnaryOp op) => Unary[(int)op];
    internal static string Of(BinaryOp op) => Binary[(int)op];
    internal static string Of(ReduceOp op) => Reduce[(int)op];
}
