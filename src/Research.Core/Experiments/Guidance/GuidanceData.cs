using Research.Core.Data.Images;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Experiments.Guidance;

/// <summary>The images of one E1 run: the first TrainImages of Fashion-MNIST's training split and the first TestImages
/// of its test set, normalised, optionally translated onto a canvas. Dispose to free the tensors.</summary>
public sealed record GuidanceData(ImageSplit Train, ImageSplit Test, bool Translated) : IDisposable
{
    public long Inputs => Train.Images.shape[1] * Train.Images.shape[2] * Train.Images.shape[3];

    public static GuidanceData Load(GuidanceScale scale, bool translated, int translationSeed = 0)
    {
        ArgumentNullException.ThrowIfNull(scale);
        using var all = FashionMnist.Load();
        return From(all, scale, translated, translationSeed);
    }

    public static GuidanceData From(ImageClassificationData all, GuidanceScale scale, bool translated, int translationSeed = 0)
    {
        if (scale.TrainImages > all.Train.Count || scale.TestImages > all.Test.Count)
            throw new ArgumentOutOfRangeException(nameof(scale), $"GuidanceData: the scale asks for {scale.TrainImages} training and {scale.TestImages} test images; the data has {all.Train.Count} and {all.Test.Count}");
        using var scope = NewDisposeScope();
        // A black pixel after normalisation: the smallest value in the images.
        var background = all.Train.Images.min().item<float>();
        Tensor Images(Tensor x, int seed) => translated ? TranslatedImages.Place(x, scale.Canvas, background, seed) : x.clone();
        var train = new ImageSplit(Images(all.Train.Images[..scale.TrainImages], translationSeed), all.Train.Labels[..scale.TrainImages].clone());
        var test = new ImageSplit(Images(all.Test.Images[..scale.TestImages], translationSeed + 1), all.Test.Labels[..scale.TestImages].clone());
        foreach (var t in new[] { train.Images, train.Labels, test.Images, test.Labels }) t.DetachFromDisposeScope();
        return new GuidanceData(train, test, translated);
    }

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
