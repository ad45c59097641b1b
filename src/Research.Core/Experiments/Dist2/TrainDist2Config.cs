using System.Text.Json;
using System.Text.Json.Serialization;
using Research.Core.Data.Synthetic;

namespace Research.Core.Experiments.Dist2;

/// <summary>
/// The JSON configuration of `research train dist2`: one run of Task A (task "regression") or Task B ("blobs"). Example:
/// <code>{ "scale": "quick", "tokenisation": "two-digits", "condition": "dist2-pv", "trainSize": 100, "seed": 1, "alpha": 1, "tau": 2 }</code>
/// Scale names a <see cref="Dist2Scale"/> (quick or full) for Task A; steps overrides the schedule (Task B: 300 by default).
/// </summary>
public sealed record TrainDist2Config(
    string Task = "regression",
    string Scale = "quick",
    string Tokenisation = "one-token",
    string Condition = "dist2",
    int TrainSize = 100,
    int Seed = 1,
    double Alpha = 1,
    double Tau = 2,
    int? Steps = null)
{
    public static IReadOnlyList<string> Tokenisations { get; } = ["one-token", "two-digits"];
    public static IReadOnlyList<string> BlobTokenisations { get; } = ["x-then-y", "joint-cell"];

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
    };

    public static TrainDist2Config Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"config file {path} does not exist", path);
        TrainDist2Config config;
        try
        {
            config = JsonSerializer.Deserialize<TrainDist2Config>(File.ReadAllText(path), Options)
                     ?? throw new InvalidDataException($"{path}: the config is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message} (fields: task, scale, tokenisation, condition, trainSize, seed, alpha, tau, steps)");
        }
        config.Check(path);
        return config;
    }

    /// <summary>Every field in range, else a message naming the file, the field and what is allowed.</summary>
    public void Check(string path)
    {
        void Require(bool ok, string field, object? value, string allowed)
        {
            if (!ok) throw new InvalidDataException($"{path}: field '{field}' is {value ?? "null"}: expected {allowed}");
        }
        Require(Task is "regression" or "blobs", "task", Task, "regression or blobs");
        Require(Scale is "quick" or "full", "scale", Scale, "quick or full");
        var allowed = Task == "blobs" ? BlobTokenisations : Tokenisations;
        Require(Tokenisation is not null && allowed.Contains(Tokenisation), "tokenisation", Tokenisation, string.Join(" or ", allowed));
        Require(Condition is not null && Dist2Conditions.Names.Contains(Condition), "condition", Condition, string.Join(", ", Dist2Conditions.Names));
        Require(TrainSize is > 0 and <= 100_000, "trainSize", TrainSize, "an integer in [1, 100000]");
        Require(Alpha >= 0 && double.IsFinite(Alpha), "alpha", Alpha, "a finite number >= 0");
        Require(Tau > 0 && double.IsFinite(Tau), "tau", Tau, "a finite number > 0");
        Require(Steps is null or > 0, "steps", Steps, "a positive integer or absent");
    }

    public BlobRunSpec BlobSpec() => new(
        Tokenisation == "x-then-y" ? CoordinateTokenisation.XThenY : CoordinateTokenisation.JointCell,
        Dist2Conditions.Parse(Condition), TrainSize, Seed, Alpha, Tau, Steps);

    public RegressionRunSpec Spec() => new(
        Tokenisation == "one-token" ? NumberTokenisation.OneToken : NumberTokenisation.TwoDigits,
        Dist2Conditions.Parse(Condition), TrainSize, Seed, Alpha, Tau, Steps);
}
