using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Data.Images;

/// <summary>
/// Translated images (guidance.md §4 "next step"): each h×w image pasted at a random position, fixed per example by
/// the seed, on a larger canvas filled with the background value (the normalised value of a black pixel), so that
/// the position carries no label information and a convolutional prior matters.
/// </summary>
public static class TranslatedImages
{
    /// <summary>Images [n, c, h, w] → [n, c, canvas, canvas].</summary>
    public static Tensor Place(Tensor images, int canvas, double background, int seed)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4) throw new ArgumentException($"TranslatedImages: images have shape [{string.Join(", ", images.shape)}]: expected [n, c, h, w]", nameof(images));
        long n = images.shape[0], c = images.shape[1], h = images.shape[2], w = images.shape[3];
        if (canvas < h || canvas < w) throw new ArgumentOutOfRangeException(nameof(canvas), $"TranslatedImages: canvas {canvas} is smaller than the images ({h}×{w})");
        using var scope = NewDisposeScope();
        using var fill = background.ToScalar();
        var placed = full([n, c, canvas, canvas], fill, images.dtype, images.device);
        var random = new Random(seed);
        using (no_grad())
            for (long i = 0; i < n; i++)
            {
                var top = random.Next(0, (int)(canvas - h) + 1);
                var left = random.Next(0, (int)(canvas - w) + 1);
                placed[i, .., top..(int)(top + h), left..(int)(left + w)] = images[i];
            }
        return placed.MoveToOuterDisposeScope();
    }
}
