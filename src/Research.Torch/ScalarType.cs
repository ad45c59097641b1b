namespace Research.Torch;

/// <summary>Tensor element types. The values are c10::ScalarType codes, shared with the native shim.</summary>
public enum ScalarType
{
    Byte = 0,
    Int8 = 1,
    Int16 = 2,
    Int32 = 3,
    Int64 = 4,
    Float16 = 5,
    Float32 = 6,
    Float64 = 7,
    Bool = 11,
    BFloat16 = 15,
}

public static class ScalarTypeExtensions
{
    public static bool IsFloatingPoint(this ScalarType t) =>
        t is ScalarType.Float16 or ScalarType.Float32 or ScalarType.Float64 or ScalarType.BFloat16;

    public static bool IsIntegral(this ScalarType t, bool includeBool = false) =>
        t is ScalarType.Byte or ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 or ScalarType.Int64
        || (includeBool && t == ScalarType.Bool);

    public static int ElementSize(this ScalarType t) => t switch
    {
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        _ => 8,
    };

    /// <summary>PyTorch's name: float32, int64, bool, ...</summary>
    public static string PyTorchName(this ScalarType t) => t switch
    {
        ScalarType.Byte => "uint8",
        ScalarType.Int8 => "int8",
        ScalarType.Int16 => "int16",
        ScalarType.Int32 => "int32",
        ScalarType.Int64 => "int64",
        ScalarType.Float16 => "float16",
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.Bool => "bool",
        ScalarType.BFloat16 => "bfloat16",
        _ => t.ToString(),
    };

    /// <summary>The element type of a .NET array that can hold this dtype, or null.</summary>
    public static Type? ClrType(this ScalarType t) => t switch
    {
        ScalarType.Byte => typeof(byte),
        ScalarType.Int8 => typeof(sbyte),
        ScalarType.Int16 => typeof(short),
        ScalarType.Int32 => typeof(int),
        ScalarType.Int64 => typeof(long),
        ScalarType.Float32 => typeof(float),
        ScalarType.Float64 => typeof(double),
        ScalarType.Bool => typeof(bool),
        _ => null,
    };

    internal static ScalarType ForClrType(Type t) =>
        t == typeof(float) ? ScalarType.Float32
        : t == typeof(double) ? ScalarType.Float64
        : t == typeof(long) ? ScalarType.Int64
        : t == typeof(int) ? ScalarType.Int32
        : t == typeof(short) ? ScalarType.Int16
        : t == typeof(byte) ? ScalarType.Byte
        : t == typeof(sbyte) ? ScalarType.Int8
        : t == typeof(bool) ? ScalarType.Bool
        : throw new ArgumentException($"{t.Name} has no tensor dtype: use float, double, long, int, short, byte, sbyte or bool");
}
