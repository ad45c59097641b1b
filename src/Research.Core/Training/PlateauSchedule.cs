using System.Text.Json;
using TorchSharp.Modules;

namespace Research.Core.Training;

/// <summary>
/// Multiplies the learning rates by a factor when the validation metric (lower is better) has not improved for
/// more than <c>patience</c> epochs: PyTorch's ReduceLROnPlateau in mode "min", with a relative or absolute
/// threshold, cooldown and a floor. Its counters are checkpointed with the run.
/// </summary>
public sealed class PlateauSchedule : ILearningRateSchedule
{
    private readonly OptimizerHelper optimizer;
    private State state = new(double.PositiveInfinity, 0, 0);

    private sealed record State(double Best, int BadEpochs, int Cooldown);

    public PlateauSchedule(OptimizerHelper optimizer, double factor = 0.1, int patience = 10, double threshold = 1e-4,
        bool relativeThreshold = true, int cooldown = 0, double minLearningRate = 0, double eps = 1e-8)
    {
        this.optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        if (factor is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(factor), $"PlateauSchedule: factor must be in (0, 1), got {factor}");
        if (patience < 0) throw new ArgumentOutOfRangeException(nameof(patience), $"PlateauSchedule: patience must be >= 0, got {patience}");
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        RelativeThreshold = relativeThreshold;
        CooldownEpochs = cooldown;
        MinLearningRate = minLearningRate;
        Eps = eps;
    }

    public double Factor { get; }
    public int Patience { get; }
    public double Threshold { get; }
    public bool RelativeThreshold { get; }
    public int CooldownEpochs { get; }
    public double MinLearningRate { get; }
    public double Eps { get; }

    public double Best => state.Best;

    public void EpochEnded(int epoch, double validationMetric)
    {
        var (best, bad, cooldown) = state;
        if (IsBetter(validationMetric, best))
        {
            best = validationMetric;
            bad = 0;
        }
        else bad++;
        if (cooldown > 0)
        {
            cooldown--;
            bad = 0;
        }
        if (bad > Patience)
        {
            LearningRates.Set(optimizer, lr => Math.Max(lr * Factor, MinLearningRate) is var next && lr - next > Eps ? next : lr);
            cooldown = CooldownEpochs;
            bad = 0;
        }
        state = new State(best, bad, cooldown);
    }

    private bool IsBetter(double metric, double best) =>
        RelativeThreshold ? metric < best * (1 - Threshold) : metric < best - Threshold;

    public string SaveState() => JsonSerializer.Serialize(state, Json.Options);

    public void LoadState(string json) =>
        state = JsonSerializer.Deserialize<State>(json, Json.Options) ?? throw new InvalidDataException("PlateauSchedule: empty state");
}
