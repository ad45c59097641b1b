using Research.Core.Data.Formats;
using Research.Core.Data.Images;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Experiments.Labo;

/// <summary>
/// The data of one LABO-R run: Fashion-MNIST from the kit's cache, or CIFAR-10/100 from a user's binary folder, with a
/// training subset and symmetric label noise on the training labels only (seeded); validation and test stay clean.
/// </summary>
public static class LaboData
{
    public static readonly string[] DataSets = ["fashion-mnist", "cifar10", "cifar100"];

    /// <summary>Loads the data set; noiseSeed fixes which labels flip (the run's seed, so seeds differ in noise too).</summary>
    public static ImageClassificationData Load(string dataSet, string? folder, int subset, int validation, double noiseRate, int noiseSeed)
    {
        var noise = noiseRate > 0 ? LabelNoiseKind.Symmetric : LabelNoiseKind.None;
        switch (dataSet)
        {
            case "fashion-mnist":
                return FashionMnist.Load(new FashionMnistOptions(validation, SplitSeed: 0, subset, noise, noiseRate, noiseSeed),
                    sourceFolder: folder ?? FashionMnistRecipe.DebianFolder);
            case "cifar10":
            case "cifar100":
                if (folder is null) throw new ArgumentException($"data set {dataSet}: dataFolder must name an unpacked CIFAR binary folder");
                var kind = dataSet == "cifar10" ? CifarKind.Cifar10 : CifarKind.Cifar100;
                return SubsetWithNoise(Cifar.Load(folder, kind, validation, seed: 0), CifarBinary.Classes(kind), subset, noiseRate, noiseSeed);
            default:
                throw new ArgumentException($"data set '{dataSet}': expected one of {string.Join(", ", DataSets)}");
        }
    }

    /// <summary>The first <paramref name="subset"/> training images of a seeded order (0: all), with symmetric noise on their labels.</summary>
    public static ImageClassificationData SubsetWithNoise(ImageClassificationData data, int classes, int subset, double noiseRate, int noiseSeed)
    {
        using (data)
        {
            var count = (int)data.Train.Count;
            if (subset < 0 || subset > count)
                throw new ArgumentOutOfRangeException(nameof(subset), $"subset is {subset}: expected [0, {count}] (0: all {count} training images)");
            using var scope = NewDisposeScope();
            var chosen = subset == 0 ? Enumerable.Range(0, count) : Data.SeededPermutation.Of(count, noiseSeed)[..subset].Order();
            var rows = tensor(chosen.Select(i => (long)i).ToArray());
            var clean = data.TrainCleanLabels.index_select(0, rows);
            var cleanBytes = clean.to(ScalarType.Byte).data<byte>().ToArray();
            var noisy = LabelNoise.Apply(cleanBytes, classes, noiseRate > 0 ? LabelNoiseKind.Symmetric : LabelNoiseKind.None, noiseRate, noiseSeed);
            var result = new ImageClassificationData(
                new ImageSplit(data.Train.Images.index_select(0, rows), tensor(noisy.Labels).to(ScalarType.Int64)),
                clean,
                new ImageSplit(data.Valid.Images.clone(), data.Valid.Labels.clone()),
                new ImageSplit(data.Test.Images.clone(), data.Test.Labels.clone()),
                data.ClassNames,
                data.Manifest);
            return result.DetachFromDisposeScope();
        }
    }
}
