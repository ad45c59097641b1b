using Research.Core.Data.Formats;
using Research.Core.Data.Images;
using TorchSharp;

namespace Research.Core.Tests.Data;

public sealed class CifarBinaryTests
{
    /// <summary>Records whose pixels encode (record, channel) so the layout can be checked: pixel = 10 * record + channel.</summary>
    private static byte[] Records(CifarKind kind, int count, int firstLabel)
    {
        var record = CifarBinary.RecordBytes(kind);
        var bytes = new byte[count * record];
        for (var r = 0; r < count; r++)
        {
            var offset = r * record;
            if (kind == CifarKind.Cifar100) bytes[offset++] = (byte)((firstLabel + r) % 20);
            bytes[offset++] = (byte)((firstLabel + r) % CifarBinary.Classes(kind));
            for (var c = 0; c < 3; c++)
                for (var p = 0; p < 1024; p++)
                    bytes[offset + c * 1024 + p] = (byte)(10 * r + c);
        }
        return bytes;
    }

    private static void WriteFolder(string folder, CifarKind kind)
    {
        var train = CifarBinary.TrainFiles(kind);
        for (var i = 0; i < train.Count; i++) File.WriteAllBytes(Path.Combine(folder, train[i]), Records(kind, 2, 2 * i));
        File.WriteAllBytes(Path.Combine(folder, CifarBinary.TestFile(kind)), Records(kind, 3, 7));
    }

    [Theory]
    [InlineData(CifarKind.Cifar10, 10)]
    [InlineData(CifarKind.Cifar100, 2)]
    public void Reads_labels_and_channel_planes_of_generated_batches(CifarKind kind, int trainCount)
    {
        using var folder = new TempFolder();
        WriteFolder(folder.Path, kind);
        var (train, test) = CifarBinary.ReadFolder(folder.Path, kind);
        Assert.Equal(trainCount, train.Count);
        Assert.Equal([7, 8, 9], test.Labels);
        Assert.Equal(kind == CifarKind.Cifar100 ? [7, 8, 9] : null, test.CoarseLabels);
        Assert.Equal(21, test.Images[2 * 3072 + 1024 + 5]);   // record 2, green plane
        Assert.Equal(20, test.Images[2 * 3072 + 1023]);       // record 2, last red pixel
    }

    [Fact]
    public void Loads_standardised_tensors_with_a_seeded_validation_split()
    {
        using var folder = new TempFolder();
        WriteFolder(folder.Path, CifarKind.Cifar10);
        File.WriteAllLines(folder.File("batches.meta.txt"), ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck", ""]);
        using var data = Cifar.Load(folder.Path, CifarKind.Cifar10, validation: 2, seed: 1);
        Assert.Equal(new long[] { 8, 3, 32, 32 }, data.Train.Images.shape);
        Assert.Equal(2, data.Valid.Count);
        Assert.Equal(3, data.Test.Count);
        Assert.Equal("truck", data.ClassNames[9]);
        using var scope = torch.NewDisposeScope();
        var channelMeans = data.Train.Images.mean([0L, 2L, 3L]).data<float>().ToArray();
        Assert.All(channelMeans, m => Assert.Equal(0.0, m, 5));
    }

    public static TheoryData<CifarKind, int, string> CorruptBatches() => new()
    {
        { CifarKind.Cifar10, 3073 * 2 - 100, "expected a whole number of 3073-byte Cifar10 records but found 6046 bytes (1 records and 2973 bytes left over)" },
        { CifarKind.Cifar100, 3074 + 1, "expected a whole number of 3074-byte Cifar100 records but found 3075 bytes" },
        { CifarKind.Cifar10, 0, "expected a whole number of 3073-byte Cifar10 records but found 0 bytes" },
    };

    [Theory]
    [MemberData(nameof(CorruptBatches))]
    public void Truncated_batches_are_named(CifarKind kind, int length, string message)
    {
        using var folder = new TempFolder();
        var path = folder.File("batch.bin");
        File.WriteAllBytes(path, Records(kind, 3, 0)[..length]);
        var e = Assert.Throws<InvalidDataException>(() => CifarBinary.ReadBatch(path, kind));
        Assert.StartsWith(path + ":", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Label_out_of_range_names_the_record()
    {
        using var folder = new TempFolder();
        var bytes = Records(CifarKind.Cifar10, 2, 0);
        bytes[3073] = 12;
        File.WriteAllBytes(folder.File("b.bin"), bytes);
        var e = Assert.Throws<InvalidDataException>(() => CifarBinary.ReadBatch(folder.File("b.bin"), CifarKind.Cifar10));
        Assert.Contains("record 1 has label 12: expected a Cifar10 class in [0, 9]", e.Message);
    }

    [Fact]
    public void Missing_training_batch_is_named()
    {
        using var folder = new TempFolder();
        WriteFolder(folder.Path, CifarKind.Cifar10);
        File.Delete(folder.File("data_batch_3.bin"));
        var e = Assert.Throws<FileNotFoundException>(() => CifarBinary.ReadFolder(folder.Path, CifarKind.Cifar10));
        Assert.Contains("data_batch_3.bin: expected a Cifar10 binary batch but the file does not exist", e.Message);
    }
}
