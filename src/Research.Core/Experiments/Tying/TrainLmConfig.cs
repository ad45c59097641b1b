using System.Text.Json;
using System.Text.Json.Serialization;

namespace Research.Core.Experiments.Tying;

/// <summary>
/// The JSON configuration of `research train lm`: one run of the tying experiment. Example:
/// <code>{ "scale": "full", "variant": "REAL", "seed": 1, "tau": 10, "alpha": 0.5, "epochs": 6, "checkpoints": "runs/checkpoints" }</code>
/// Scale names a <see cref="TyingScale"/> (quick or full); epochs overrides its epoch count.
/// </summary>
public sealed record TrainLmConfig(
    string Scale = "quick",
    string Variant = "baseline",
    int Seed = 1,
    double Tau = 10,
    double Alpha = 0.5,
    int? Epochs = null,
    string Checkpoints = "runs/checkpoints",
    double? LearningRate = null)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static TrainLmConfig Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"config file {path} does not exist", path);
        TrainLmConfig config;
        try
        {
            config = JsonSerializer.Deserialize<TrainLmConfig>(File.ReadAllText(path), Options)
                     ?? throw new InvalidDataException($"{path}: the config is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}");
        }
        config.Spec();
        TyingScale.Named(config.Scale);
        return config;
    }

    /// <summary>The run this config describes (validates the variant and the numbers).</summary>
    public TyingRunSpec Spec()
    {
        if (Epochs is <= 0) throw new ArgumentException($"epochs must be positive, got {Epochs}");
        if (!(Tau > 0) || !(Alpha >= 0)) throw new ArgumentException($"tau must be > 0 and alpha >= 0, got tau={Tau}, alpha={Alpha}");
        if (LearningRate is { } lr && !(lr > 0)) throw new ArgumentException($"learningRate must be > 0, got {lr}");
        return new TyingRunSpec(TyingVariants.Parse(Variant), Seed, Tau, Alpha, Epochs, LearningRate);
    }
}
