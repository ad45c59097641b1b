using Research.Core.Data.Formats;
using Research.Core.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Data.Images;

/// <summary>Loads an unpacked CIFAR-10 / CIFAR-100 binary folder as normalised tensors with a seeded validation split.</summary>
public static class Cifar
{
    /// <summary>
    /// Images float32 [n, 3, 32, 32], standardised per channel with the training split's mean and std;
    /// <paramref name="validation"/> training images (chosen with <paramref name="seed"/>) form the validation split.
    /// </summary>
    public static ImageClassificationData Load(string folder, CifarKind kind, int validation = 5000, int seed = 0)
    {
        var (train, test) = CifarBinary.ReadFolder(folder, kind);
        if (validation < 0 || validation >= train.Count)
            throw new ArgumentOutOfRangeException(nameof(validation), $"validation is {validation}: expected [0, {train.Count - 1}] for {train.Count} training images");
        var order = SeededPermutation.Of(train.Count, seed);
        var validIndex = order[..validation].Order().Select(i => (long)i).ToArray();
        var trainIndex = order[validation..].Order().Select(i => (long)i).ToArray();

        using var scope = torch.NewDisposeScope();
        var allImages = torch.tensor(train.Images, [train.Count, 3, CifarBatch.Side, CifarBatch.Side]).to(ScalarType.Float32).over(255.0);
        var allLabels = torch.tensor(train.Labels).to(ScalarType.Int64);
        var trainRows = torch.tensor(trainIndex);
        var validRows = torch.tensor(validIndex);
        var trainImages = allImages.index_select(0, trainRows);
        var mean = trainImages.mean([0L, 2L, 3L], keepdim: true);
        var centred = trainImages - mean;
        var std = (centred * centred).mean([0L, 2L, 3L], keepdim: true).sqrt();
        Tensor Standardise(Tensor x) => (x - mean) / std;
        var testImages = torch.tensor(test.Images, [test.Count, 3, CifarBatch.Side, CifarBatch.Side]).to(ScalarType.Float32).over(255.0);
        var trainLabels = allLabels.index_select(0, trainRows);
        var data = new ImageClassificationData(
            new ImageSplit(Standardise(trainImages), trainLabels),
            trainLabels.clone(),
            new ImageSplit(Standardise(allImages.index_select(0, validRows)), allLabels.index_select(0, validRows)),
            new ImageSplit(Standardise(testImages), torch.tensor(test.Labels).to(ScalarType.Int64)),
            CifarBinary.ClassNames(folder, kind),
            Manifest: null);
        return data.DetachFromDisposeScope();
    }
}
