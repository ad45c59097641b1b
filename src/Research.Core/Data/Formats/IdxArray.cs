using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Data.Formats;

/// <summary>The element types of the IDX format (the third byte of the magic number).</summary>
public enum IdxElementType : byte
{
    UInt8 = 0x08,
    Int8 = 0x09,
    Int16 = 0x0B,
    Int32 = 0x0C,
    Float32 = 0x0D,
    Float64 = 0x0E,
}

/// <summary>
/// An IDX array in memory: its element type, its shape, and its elements in row-major order and native byte order
/// (<c>byte[]</c>, <c>sbyte[]</c>, <c>short[]</c>, <c>int[]</c>, <c>float[]</c> or <c>double[]</c>).
/// </summary>
public sealed record IdxArray
{
    public IdxElementType Type { get; }
    public int[] Shape { get; }
    public Array Data { get; }

    public IdxArray(IdxElementType type, int[] shape, Array data)
    {
        var expected = ClrTypeOf(type);
        if (data.GetType().GetElementType() != expected)
            throw new ArgumentException($"data holds {data.GetType().GetElementType()!.Name} but type {type} needs {expected.Name}[]", nameof(data));
        var count = shape.Aggregate(1L, (n, d) => n * d);
        if (shape.Any(d => d < 0) || count != data.Length)
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] holds {count} elements but data has {data.Length}", nameof(shape));
        Type = type;
        Shape = shape;
        Data = data;
    }

    public static IdxArray Of(byte[] data, params int[] shape) => new(IdxElementType.UInt8, shape, data);
    public static IdxArray Of(int[] data, params int[] shape) => new(IdxElementType.Int32, shape, data);
    public static IdxArray Of(float[] data, params int[] shape) => new(IdxElementType.Float32, shape, data);

    public long Count => Data.LongLength;

    public static int SizeOf(IdxElementType type) => type switch
    {
        IdxElementType.UInt8 or IdxElementType.Int8 => 1,
        IdxElementType.Int16 => 2,
        IdxElementType.Int32 or IdxElementType.Float32 => 4,
        IdxElementType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), $"unknown IDX element type 0x{(byte)type:X2}"),
    };

    public static Type ClrTypeOf(IdxElementType type) => type switch
    {
        IdxElementType.UInt8 => typeof(byte),
        IdxElementType.Int8 => typeof(sbyte),
        IdxElementType.Int16 => typeof(short),
        IdxElementType.Int32 => typeof(int),
        IdxElementType.Float32 => typeof(float),
        IdxElementType.Float64 => typeof(double),
        _ => throw new ArgumentOutOfRangeException(nameof(type), $"unknown IDX element type 0x{(byte)type:X2}"),
    };

    /// <summary>A tensor of the same shape and element type (uint8, int8, int16, int32, float32, float64).</summary>
    public Tensor ToTensor()
    {
        var shape = Shape.Select(d => (long)d).ToArray();
        return Data switch
        {
            byte[] b => torch.tensor(b, shape),
            sbyte[] s => torch.tensor(s, shape),
            short[] s => torch.tensor(s, shape),
            int[] i => torch.tensor(i, shape),
            float[] f => torch.tensor(f, shape),
            double[] d => torch.tensor(d, shape),
            _ => throw new InvalidOperationException($"IdxArray holds {Data.GetType().Name}, which has no tensor type"),
        };
    }
}
