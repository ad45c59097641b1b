using Research.Core.Experiments.Configs;
using Research.Core.Data.Synthetic;

namespace Research.Core.Experiments.Dist2;

/// <summary>
/// The JSON configuration of `research train dist2`: one run of Task A (task "regression") or Task B ("blobs"). Example:
/// <code>{ "scale": "quick", "tokenisation": "two-digits", "condition": "dist2-pv", "trainSize": 100, "seed": 1, "alpha": 1, "tau": 2 }</code>
/// Scale names a <see cref="Dist2Scale"/> (quick or full) for Task A; steps overrides the schedule (Task B: 300 by default).
/// </summary>
public sealed record TrainDist2Config(
    [ConfigChoices("regression", "blobs")] string Task = "regression",
    [ConfigChoices("quick", "full")] string Scale = "quick",
    string Tokenisation = "one-token",
    [ConfigChoices("ce", "ls", "dist2", "dist2-pv", "random", "vocab")] string Condition = "dist2",
    [ConfigRange(1, 100_000)] int TrainSize = 100,
    int Seed = 1,
    [ConfigRange(0)] double Alpha = 1,
    [ConfigRange(0, MinExclusive = true)] double Tau = 2,
    [ConfigRange(1)] int? Steps = null) : IConfigChecks
{
    public static IReadOnlyList<string> Tokenisations { get; } = ["one-token", "two-digits"];
    public static IReadOnlyList<string> BlobTokenisations { get; } = ["x-then-y", "joint-cell"];

    /// <summary>Reads and checks a config file (<see cref="ConfigReader"/>): every error names the file, the field and what is allowed.</summary>
    public static TrainDist2Config Read(string path) => ConfigReader.Read<TrainDist2Config>(path);

    public IEnumerable<(string Field, string Problem)> Problems()
    {
        var allowed = Task == "blobs" ? BlobTokenisations : Tokenisations;
        if (!allowed.Contains(Tokenisation)) yield return ("tokenisation", $"is '{Tokenisation}'; allowed for task {Task}: {string.Join(", ", allowed)}");
    }

    /// <summary>The config of one Task A run at a named scale (what `research sweep dist2` hands each worker).</summary>
    public static TrainDist2Config Of(string scale, RegressionRunSpec spec) => new("regression", scale,
        spec.Tokenisation == NumberTokenisation.OneToken ? "one-token" : "two-digits", spec.Condition.Label(), spec.TrainSize, spec.Seed, spec.Alpha, spec.Tau, spec.Steps);

    /// <summary>The config of one Task B run.</summary>
    public static TrainDist2Config Of(BlobRunSpec spec) => new("blobs", "quick",
        spec.Tokenisation == CoordinateTokenisation.XThenY ? "x-then-y" : "joint-cell", spec.Condition.Label(), spec.TrainSize, spec.Seed, spec.Alpha, spec.Tau, spec.Steps);

    public BlobRunSpec BlobSpec() => new(
        Tokenisation == "x-then-y" ? CoordinateTokenisation.XThenY : CoordinateTokenisation.JointCell,
        Dist2Conditions.Parse(Condition), TrainSize, Seed, Alpha, Tau, Steps);

    public RegressionRunSpec Spec() => new(
        Tokenisation == "one-token" ? NumberTokenisation.OneToken : NumberTokenisation.TwoDigits,
        Dist2Conditions.Parse(Condition), TrainSize, Seed, Alpha, Tau, Steps);
}
