namespace Research.Torch;

/// <summary>The PyTorch-style entry point: <c>torch.zeros(2, 3)</c>, <c>torch.float64</c>, <c>torch.nn.functional</c>.</summary>
public static partial class torch
{
    public const ScalarType uint8 = ScalarType.Byte;
    public const ScalarType int8 = ScalarType.Int8;
    public const ScalarType int16 = ScalarType.Int16;
    public const ScalarType int32 = ScalarType.Int32;
    public const ScalarType int64 = ScalarType.Int64;
    public const ScalarType float16 = ScalarType.Float16;
    public const ScalarType bfloat16 = ScalarType.BFloat16;
    public const ScalarType float32 = ScalarType.Float32;
    public const ScalarType float64 = ScalarType.Float64;
    public const ScalarType @bool = ScalarType.Bool;
    public const ScalarType @float = ScalarType.Float32;
    public const ScalarType @double = ScalarType.Float64;
    public const ScalarType @long = ScalarType.Int64;
    public const ScalarType @int = ScalarType.Int32;

    public static readonly Device CPU = Device.CPU;

    public static Device device(string text) => Device.Parse(text);

    /// <summary>Opens a scope that disposes every tensor created in it on this thread (see <see cref="DisposeScope"/>).</summary>
    public static DisposeScope NewDisposeScope() => new();

    internal static int Code(ScalarType? dtype) => dtype.HasValue ? (int)dtype.Value : -1;

    internal static int Code(Device? device) => device?.Code ?? 0;
}
