using System.Globalization;
using Research.Core.Data.Cache;
using Research.Core.Data.Formats;
using Research.Core.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Data.Images;

/// <summary>The options of a Fashion-MNIST variant (see <see cref="FashionMnistRecipe"/>).</summary>
public sealed record FashionMnistOptions(
    int Validation = 5000,
    int SplitSeed = 0,
    int Subset = 0,
    LabelNoiseKind Noise = LabelNoiseKind.None,
    double NoiseRate = 0,
    int NoiseSeed = 0)
{
    public IReadOnlyDictionary<string, string> ToDictionary() => new Dictionary<string, string>
    {
        ["validation"] = Validation.ToString(CultureInfo.InvariantCulture),
        ["split-seed"] = SplitSeed.ToString(CultureInfo.InvariantCulture),
        ["subset"] = Subset.ToString(CultureInfo.InvariantCulture),
        ["noise"] = LabelNoise.NameOf(Noise),
        ["noise-rate"] = NoiseRate.ToString("R", CultureInfo.InvariantCulture),
        ["noise-seed"] = NoiseSeed.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>Loads Fashion-MNIST as normalised tensors, preparing the variant in the cache first if needed.</summary>
public static class FashionMnist
{
    /// <summary>
    /// Train / validation / test tensors. Images are (x/255 - mean) / std with the training-set moments recorded in
    /// the manifest (about 0.2860 and 0.3530), or x/255 when <paramref name="normalise"/> is false.
    /// </summary>
    public static ImageClassificationData Load(
        FashionMnistOptions? options = null, DataCache? cache = null, bool normalise = true,
        PrepareSettings? settings = null, string sourceFolder = FashionMnistRecipe.DebianFolder)
    {
        var recipe = new FashionMnistRecipe(sourceFolder);
        var prepared = recipe.Prepare(cache ?? DataCache.Resolve(), (options ?? new FashionMnistOptions()).ToDictionary(), settings);
        var folder = prepared.Folder;
        var trainIndex = (int[])IdxFile.Read(Path.Combine(folder, "train-index.idx"), IdxElementType.Int32, 1).Data;
        var trainLabels = (byte[])IdxFile.Read(Path.Combine(folder, "train-labels.idx"), IdxElementType.UInt8, 1).Data;
        var validIndex = (int[])IdxFile.Read(Path.Combine(folder, "valid-index.idx"), IdxElementType.Int32, 1).Data;
        var train = MnistStyleFolder.ReadTrain(sourceFolder);
        var test = MnistStyleFolder.ReadTest(sourceFolder);
        var mean = normalise ? prepared.Manifest.Statistics["pixel_mean"]!.GetValue<double>() : 0.0;
        var std = normalise ? prepared.Manifest.Statistics["pixel_std"]!.GetValue<double>() : 1.0;

        using var scope = torch.NewDisposeScope();
        var allTrain = Images(train, mean, std);
        var allTrainLabels = torch.tensor(train.Labels).to(ScalarType.Int64);
        var trainRows = torch.tensor(trainIndex).to(ScalarType.Int64);
        var validRows = torch.tensor(validIndex).to(ScalarType.Int64);
        var data = new ImageClassificationData(
            new ImageSplit(allTrain.index_select(0, trainRows), torch.tensor(trainLabels).to(ScalarType.Int64)),
            allTrainLabels.index_select(0, trainRows),
            new ImageSplit(allTrain.index_select(0, validRows), allTrainLabels.index_select(0, validRows)),
            new ImageSplit(Images(test, mean, std), torch.tensor(test.Labels).to(ScalarType.Int64)),
            FashionMnistRecipe.ClassNames,
            prepared.Manifest);
        return data.DetachFromDisposeScope();
    }

    /// <summary>uint8 [n, h, w] to float32 [n, 1, h, w], scaled to [0, 1] and standardised.</summary>
    public static Tensor Images(RawImageSplit split, double mean, double std)
    {
        using var scope = torch.NewDisposeScope();
        var pixels = torch.tensor(split.Images, [split.Count, 1, split.Height, split.Width]).to(ScalarType.Float32);
        return pixels.over(255.0).plus(-mean).over(std).MoveToOuterDisposeScope();
    }
}
