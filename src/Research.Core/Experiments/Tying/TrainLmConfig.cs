using Research.Core.Experiments.Configs;

namespace Research.Core.Experiments.Tying;

/// <summary>
/// The JSON configuration of `research train lm`: one run of the tying experiment. Example:
/// <code>{ "scale": "full", "variant": "REAL", "seed": 1, "tau": 10, "alpha": 0.5, "epochs": 6, "checkpoints": "runs/checkpoints" }</code>
/// Scale names a <see cref="TyingScale"/> (quick or full); epochs overrides its epoch count.
/// </summary>
public sealed record TrainLmConfig(
    [ConfigParsedBy(typeof(TyingScale), nameof(TyingScale.Named), Allowed = "quick, full")] string Scale = "quick",
    [ConfigParsedBy(typeof(TyingVariants), nameof(TyingVariants.Parse), Allowed = "baseline, AL, RE, REAL, RE-nobias")] string Variant = "baseline",
    int Seed = 1,
    [ConfigRange(0, MinExclusive = true)] double Tau = 10,
    [ConfigRange(0)] double Alpha = 0.5,
    [ConfigRange(1)] int? Epochs = null,
    string Checkpoints = "runs/checkpoints",
    [ConfigRange(0, MinExclusive = true)] double? LearningRate = null)
{
    public static TrainLmConfig Read(string path) => ConfigReader.Read<TrainLmConfig>(path);

    /// <summary>The run this config describes.</summary>
    public TyingRunSpec Spec() => new(TyingVariants.Parse(Variant), Seed, Tau, Alpha, Epochs, LearningRate);
}
