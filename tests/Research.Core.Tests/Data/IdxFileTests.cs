using System.IO.Compression;
using Research.Core.Data.Formats;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Data;

public sealed class IdxFileTests
{
    public static TheoryData<string, bool> RoundTripCases() => new()
    {
        { "uint8-rank3", false }, { "uint8-rank3", true }, { "int8-rank1", false }, { "int16-rank2", true },
        { "int32-rank1", false }, { "float32-rank4", true }, { "float64-rank2", false },
    };

    private static IdxArray Sample(string name) => name switch
    {
        "uint8-rank3" => IdxArray.Of(Enumerable.Range(0, 24).Select(i => (byte)(i * 10)).ToArray(), 2, 3, 4),
        "int8-rank1" => new IdxArray(IdxElementType.Int8, [4], new sbyte[] { -128, -1, 0, 127 }),
        "int16-rank2" => new IdxArray(IdxElementType.Int16, [2, 2], new short[] { -32768, -2, 300, 32767 }),
        "int32-rank1" => IdxArray.Of(new[] { int.MinValue, -1, 0, 70000, int.MaxValue }, 5),
        "float32-rank4" => IdxArray.Of(Enumerable.Range(0, 16).Select(i => i * 0.25f - 1f).ToArray(), 1, 2, 2, 4),
        "float64-rank2" => new IdxArray(IdxElementType.Float64, [3, 1], new[] { Math.PI, -1e300, 0.0 }),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(RoundTripCases))]
    public void Writes_and_reads_back_every_type_and_rank(string name, bool gzip)
    {
        using var folder = new TempFolder();
        var array = Sample(name);
        var path = folder.File("a.idx");
        IdxFile.Write(path, array, gzip);
        var read = IdxFile.Read(path);
        Assert.Equal(array.Type, read.Type);
        Assert.Equal(array.Shape, read.Shape);
        Assert.Equal(array.Data, read.Data);
        Assert.Equal(gzip, File.ReadAllBytes(path)[0] == 0x1f);
    }

    [Fact]
    public void Header_is_big_endian_with_the_mnist_magic()
    {
        var bytes = IdxFile.Serialize(IdxArray.Of(new byte[6], 2, 3));
        Assert.Equal(new byte[] { 0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3 }, bytes[..12]);
        Assert.Equal(18, bytes.Length);
        Assert.Equal(new byte[] { 0x12, 0x34, 0x56, 0x78 }, IdxFile.Serialize(IdxArray.Of(new[] { 0x12345678 }, 1))[8..]);
    }

    [Fact]
    public void Reads_to_a_tensor_of_the_same_shape_and_type()
    {
        using var folder = new TempFolder();
        IdxFile.Write(folder.File("x.idx"), Sample("uint8-rank3"), gzip: true);
        using var t = IdxFile.Read(folder.File("x.idx")).ToTensor();
        Assert.Equal(new long[] { 2, 3, 4 }, t.shape);
        Assert.Equal(ScalarType.Byte, t.dtype);
        Assert.Equal(230, t.data<byte>().ToArray()[23]);
    }

    public static TheoryData<string, byte[], string> CorruptCases() => new()
    {
        { "text file", "hello world"u8.ToArray(), "expected an IDX magic number starting with two zero bytes" },
        { "unknown type", [0, 0, 0x07, 1, 0, 0, 0, 1, 5], "expected an IDX element type" },
        { "rank 0", [0, 0, 0x08, 0], "expected an IDX rank of at least 1 but found 0" },
        { "short header", [0, 0, 0x08, 2, 0, 0, 0, 1], "expected a 12-byte IDX header for rank 2 but the data has 8 bytes" },
        { "truncated data", [0, 0, 0x08, 1, 0, 0, 0, 4, 1, 2], "expected 12 bytes (8-byte header + 4 UInt8 elements of shape [4]) but found 10 (truncated)" },
        { "trailing bytes", [0, 0, 0x08, 1, 0, 0, 0, 1, 1, 2], "expected 9 bytes (8-byte header + 1 UInt8 elements of shape [1]) but found 10 (trailing bytes)" },
        { "negative dimension", [0, 0, 0x08, 1, 0xff, 0xff, 0xff, 0xff], "expected non-negative IDX dimensions but dimension 0 is -1" },
        { "bad gzip", [0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], "expected gzip-compressed IDX data (it starts with 1f 8b) but decompression failed" },
        { "tiny", [0, 0], "expected an IDX header of at least 4 bytes but found 2 bytes" },
    };

    [Theory]
    [MemberData(nameof(CorruptCases))]
    public void Corrupt_files_name_the_file_the_expectation_and_the_finding(string why, byte[] content, string message)
    {
        using var folder = new TempFolder();
        var path = folder.File($"{why.Replace(' ', '-')}.idx");
        File.WriteAllBytes(path, content);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.StartsWith(path + ":", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Truncated_gzip_is_reported()
    {
        using var folder = new TempFolder();
        var path = folder.File("labels.gz");
        IdxFile.Write(path, IdxArray.Of(Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 % 251)).ToArray(), 5000), gzip: true);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.ThrowsAny<InvalidDataException>(() => IdxFile.Read(path));
        Assert.StartsWith(path + ":", e.Message);
        Assert.Matches("decompression failed|truncated", e.Message);
    }

    [Fact]
    public void Missing_file_and_wrong_rank_are_named()
    {
        using var folder = new TempFolder();
        var missing = folder.File("none.idx");
        Assert.Contains($"{missing}: expected an IDX file but it does not exist", Assert.Throws<FileNotFoundException>(() => IdxFile.Read(missing)).Message);
        IdxFile.Write(folder.File("images.idx"), Sample("uint8-rank3"), gzip: false);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(folder.File("images.idx"), IdxElementType.UInt8, 1));
        Assert.Contains("expected a rank-1 UInt8 IDX array but found a rank-3 UInt8 array of shape [2, 3, 4]", e.Message);
    }

    [Fact]
    public void Array_checks_its_shape_against_its_data()
    {
        var e = Assert.Throws<ArgumentException>(() => IdxArray.Of(new byte[5], 2, 3));
        Assert.Contains("shape [2, 3] holds 6 elements but data has 5", e.Message);
    }
}
