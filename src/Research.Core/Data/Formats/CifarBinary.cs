namespace Research.Core.Data.Formats;

public enum CifarKind
{
    /// <summary>Records of 1 label byte + 3072 pixel bytes; files data_batch_1..5.bin and test_batch.bin.</summary>
    Cifar10,

    /// <summary>Records of 2 label bytes (coarse, fine) + 3072 pixel bytes; files train.bin and test.bin.</summary>
    Cifar100,
}

/// <summary>Images uint8 [n, 3, 32, 32] (channel planes R, G, B, rows top to bottom) and labels of CIFAR binary batches.</summary>
public sealed record CifarBatch(byte[] Images, byte[] Labels, byte[]? CoarseLabels, int Count)
{
    public const int Side = 32;
    public const int PixelBytes = 3 * Side * Side;

    public static CifarBatch Concatenate(IReadOnlyList<CifarBatch> batches) => new(
        batches.SelectMany(b => b.Images).ToArray(),
        batches.SelectMany(b => b.Labels).ToArray(),
        batches.All(b => b.CoarseLabels is not null) ? batches.SelectMany(b => b.CoarseLabels!).ToArray() : null,
        batches.Sum(b => b.Count));
}

/// <summary>Reads the binary versions of CIFAR-10 and CIFAR-100 (the "*-binary.tar.gz" downloads, unpacked).</summary>
public static class CifarBinary
{
    public static int Classes(CifarKind kind) => kind == CifarKind.Cifar10 ? 10 : 100;

    public static int RecordBytes(CifarKind kind) => (kind == CifarKind.Cifar10 ? 1 : 2) + CifarBatch.PixelBytes;

    /// <summary>Reads one batch file; a length that is not a whole number of records or a label out of range is an error.</summary>
    public static CifarBatch ReadBatch(string path, CifarKind kind)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: expected a {kind} binary batch but the file does not exist", path);
        var bytes = File.ReadAllBytes(path);
        var record = RecordBytes(kind);
        if (bytes.Length == 0 || bytes.Length % record != 0)
            throw new InvalidDataException(
                $"{path}: expected a whole number of {record}-byte {kind} records but found {bytes.Length} bytes " +
                $"({bytes.Length / record} records and {bytes.Length % record} bytes left over)");
        var count = bytes.Length / record;
        var labelBytes = record - CifarBatch.PixelBytes;
        var images = new byte[(long)count * CifarBatch.PixelBytes];
        var labels = new byte[count];
        var coarse = kind == CifarKind.Cifar100 ? new byte[count] : null;
        for (var r = 0; r < count; r++)
        {
            var offset = r * record;
            labels[r] = bytes[offset + labelBytes - 1];
            if (labels[r] >= Classes(kind))
                throw new InvalidDataException($"{path}: record {r} has label {labels[r]}: expected a {kind} class in [0, {Classes(kind) - 1}]");
            if (coarse is not null)
            {
                coarse[r] = bytes[offset];
                if (coarse[r] >= 20) throw new InvalidDataException($"{path}: record {r} has coarse label {coarse[r]}: expected [0, 19]");
            }
            Buffer.BlockCopy(bytes, offset + labelBytes, images, r * CifarBatch.PixelBytes, CifarBatch.PixelBytes);
        }
        return new CifarBatch(images, labels, coarse, count);
    }

    public static IReadOnlyList<string> TrainFiles(CifarKind kind) =>
        kind == CifarKind.Cifar10 ? Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin").ToArray() : ["train.bin"];

    public static string TestFile(CifarKind kind) => kind == CifarKind.Cifar10 ? "test_batch.bin" : "test.bin";

    /// <summary>The training batches (concatenated) and the test batch of an unpacked CIFAR binary folder.</summary>
    public static (CifarBatch Train, CifarBatch Test) ReadFolder(string folder, CifarKind kind)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"{folder}: expected a {kind} binary folder ({string.Join(", ", TrainFiles(kind))}, {TestFile(kind)}) but it does not exist");
        var train = CifarBatch.Concatenate(TrainFiles(kind).Select(f => ReadBatch(Path.Combine(folder, f), kind)).ToList());
        return (train, ReadBatch(Path.Combine(folder, TestFile(kind)), kind));
    }

    /// <summary>Class names from <c>batches.meta.txt</c> (CIFAR-10) or <c>fine_label_names.txt</c> (CIFAR-100), or numbers when absent.</summary>
    public static IReadOnlyList<string> ClassNames(string folder, CifarKind kind)
    {
        var path = Path.Combine(folder, kind == CifarKind.Cifar10 ? "batches.meta.txt" : "fine_label_names.txt");
        var names = File.Exists(path)
            ? TextFile.ReadLines(path, "one class name a line").Select(l => l.Trim()).Where(l => l.Length > 0).ToArray()
            : [];
        if (names.Length == Classes(kind)) return names;
        return Enumerable.Range(0, Classes(kind)).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }
}
