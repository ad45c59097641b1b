using System.Text.Json;
using TorchSharp.Modules;

namespace Research.Core.Training;

/// <summary>
/// fairseq's inverse_sqrt schedule (Vaswani et al. 2017 §5.3, with the peak as a parameter): the rate rises linearly
/// to peak over the first warmupSteps steps, then decays as peak·√(warmupSteps / step). The rate of step s (1-based)
/// is peak·min(s / warmup, √(warmup / s)); it is set when step s − 1 ends, so a resumed run continues exactly.
/// </summary>
public sealed class InverseSqrtSchedule : ILearningRateSchedule
{
    private readonly OptimizerHelper optimizer;
    private long step;

    public InverseSqrtSchedule(OptimizerHelper optimizer, double peakLearningRate, long warmupSteps)
    {
        this.optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        if (!(peakLearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(peakLearningRate), $"InverseSqrtSchedule: peakLearningRate must be > 0, got {peakLearningRate}");
        if (warmupSteps < 1) throw new ArgumentOutOfRangeException(nameof(warmupSteps), $"InverseSqrtSchedule: warmupSteps must be >= 1, got {warmupSteps}");
        PeakLearningRate = peakLearningRate;
        WarmupSteps = warmupSteps;
        LearningRates.Set(optimizer, _ => RateAt(1));
    }

    public double PeakLearningRate { get; }
    public long WarmupSteps { get; }

    /// <summary>The rate of step s (1-based).</summary>
    public double RateAt(long s)
    {
        s = Math.Max(1, s);
        return PeakLearningRate * Math.Min((double)s / WarmupSteps, Math.Sqrt((double)WarmupSteps / s));
    }

    public void StepEnded(long globalStep)
    {
        step = globalStep;
        LearningRates.Set(optimizer, _ => RateAt(globalStep + 1));
    }

    public string SaveState() => JsonSerializer.Serialize(step, Json.Options);

    public void LoadState(string state)
    {
        step = JsonSerializer.Deserialize<long>(state, Json.Options);
        LearningRates.Set(optimizer, _ => RateAt(step + 1));
    }
}
