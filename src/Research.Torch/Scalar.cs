using System.Runtime.InteropServices;

namespace Research.Torch;

/// <summary>A number passed to an operation (PyTorch's Scalar): a double, an integer or a bool.
/// Integer scalars keep integer tensors integer, as in PyTorch (<c>int_tensor + 2</c> stays int64).</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Scalar
{
    private readonly double f;
    private readonly long i;
    private readonly int kind;

    private Scalar(double f, long i, int kind)
    {
        this.f = f;
        this.i = i;
        this.kind = kind;
    }

    public static Scalar FromDouble(double value) => new(value, 0, 0);
    public static Scalar FromLong(long value) => new(0, value, 1);
    public static Scalar FromBool(bool value) => new(0, value ? 1 : 0, 2);

    public bool IsFloatingPoint => kind == 0;
    public double ToDouble() => kind == 0 ? f : i;
    public long ToLong() => kind == 0 ? (long)f : i;

    public static implicit operator Scalar(double value) => FromDouble(value);
    public static implicit operator Scalar(float value) => FromDouble(value);
    public static implicit operator Scalar(long value) => FromLong(value);
    public static implicit operator Scalar(int value) => FromLong(value);
    public static implicit operator Scalar(bool value) => FromBool(value);

    public override string ToString() => kind switch
    {
        0 => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        1 => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => i != 0 ? "True" : "False",
    };
}
