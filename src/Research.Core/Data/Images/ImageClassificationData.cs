using Research.Core.Data.Cache;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Data.Images;

/// <summary>Images [n, 1, h, w] (float32, normalised) and labels [n] (int64) of one split.</summary>
public sealed record ImageSplit(Tensor Images, Tensor Labels) : IDisposable
{
    public long Count => Labels.shape[0];

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}

/// <summary>
/// A prepared image-classification data set: train (labels possibly noisy), clean validation and test splits,
/// the clean training labels for measuring memorisation, and the manifest that describes it all (null for a user-supplied folder).
/// The tensors are detached from any dispose scope: dispose this object to free them.
/// </summary>
public sealed record ImageClassificationData(
    ImageSplit Train,
    Tensor TrainCleanLabels,
    ImageSplit Valid,
    ImageSplit Test,
    IReadOnlyList<string> ClassNames,
    DataManifest? Manifest) : IDisposable
{
    /// <summary>Takes every tensor out of the current dispose scope, so the caller owns them through this object.</summary>
    public ImageClassificationData DetachFromDisposeScope()
    {
        foreach (var t in new[] { Train.Images, Train.Labels, TrainCleanLabels, Valid.Images, Valid.Labels, Test.Images, Test.Labels })
            t.DetachFromDisposeScope();
        return this;
    }

    public void Dispose()
    {
        Train.Dispose();
        TrainCleanLabels.Dispose();
        Valid.Dispose();
        Test.Dispose();
    }
}
