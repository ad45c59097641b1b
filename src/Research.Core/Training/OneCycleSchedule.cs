using System.Text.Json;
using TorchSharp.Modules;

namespace Research.Core.Training;

/// <summary>
/// PyTorch's OneCycleLR (two phases, cosine annealing) on the learning rate only: from max/divFactor up to max over the
/// first pctStart of the steps, then down to max/(divFactor·finalDivFactor) at the last step. Momentum is not cycled.
/// The rate for step s is set when step s − 1 ends, so a resumed run continues exactly.
/// </summary>
public sealed class OneCycleSchedule : ILearningRateSchedule
{
    private readonly OptimizerHelper optimizer;
    private long step;

    public OneCycleSchedule(OptimizerHelper optimizer, double maxLearningRate, long totalSteps, double pctStart = 0.3,
        double divFactor = 25, double finalDivFactor = 1e4)
    {
        this.optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        if (!(maxLearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(maxLearningRate), $"OneCycleSchedule: maxLearningRate must be > 0, got {maxLearningRate}");
        if (totalSteps < 2) throw new ArgumentOutOfRangeException(nameof(totalSteps), $"OneCycleSchedule: totalSteps must be at least 2, got {totalSteps}");
        if (!(pctStart is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(pctStart), $"OneCycleSchedule: pctStart must be in (0, 1), got {pctStart}");
        MaxLearningRate = maxLearningRate;
        TotalSteps = totalSteps;
        PctStart = pctStart;
        InitialLearningRate = maxLearningRate / divFactor;
        MinLearningRate = InitialLearningRate / finalDivFactor;
        LearningRates.Set(optimizer, _ => RateAt(0));
    }

    public double MaxLearningRate { get; }
    public long TotalSteps { get; }
    public double PctStart { get; }
    public double InitialLearningRate { get; }
    public double MinLearningRate { get; }

    /// <summary>The rate of step s (0-based), as torch.optim.lr_scheduler.OneCycleLR computes it.</summary>
    public double RateAt(long s)
    {
        var warmEnd = PctStart * TotalSteps - 1;
        var last = TotalSteps - 1.0;
        s = Math.Min(s, TotalSteps - 1);
        return s <= warmEnd
            ? Cosine(InitialLearningRate, MaxLearningRate, s / warmEnd)
            : Cosine(MaxLearningRate, MinLearningRate, (s - warmEnd) / (last - warmEnd));
    }

    private static double Cosine(double start, double end, double fraction) => end + (start - end) / 2 * (1 + Math.Cos(Math.PI * fraction));

    public void StepEnded(long globalStep)
    {
        step = globalStep;
        LearningRates.Set(optimizer, _ => RateAt(globalStep));
    }

    public string SaveState() => JsonSerializer.Serialize(step, Json.Options);

    public void LoadState(string state)
    {
        step = JsonSerializer.Deserialize<long>(state, Json.Options);
        LearningRates.Set(optimizer, _ => RateAt(step));
    }
}
