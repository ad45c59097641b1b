using Research.Core.Experiments.Configs;
using Research.Core.Experiments.Tying;

namespace Research.Core.Tests.Configs;

/// <summary>Every config goes through one reader that names the file, the field and what it allows.</summary>
public sealed class ConfigReaderTests
{
    private sealed record Probe(
        [ConfigRange(1, 10)] int Count,
        [ConfigChoices("adam", "sgd")] string Optimizer = "adam",
        string? Note = null,
        double[]? Weights = null) : IConfigChecks
    {
        public IEnumerable<(string Field, string Problem)> Problems()
        {
            if (Weights is { } w && w.Length != Count) yield return ("weights", $"has {w.Length} entries; allowed: exactly count ({Count})");
        }
    }

    public static TheoryData<string, string> BadLmConfigs => new()
    {
        { """{ "variant": null }""", "field 'variant' must not be null; allowed: a string" },
        { """{ "checkpoints": null }""", "field 'checkpoints' must not be null; allowed: a string" },
        { """{ "variant": "XL" }""", "field 'variant' is 'XL'; allowed: baseline, AL, RE, REAL, RE-nobias" },
        { """{ "scale": "huge" }""", "field 'scale' is 'huge'; allowed: quick, full" },
        { """{ "tau": 0 }""", "field 'tau' is 0; allowed: a number > 0" },
        { """{ "alpha": -1 }""", "field 'alpha' is -1; allowed: a number >= 0" },
        { """{ "epochs": 0 }""", "field 'epochs' is 0; allowed: a number >= 1" },
        { """{ "seed": 1.5 }""", "field 'seed' is 1.5; allowed: an integer" },
        { """{ "seed": "one" }""", "field 'seed' is \"one\"; allowed: an integer" },
        { """{ "tau": "10" }""", "field 'tau' is \"10\"; allowed: a number" },
        { """{ "learningRate": -3 }""", "field 'learningRate' is -3; allowed: a number > 0" },
        { """{ "alpha": 1e400 }""", "field 'alpha' is Infinity; allowed: a number >= 0" },
        { """{ "varaint": "AL" }""", "unknown field 'varaint'; the fields are: scale, variant, seed, tau, alpha, epochs, checkpoints, learningRate" },
        { """[1, 2]""", "expected a JSON object of fields (scale, variant, seed, tau, alpha, epochs, checkpoints, learningRate), got a list" },
        { """{ "tau": 1, """, "not valid JSON (line 1, position" },
    };

    [Theory]
    [MemberData(nameof(BadLmConfigs))]
    public void A_bad_lm_config_is_refused_naming_the_file_and_the_field(string json, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigReader.Parse<TrainLmConfig>(json, "lm.json"));
        Assert.StartsWith("lm.json: ", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Fact]
    public void A_good_lm_config_reads_with_defaults_for_what_it_leaves_out()
    {
        var config = ConfigReader.Parse<TrainLmConfig>("""
            { "variant": "+REAL", "epochs": 2, // a comment
              "learningRate": 10, }
            """, "lm.json");
        Assert.Equal(new TrainLmConfig(Variant: "+REAL", Epochs: 2, LearningRate: 10), config);
        Assert.Equal(TyingVariant.ReusedEmbeddingsAugmentedLoss, config.Spec().Variant);
    }

    [Fact]
    public void Required_fields_nullable_fields_and_cross_field_checks()
    {
        Assert.Equal(new Probe(3, Note: null), ConfigReader.Parse<Probe>("""{ "count": 3, "note": null }""", "p.json"));
        Assert.Equal("p.json: missing required field 'count' (an integer)", Assert.Throws<ConfigException>(() => ConfigReader.Parse<Probe>("{}", "p.json")).Message);
        Assert.Equal("p.json: field 'optimizer' is 'Adam'; allowed: adam, sgd",
            Assert.Throws<ConfigException>(() => ConfigReader.Parse<Probe>("""{ "count": 3, "optimizer": "Adam" }""", "p.json")).Message);
        Assert.Equal("p.json: field 'weights' has 1 entries; allowed: exactly count (2)",
            Assert.Throws<ConfigException>(() => ConfigReader.Parse<Probe>("""{ "count": 2, "weights": [0.5] }""", "p.json")).Message);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigReader.Parse<Probe>("""{ "count": 11, "optimizer": null, "extra": 1 }""", "p.json"));
        Assert.Equal("p.json: unknown field 'extra'; the fields are: count, optimizer, note, weights; field 'count' is 11; allowed: a number in [1, 10]; " +
                     "field 'optimizer' must not be null; allowed: one of adam, sgd", error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ConfigReader.Read<Probe>("/nonexistent/config.json"));
        Assert.Equal("config file /nonexistent/config.json does not exist", error.Message);
    }

    [Fact]
    public void A_config_made_in_code_is_checked_by_the_same_rules()
    {
        Assert.Equal(new Probe(3), ConfigReader.Validate(new Probe(3), "code"));
        Assert.Equal("code: field 'count' is 0; allowed: a number in [1, 10]; field 'optimizer' must not be null; allowed: one of adam, sgd",
            Assert.Throws<ConfigException>(() => ConfigReader.Validate(new Probe(0, Optimizer: null!), "code")).Message);
        Assert.Equal("code: field 'weights' has 1 entries; allowed: exactly count (3)",
            Assert.Throws<ConfigException>(() => ConfigReader.Validate(new Probe(3, Weights: [1.0]), "code")).Message);
    }
}
