using Research.Core.Data.Formats;

namespace Research.Core.Data.Images;

/// <summary>The raw uint8 images [n, h, w] and labels [n] of one MNIST-style split.</summary>
public sealed record RawImageSplit(byte[] Images, byte[] Labels, int Count, int Height, int Width, string ImagesPath, string LabelsPath);

/// <summary>
/// A folder in the MNIST layout (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, <c>t10k-...</c>, each
/// optionally <c>.gz</c>): MNIST, Fashion-MNIST, KMNIST and the like.
/// </summary>
public static class MnistStyleFolder
{
    public static RawImageSplit ReadTrain(string folder) => ReadSplit(folder, "train");

    public static RawImageSplit ReadTest(string folder) => ReadSplit(folder, "t10k");

    /// <summary>The path of <paramref name="stem"/> in the folder, gzip or plain; an error lists both names tried.</summary>
    public static string Locate(string folder, string stem)
    {
        var plain = Path.Combine(folder, stem);
        if (File.Exists(plain + ".gz")) return plain + ".gz";
        if (File.Exists(plain)) return plain;
        throw new FileNotFoundException($"{plain}.gz: expected an MNIST-style IDX file (or {plain}) but neither exists", plain + ".gz");
    }

    public static RawImageSplit ReadSplit(string folder, string prefix)
    {
        var imagesPath = Locate(folder, $"{prefix}-images-idx3-ubyte");
        var labelsPath = Locate(folder, $"{prefix}-labels-idx1-ubyte");
        var images = IdxFile.Read(imagesPath, IdxElementType.UInt8, 3);
        var labels = IdxFile.Read(labelsPath, IdxElementType.UInt8, 1);
        if (images.Shape[0] != labels.Shape[0])
            throw new InvalidDataException(
                $"{labelsPath}: expected {images.Shape[0]} labels, one per image in {imagesPath}, but found {labels.Shape[0]}");
        return new RawImageSplit((byte[])images.Data, (byte[])labels.Data, images.Shape[0], images.Shape[1], images.Shape[2], imagesPath, labelsPath);
    }
}
