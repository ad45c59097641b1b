using System.Buffers.Binary;
using System.IO.Compression;

namespace Research.Core.Data.Formats;

/// <summary>
/// Reads and writes the IDX format of MNIST and Fashion-MNIST: a 4-byte magic number (two zero bytes, the element
/// type, the rank), one big-endian int32 per dimension, then the elements big-endian in row-major order.
/// Files may be gzip-compressed (detected by the gzip magic bytes 1f 8b), of any rank.
/// </summary>
public static class IdxFile
{
    /// <summary>Reads the file; every error names the file, what was expected and what was found.</summary>
    public static IdxArray Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: expected an IDX file but it does not exist", path);
        var raw = File.ReadAllBytes(path);
        var bytes = IsGzip(raw) ? Gunzip(path, raw) : raw;
        return Parse(path, bytes);
    }

    /// <summary>Reads and checks the element type and rank, e.g. labels must be a rank-1 uint8 array.</summary>
    public static IdxArray Read(string path, IdxElementType expectedType, int expectedRank)
    {
        var array = Read(path);
        if (array.Type != expectedType || array.Shape.Length != expectedRank)
            throw new InvalidDataException(
                $"{path}: expected a rank-{expectedRank} {expectedType} IDX array but found a rank-{array.Shape.Length} {array.Type} array of shape [{string.Join(", ", array.Shape)}]");
        return array;
    }

    public static void Write(string path, IdxArray array, bool gzip)
    {
        var bytes = Serialize(array);
        var temporary = $"{path}.tmp-{Environment.ProcessId}";
        using (var file = File.Create(temporary))
        {
            if (gzip)
            {
                using var zip = new GZipStream(file, CompressionLevel.Fastest);
                zip.Write(bytes);
            }
            else file.Write(bytes);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The IDX bytes (header and big-endian data) of an array.</summary>
    public static byte[] Serialize(IdxArray array)
    {
        if (array.Shape.Length is 0 or > 255)
            throw new ArgumentException($"an IDX array needs rank 1 to 255, got rank {array.Shape.Length}", nameof(array));
        var size = IdxArray.SizeOf(array.Type);
        var header = 4 + 4 * array.Shape.Length;
        var bytes = new byte[header + array.Count * size];
        bytes[2] = (byte)array.Type;
        bytes[3] = (byte)array.Shape.Length;
        for (var d = 0; d < array.Shape.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), array.Shape[d]);
        var body = bytes.AsSpan(header);
        switch (array.Data)
        {
            case byte[] b: b.CopyTo(body); break;
            case sbyte[] s: for (var i = 0; i < s.Length; i++) body[i] = (byte)s[i]; break;
            case short[] s: for (var i = 0; i < s.Length; i++) BinaryPrimitives.WriteInt16BigEndian(body[(2 * i)..], s[i]); break;
            case int[] v: for (var i = 0; i < v.Length; i++) BinaryPrimitives.WriteInt32BigEndian(body[(4 * i)..], v[i]); break;
            case float[] f: for (var i = 0; i < f.Length; i++) BinaryPrimitives.WriteSingleBigEndian(body[(4 * i)..], f[i]); break;
            case double[] f: for (var i = 0; i < f.Length; i++) BinaryPrimitives.WriteDoubleBigEndian(body[(8 * i)..], f[i]); break;
        }
        return bytes;
    }

    private static bool IsGzip(byte[] raw) => raw.Length >= 2 && raw[0] == 0x1f && raw[1] == 0x8b;

    private static byte[] Gunzip(string path, byte[] raw)
    {
        try
        {
            using var zip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream();
            zip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: expected gzip-compressed IDX data (it starts with 1f 8b) but decompression failed: {e.Message}", e);
        }
    }

    private static IdxArray Parse(string path, byte[] bytes)
    {
        if (bytes.Length < 4)
            throw new InvalidDataException($"{path}: expected an IDX header of at least 4 bytes but found {bytes.Length} bytes");
        if (bytes[0] != 0 || bytes[1] != 0)
            throw new InvalidDataException(
                $"{path}: expected an IDX magic number starting with two zero bytes (0x0000TTRR) but found 0x{bytes[0]:X2}{bytes[1]:X2}{bytes[2]:X2}{bytes[3]:X2}");
        var type = (IdxElementType)bytes[2];
        if (!Enum.IsDefined(type))
            throw new InvalidDataException(
                $"{path}: expected an IDX element type 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E in the magic number but found 0x{bytes[2]:X2}");
        int rank = bytes[3];
        if (rank == 0) throw new InvalidDataException($"{path}: expected an IDX rank of at least 1 but found 0");
        var header = 4 + 4 * rank;
        if (bytes.Length < header)
            throw new InvalidDataException($"{path}: expected a {header}-byte IDX header for rank {rank} but the data has {bytes.Length} bytes");
        var shape = new int[rank];
        long count = 1;
        for (var d = 0; d < rank; d++)
        {
            shape[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (shape[d] < 0) throw new InvalidDataException($"{path}: expected non-negative IDX dimensions but dimension {d} is {shape[d]}");
            count *= shape[d];
        }
        var size = IdxArray.SizeOf(type);
        var expected = header + count * size;
        if (bytes.LongLength != expected)
            throw new InvalidDataException(
                $"{path}: expected {expected} bytes ({header}-byte header + {count} {type} elements of shape [{string.Join(", ", shape)}]) but found {bytes.LongLength}" +
                (bytes.LongLength < expected ? " (truncated)" : " (trailing bytes)"));
        return new IdxArray(type, shape, Decode(type, bytes.AsSpan(header), (int)count));
    }

    private static Array Decode(IdxElementType type, ReadOnlySpan<byte> body, int count)
    {
        switch (type)
        {
            case IdxElementType.UInt8: return body.ToArray();
            case IdxElementType.Int8:
                var s8 = new sbyte[count];
                for (var i = 0; i < count; i++) s8[i] = (sbyte)body[i];
                return s8;
            case IdxElementType.Int16:
                var s16 = new short[count];
                for (var i = 0; i < count; i++) s16[i] = BinaryPrimitives.ReadInt16BigEndian(body[(2 * i)..]);
                return s16;
            case IdxElementType.Int32:
                var s32 = new int[count];
                for (var i = 0; i < count; i++) s32[i] = BinaryPrimitives.ReadInt32BigEndian(body[(4 * i)..]);
                return s32;
            case IdxElementType.Float32:
                var f32 = new float[count];
                for (var i = 0; i < count; i++) f32[i] = BinaryPrimitives.ReadSingleBigEndian(body[(4 * i)..]);
                return f32;
            default:
                var f64 = new double[count];
                for (var i = 0; i < count; i++) f64[i] = BinaryPrimitives.ReadDoubleBigEndian(body[(8 * i)..]);
                return f64;
        }
    }
}
