namespace Research.Core.Metrics;

/// <summary>Mean absolute error and root mean squared error of predictions against targets.</summary>
public static class RegressionErrors
{
    public static double MeanAbsoluteError(IReadOnlyList<double> predictions, IReadOnlyList<double> targets)
    {
        Check(predictions, targets);
        var sum = 0.0;
        for (var i = 0; i < targets.Count; i++) sum += Math.Abs(predictions[i] - targets[i]);
        return sum / targets.Count;
    }

    public static double RootMeanSquaredError(IReadOnlyList<double> predictions, IReadOnlyList<double> targets)
    {
        Check(predictions, targets);
        var sum = 0.0;
        for (var i = 0; i < targets.Count; i++) sum += (predictions[i] - targets[i]) * (predictions[i] - targets[i]);
        return Math.Sqrt(sum / targets.Count);
    }

    private static void Check(IReadOnlyList<double> predictions, IReadOnlyList<double> targets)
    {
        if (predictions.Count != targets.Count)
            throw new ArgumentException($"predictions has {predictions.Count} entries but targets has {targets.Count}: expected the same", nameof(predictions));
        if (targets.Count == 0) throw new ArgumentException("targets is empty: expected at least one value", nameof(targets));
    }
}
