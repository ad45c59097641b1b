using System.Text.Json;
using System.Text.Json.Serialization;
using Research.Core.Data.Graphs;
using Research.Core.Losses;
using Research.Core.Models.Graphs;

namespace Research.Core.Experiments.Ile;

/// <summary>
/// The JSON configuration of `research train ile`: one run of the ILE experiment (ile.md 4). Every reconstructed
/// choice of the note is a field here. Example:
/// <code>{ "scale": "quick", "data": "synthetic", "embedding": "learned", "seed": 1, "temperature": 0.2, "pgd": true }</code>
/// data: synthetic or molecules; embedding: learned (contrastive ψ) or wl (the fixed Weisfeiler-Lehman kernel);
/// pooling: sum or mean; the five augmentation rates in [0, 1); pgd runs projected-gradient decoding (learned only);
/// direct also trains the direct-prediction baseline (canonical-order cross entropy) and scores it as "direct".
/// </summary>
public sealed record TrainIleConfig(
    string Scale = "quick",
    string Data = "synthetic",
    string Embedding = "learned",
    int Seed = 1,
    double Temperature = 0.2,
    bool PositiveInDenominator = true,
    string Pooling = "sum",
    double NodeDrop = 0.1,
    double Subgraph = 0.0,
    double EdgePerturb = 0.1,
    double NodeRetype = 0.1,
    double EdgeRetype = 0.1,
    int WlIterations = 3,
    int WlDimension = 2048,
    bool WlEdgeLabels = true,
    bool Pgd = true,
    int? PgdIterations = null,
    double PgdStep = 1.0,
    bool Fallback = true,
    int? ContrastiveEpochs = null,
    int? RegressionEpochs = null,
    bool Direct = false)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
    };

    /// <summary>Reads and checks a config; a bad field is an error naming the file, the field and what it accepts.</summary>
    public static TrainIleConfig Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"config file {path} does not exist", path);
        TrainIleConfig config;
        try
        {
            config = JsonSerializer.Deserialize<TrainIleConfig>(File.ReadAllText(path), Options)
                     ?? throw new InvalidDataException($"{path}: the config is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}");
        }
        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}");
        }
        return config;
    }

    public void Validate()
    {
        IleScale.Named(Scale);
        Choice(nameof(Data), Data, "synthetic", "molecules");
        Choice(nameof(Embedding), Embedding, "learned", "wl");
        Choice(nameof(Pooling), Pooling, "sum", "mean");
        NtXent.Validate();
        Augmentations.Validate();
        if (WlIterations is < 0 or > 10) throw new ArgumentException($"wlIterations is {WlIterations}: expected 0..10");
        if (WlDimension is < 1 or > 1 << 16) throw new ArgumentException($"wlDimension is {WlDimension}: expected 1..65536");
        if (PgdIterations is < 0) throw new ArgumentException($"pgdIterations is {PgdIterations}: expected >= 0");
        if (!(PgdStep > 0)) throw new ArgumentException($"pgdStep is {PgdStep}: expected > 0");
        if (ContrastiveEpochs is <= 0 || RegressionEpochs is <= 0)
            throw new ArgumentException($"contrastiveEpochs and regressionEpochs are {ContrastiveEpochs} and {RegressionEpochs}: expected > 0 when given");
    }

    public NtXentOptions NtXent => new(Temperature, PositiveInDenominator);
    public GraphAugmentationOptions Augmentations => new(NodeDrop, Subgraph, EdgePerturb, NodeRetype, EdgeRetype);
    public GraphPooling GraphPooling => Pooling == "mean" ? GraphPooling.Mean : GraphPooling.Sum;

    private static void Choice(string field, string value, params string[] allowed)
    {
        if (!allowed.Contains(value))
            throw new ArgumentException($"{char.ToLowerInvariant(field[0])}{field[1..]} is '{value}': expected one of {string.Join(", ", allowed)}");
    }
}
