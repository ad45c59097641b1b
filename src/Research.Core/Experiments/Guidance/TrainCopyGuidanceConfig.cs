using Research.Core.Experiments.Configs;
using Research.Core.Losses;

namespace Research.Core.Experiments.Guidance;

/// <summary>
/// The JSON configuration of `research train guidance-copy`: one run of E3 (the copy task, or with "task": "parity" the
/// parity arm). Example:
/// <code>{ "scale": "quick", "arm": "untrained", "seed": 1, "epochs": 5, "alpha": 1, "estimator": "biased", "task": "copy" }</code>
/// Scale names a <see cref="CopyGuidanceScale"/> (quick, full or toy); epochs and learningRate override it.
/// </summary>
public sealed record TrainCopyGuidanceConfig(
    [ConfigParsedBy(typeof(CopyGuidanceScale), nameof(CopyGuidanceScale.Named), Allowed = "quick, full, toy")] string Scale = "quick",
    [ConfigChoices("base", "untrained", "trained")] string Arm = "untrained",
    int Seed = 1,
    [ConfigRange(1)] int? Epochs = null,
    [ConfigRange(0, MinExclusive = true)] double? LearningRate = null,
    [ConfigRange(0)] double Alpha = 1.0,
    [ConfigChoices("biased", "unbiased")] string Estimator = "biased",
    [ConfigChoices("copy", "parity")] string Task = "copy")
{
    /// <summary>Reads and checks a config file (<see cref="ConfigReader"/>): every error names the file, the field and what is allowed.</summary>
    public static TrainCopyGuidanceConfig Read(string path) => ConfigReader.Read<TrainCopyGuidanceConfig>(path);

    /// <summary>The run this config describes.</summary>
    public CopyGuidanceRunSpec Spec() =>
        new(GuidanceArms.Parse(Arm), Seed, Epochs, LearningRate, Alpha, Estimator == "unbiased" ? CkaEstimator.Unbiased : CkaEstimator.Biased,
            Task == "parity" ? SequenceGuidanceTask.Parity : SequenceGuidanceTask.Copy);

    /// <summary>The config of one run (what `research sweep guidance` hands a child process).</summary>
    public static TrainCopyGuidanceConfig Of(string scale, CopyGuidanceRunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new(scale, spec.Arm.Label(), spec.Seed, spec.Epochs, spec.LearningRate, spec.Alpha, spec.Estimator == CkaEstimator.Unbiased ? "unbiased" : "biased",
            CopyGuidanceRunner.TaskName(spec.Task));
    }
}
