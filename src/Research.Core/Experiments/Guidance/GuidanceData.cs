using Research.Core.Data.Images;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Experiments.Guidance;

/// <summary>The images of one E1/E2 run: the first training images of the prepared Fashion-MNIST's training split, the
/// first ValidImages of its held-out validation split, and the first TestImages of the test set, normalised, optionally
/// translated onto a canvas. Dispose to free the tensors.</summary>
public sealed record GuidanceData(ImageSplit Train, ImageSplit Valid, ImageSplit Test, bool Translated) : IDisposable
{
    public long Inputs => Train.Images.shape[1] * Train.Images.shape[2] * Train.Images.shape[3];

    /// <summary>Loads Debian's Fashion-MNIST; <paramref name="trainImages"/> overrides the scale's training-set size
    /// (E2's gate trains on more images).</summary>
    public static GuidanceData Load(GuidanceScale scale, bool translated, int? trainImages = null, int translationSeed = 0)
    {
        ArgumentNullException.ThrowIfNull(scale);
        using var all = FashionMnist.Load();
        return From(all, scale, translated, trainImages, translationSeed);
    }

    public static GuidanceData From(ImageClassificationData all, GuidanceScale scale, bool translated, int? trainImages = null, int translationSeed = 0)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(scale);
        var trainCount = trainImages ?? scale.TrainImages;
        if (trainCount < 1 || trainCount > all.Train.Count || scale.ValidImages > all.Valid.Count || scale.TestImages > all.Test.Count)
            throw new ArgumentOutOfRangeException(nameof(scale), $"GuidanceData: {trainCount} training, {scale.ValidImages} validation and {scale.TestImages} test images " +
                $"asked of splits of {all.Train.Count}, {all.Valid.Count} and {all.Test.Count}");
        using var scope = NewDisposeScope();
        // A black pixel after normalisation: the smallest value in the images.
        var background = all.Train.Images.min().item<float>();
        Tensor Images(Tensor x, int seed) => translated ? TranslatedImages.Place(x, scale.Canvas, background, seed) : x.clone();
        var train = new ImageSplit(Images(all.Train.Images[..trainCount], translationSeed), all.Train.Labels[..trainCount].clone());
        var valid = new ImageSplit(Images(all.Valid.Images[..scale.ValidImages], translationSeed + 2), all.Valid.Labels[..scale.ValidImages].clone());
        var test = new ImageSplit(Images(all.Test.Images[..scale.TestImages], translationSeed + 1), all.Test.Labels[..scale.TestImages].clone());
        foreach (var t in new[] { train.Images, train.Labels, valid.Images, valid.Labels, test.Images, test.Labels }) t.DetachFromDisposeScope();
        return new GuidanceData(train, valid, test, translated);
    }

    public void Dispose()
    {
        Train.Dispose();
        Valid.Dispose();
        Test.Dispose();
    }
}
