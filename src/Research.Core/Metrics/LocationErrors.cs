namespace Research.Core.Metrics;

/// <summary>Errors of predicted pixel locations: mean Euclidean error, exact hits (Acc@0), hits within one pixel in
/// each coordinate (Acc@1, the 8-neighbourhood) and the mean error among the misses (the "hard cases").</summary>
public sealed record LocationErrors(double MeanError, double AccuracyAt0, double AccuracyAt1, double MissError)
{
    public static LocationErrors Of(IReadOnlyList<(int X, int Y)> predicted, IReadOnlyList<(int X, int Y)> truth)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(truth);
        if (predicted.Count != truth.Count)
            throw new ArgumentException($"predicted has {predicted.Count} entries but truth has {truth.Count}: expected the same", nameof(predicted));
        if (truth.Count == 0) throw new ArgumentException("truth is empty: expected at least one location", nameof(truth));
        var errors = predicted.Zip(truth, (p, t) => (Dx: p.X - t.X, Dy: p.Y - t.Y)).ToArray();
        var distance = errors.Select(e => Math.Sqrt(e.Dx * e.Dx + e.Dy * e.Dy)).ToArray();
        var misses = distance.Where(d => d > 0).ToArray();
        return new LocationErrors(
            distance.Average(),
            distance.Count(d => d == 0) / (double)truth.Count,
            errors.Count(e => Math.Abs(e.Dx) <= 1 && Math.Abs(e.Dy) <= 1) / (double)truth.Count,
            misses.Length == 0 ? 0 : misses.Average());
    }
}
