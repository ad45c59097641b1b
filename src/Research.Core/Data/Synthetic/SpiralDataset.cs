using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Data.Synthetic;

/// <summary>Interleaved spiral arms in the plane, one class per arm: a small task that a linear model cannot solve.</summary>
public static class SpiralDataset
{
    /// <summary>Points along each arm at radius 0..1, turning `turns` half-circles, with angular jitter.</summary>
    /// <returns>X [classes*points, 2] float32 and Y [classes*points] int64.</returns>
    public static (Tensor X, Tensor Y) Generate(int points, int seed, int classes = 2, double turns = 2.0, double jitter = 0.2)
    {
        if (points <= 0) throw new ArgumentOutOfRangeException(nameof(points), $"points must be positive, got {points}");
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), $"classes must be at least 2, got {classes}");
        var rng = new Random(seed);
        var xs = new float[classes * points * 2];
        var ys = new long[classes * points];
        for (var c = 0; c < classes; c++)
            for (var i = 0; i < points; i++)
            {
                var r = (double)i / points;
                var angle = turns * r * Math.PI + 2 * Math.PI * c / classes + rng.NextDouble() * jitter;
                var k = c * points + i;
                xs[2 * k] = (float)(r * Math.Cos(angle));
                xs[2 * k + 1] = (float)(r * Math.Sin(angle));
                ys[k] = c;
            }
        return (torch.tensor(xs, [(long)classes * points, 2]), torch.tensor(ys));
    }
}
