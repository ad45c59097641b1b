using Research.Core.Experiments.Configs;
using Research.Core.Losses;

namespace Research.Core.Experiments.Guidance;

/// <summary>
/// The JSON configuration of `research train guidance`: one run of E1 (target "fcn"), E2 (target "plain-cnn") or the
/// gate's reference (target "resnet", arm base). Example:
/// <code>{ "scale": "quick", "target": "fcn", "arm": "untrained", "data": "translated", "seed": 1, "epochs": 6, "alpha": 1, "estimator": "biased", "cacheGuide": false }</code>
/// Scale names a <see cref="GuidanceScale"/> (quick, full or toy); epochs, learningRate, plainBlocks (E2's blocks per stage)
/// and trainImages override it.
/// </summary>
public sealed record TrainGuidanceConfig(
    [ConfigParsedBy(typeof(GuidanceScale), nameof(GuidanceScale.Named), Allowed = "quick, full, toy")] string Scale = "quick",
    [ConfigParsedBy(typeof(GuidanceArms), nameof(GuidanceArms.Parse), Allowed = "base, untrained, trained, init")] string Arm = "untrained",
    [ConfigChoices("plain", "translated")] string Data = "plain",
    [ConfigParsedBy(typeof(GuidanceArms), nameof(GuidanceArms.ParseTarget), Allowed = "fcn, plain-cnn, resnet")] string Target = "fcn",
    int Seed = 1,
    [ConfigRange(1)] int? Epochs = null,
    [ConfigRange(0, MinExclusive = true)] double? LearningRate = null,
    [ConfigRange(0)] double Alpha = 1.0,
    [ConfigChoices("biased", "unbiased")] string Estimator = "biased",
    bool CacheGuide = false,
    [ConfigRange(1)] int? PlainBlocks = null,
    [ConfigRange(1)] int? TrainImages = null)
{
    /// <summary>Reads and checks a config file (<see cref="ConfigReader"/>): every error names the file, the field and what is allowed.</summary>
    public static TrainGuidanceConfig Read(string path) => ConfigReader.Read<TrainGuidanceConfig>(path);

    /// <summary>The run this config describes.</summary>
    public GuidanceRunSpec Spec() =>
        new(GuidanceArms.Parse(Arm), Data == "translated", Seed, Epochs, LearningRate, Alpha,
            Estimator == "unbiased" ? CkaEstimator.Unbiased : CkaEstimator.Biased, CacheGuide,
            GuidanceArms.ParseTarget(Target), PlainBlocks, TrainImages);

    /// <summary>The config of one run (what `research sweep guidance` hands a child process).</summary>
    public static TrainGuidanceConfig Of(string scale, GuidanceRunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new(scale, spec.Arm.Label(), spec.Translated ? "translated" : "plain", spec.Target.Label(), spec.Seed, spec.Epochs, spec.LearningRate,
            spec.Alpha, spec.Estimator == CkaEstimator.Unbiased ? "unbiased" : "biased", spec.CacheGuide, spec.PlainBlocks, spec.TrainImages);
    }
}
