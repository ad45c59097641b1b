namespace Research.Torch;

// C# operators. Comparisons return boolean tensors, as in PyTorch; == and != are left as reference
// equality (use eq / ne), because a tensor-valued == would break collections and null checks.
public sealed partial class Tensor
{
    public static Tensor operator +(Tensor a, Tensor b) => a.Binary(BinaryOp.Add, b);
    public static Tensor operator +(Tensor a, Scalar b) => a.Binary(BinaryOp.Add, b);
    public static Tensor operator +(Scalar a, Tensor b) => b.Binary(BinaryOp.Add, a);
    public static Tensor operator -(Tensor a, Tensor b) => a.Binary(BinaryOp.Sub, b);
    public static Tensor operator -(Tensor a, Scalar b) => a.Binary(BinaryOp.Sub, b);
    public static Tensor operator -(Scalar a, Tensor b) => b.Binary(BinaryOp.RSub, a);
    public static Tensor operator *(Tensor a, Tensor b) => a.Binary(BinaryOp.Mul, b);
    public static Tensor operator *(Tensor a, Scalar b) => a.Binary(BinaryOp.Mul, b);
    public static Tensor operator *(Scalar a, Tensor b) => b.Binary(BinaryOp.Mul, a);
    public static Tensor operator /(Tensor a, Tensor b) => a.Binary(BinaryOp.Div, b);
    public static Tensor operator /(Tensor a, Scalar b) => a.Binary(BinaryOp.Div, b);
    public static Tensor operator /(Scalar a, Tensor b) => b.Binary(BinaryOp.RDiv, a);
    public static Tensor operator %(Tensor a, Tensor b) => a.Binary(BinaryOp.Remainder, b);
    public static Tensor operator %(Tensor a, Scalar b) => a.Binary(BinaryOp.Remainder, b);
    public static Tensor operator -(Tensor a) => a.neg();

    public static Tensor operator <(Tensor a, Tensor b) => a.Binary(BinaryOp.Lt, b);
    public static Tensor operator <(Tensor a, Scalar b) => a.Binary(BinaryOp.Lt, b);
    public static Tensor operator >(Tensor a, Tensor b) => a.Binary(BinaryOp.Gt, b);
    public static Tensor operator >(Tensor a, Scalar b) => a.Binary(BinaryOp.Gt, b);
    public static Tensor operator <=(Tensor a, Tensor b) => a.Binary(BinaryOp.Le, b);
    public static Tensor operator <=(Tensor a, Scalar b) => a.Binary(BinaryOp.Le, b);
    public static Tensor operator >=(Tensor a, Tensor b) => a.Binary(BinaryOp.Ge, b);
    public static Tensor operator >=(Tensor a, Scalar b) => a.Binary(BinaryOp.Ge, b);

    public static Tensor operator &(Tensor a, Tensor b) => a.Binary(BinaryOp.BitwiseAnd, b);
    public static Tensor operator |(Tensor a, Tensor b) => a.Binary(BinaryOp.BitwiseOr, b);
    public static Tensor operator ^(Tensor a, Tensor b) => a.Binary(BinaryOp.BitwiseXor, b);
    public static Tensor operator !(Tensor a) => a.logical_not();

    /// <summary><c>scalar ** tensor</c>.</summary>
    public static Tensor pow(Scalar self, Tensor exponent) => exponent.Binary(BinaryOp.RPow, self);
}
