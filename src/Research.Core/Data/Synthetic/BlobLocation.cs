using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Data.Synthetic;

/// <summary>How a blob's centre is written as output tokens.</summary>
public enum CoordinateTokenisation
{
    /// <summary>Two coordinate tokens, x then y, each in 0..27 (distance Δ² per token).</summary>
    XThenY,

    /// <summary>One joint cell token y * 28 + x in 0..783 (2-D distance Δx² + Δy²).</summary>
    JointCell,
}

/// <summary>Images float32 [n, 1, 28, 28], centres int64 [n, 2] as (x, y), and the coordinate tokens.</summary>
public sealed record BlobImages(Tensor Images, Tensor Centres, Tensor Tokens, CoordinateTokenisation Tokenisation) : IDisposable
{
    public void Dispose()
    {
        Images.Dispose();
        Centres.Dispose();
        Tokens.Dispose();
    }
}

/// <summary>
/// "Locate the blob" (dist2loss.md section 4, Task B): one Gaussian blob (σ ~ U(1.5, 3) px, amplitude 1) at an integer
/// centre (cx, cy) in [2, 25]² plus N(0, 0.2) pixel noise; optionally a dimmer distractor (amplitude 0.5) elsewhere,
/// at least <see cref="DistractorDistance"/> px away so that the two never merge into one brighter peak.
/// Row index is y, column index is x.
/// </summary>
public static class BlobLocation
{
    public const int Side = 28;
    public const int MinCentre = 2;
    public const int MaxCentre = 25;

    /// <summary>Twice the largest σ: the blob adds at most exp(-2) ≈ 0.14 at the distractor's centre.</summary>
    public const double DistractorDistance = 6;

    public static int VocabularyOf(CoordinateTokenisation tokenisation) => tokenisation == CoordinateTokenisation.XThenY ? Side : Side * Side;

    public static int[] Encode(int x, int y, CoordinateTokenisation tokenisation) =>
        tokenisation == CoordinateTokenisation.XThenY ? [x, y] : [y * Side + x];

    public static (int X, int Y) Decode(IReadOnlyList<int> tokens, CoordinateTokenisation tokenisation) =>
        tokenisation == CoordinateTokenisation.XThenY ? (tokens[0], tokens[1]) : (tokens[0] % Side, tokens[0] / Side);

    /// <summary>The raw draws: pixels [count * 784] row-major and centres [count] as (x, y).</summary>
    public static (float[] Pixels, (int X, int Y)[] Centres) Sample(int count, int seed, bool distractor = false, double noiseStd = 0.2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var draw = new GaussianSampler(seed);
        var pixels = new float[count * Side * Side];
        var centres = new (int X, int Y)[count];
        for (var n = 0; n < count; n++)
        {
            var image = pixels.AsSpan(n * Side * Side, Side * Side);
            var (cx, cy) = (draw.Integer(MinCentre, MaxCentre), draw.Integer(MinCentre, MaxCentre));
            centres[n] = (cx, cy);
            AddBlob(image, cx, cy, draw.Uniform(1.5, 3), 1.0);
            if (distractor)
            {
                int dx, dy;
                do (dx, dy) = (draw.Integer(MinCentre, MaxCentre), draw.Integer(MinCentre, MaxCentre));
                while ((dx - cx) * (dx - cx) + (dy - cy) * (dy - cy) < DistractorDistance * DistractorDistance);
                AddBlob(image, dx, dy, draw.Uniform(1.5, 3), 0.5);
            }
            for (var i = 0; i < image.Length; i++) image[i] += (float)draw.Normal(0, noiseStd);
        }
        return (pixels, centres);
    }

    private static void AddBlob(Span<float> image, int cx, int cy, double sigma, double amplitude)
    {
        for (var y = 0; y < Side; y++)
            for (var x = 0; x < Side; x++)
            {
                var d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                image[y * Side + x] += (float)(amplitude * Math.Exp(-d2 / (2 * sigma * sigma)));
            }
    }

    public static BlobImages Generate(int count, int seed, CoordinateTokenisation tokenisation, bool distractor = false, double noiseStd = 0.2)
    {
        var (pixels, centres) = Sample(count, seed, distractor, noiseStd);
        var width = tokenisation == CoordinateTokenisation.XThenY ? 2 : 1;
        var tokens = centres.SelectMany(c => Encode(c.X, c.Y, tokenisation)).Select(t => (long)t).ToArray();
        return new BlobImages(
            torch.tensor(pixels, [count, 1, Side, Side]),
            torch.tensor(centres.SelectMany(c => new long[] { c.X, c.Y }).ToArray(), [count, 2]),
            torch.tensor(tokens, [count, width]),
            tokenisation);
    }
}
