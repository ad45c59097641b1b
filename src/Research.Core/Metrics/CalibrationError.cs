using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Metrics;

/// <summary>One bin of a reliability diagram: confidences in (Lower, Upper], how many, their mean confidence and accuracy.</summary>
public sealed record ReliabilityBin(double Lower, double Upper, long Count, double Confidence, double Accuracy);

/// <summary>Expected calibration error and the reliability-diagram data it is computed from.</summary>
public sealed record Calibration(double ExpectedCalibrationError, IReadOnlyList<ReliabilityBin> Bins);

/// <summary>
/// Expected calibration error (Guo et al. 2017): the top-1 confidence max_k p_k is binned into equal-width bins
/// (b/B, (b+1)/B]; ECE = Σ_b (n_b/n)·|accuracy_b − confidence_b|. 15 bins by default, as in the LABO issue.
/// </summary>
public static class CalibrationError
{
    public static Calibration Compute(Tensor logits, Tensor targets, int bins = 15)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), $"CalibrationError: bins must be >= 1, got {bins}");
        if (logits.dim() != 2 || targets.dim() != 1 || targets.shape[0] != logits.shape[0])
            throw new ArgumentException(
                $"CalibrationError: targets have shape [{string.Join(", ", targets.shape)}] but logits have shape [{string.Join(", ", logits.shape)}]: expected logits [N, K] and targets [N]");
        using var scope = NewDisposeScope();
        var (confidence, prediction) = logits.to(ScalarType.Float64).softmax(1).max(1);
        var conf = confidence.cpu().data<double>().ToArray();
        var hit = prediction.eq(targets).cpu().data<bool>().ToArray();
        var count = new long[bins];
        var confSum = new double[bins];
        var hitSum = new double[bins];
        for (var i = 0; i < conf.Length; i++)
        {
            var b = Math.Clamp((int)Math.Ceiling(conf[i] * bins) - 1, 0, bins - 1);
            count[b]++;
            confSum[b] += conf[i];
            if (hit[i]) hitSum[b]++;
        }
        var n = conf.Length;
        var ece = 0.0;
        var result = new ReliabilityBin[bins];
        for (var b = 0; b < bins; b++)
        {
            var (c, a) = count[b] == 0 ? (double.NaN, double.NaN) : (confSum[b] / count[b], hitSum[b] / count[b]);
            if (count[b] > 0) ece += (double)count[b] / n * Math.Abs(a - c);
            result[b] = new ReliabilityBin((double)b / bins, (double)(b + 1) / bins, count[b], c, a);
        }
        return new Calibration(n == 0 ? double.NaN : ece, result);
    }
}
