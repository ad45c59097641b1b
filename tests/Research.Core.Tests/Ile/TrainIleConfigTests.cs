using Research.Core.Experiments.Configs;
using Research.Core.Experiments.Ile;
using Research.Core.Tests.Data;

namespace Research.Core.Tests.Ile;

public sealed class TrainIleConfigTests
{
    private static string Write(TempFolder folder, string json)
    {
        var path = folder.File("ile.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Reads_a_config_and_keeps_defaults()
    {
        using var folder = new TempFolder();
        var config = TrainIleConfig.Read(Write(folder, """
            { "scale": "full", "data": "molecules", "embedding": "wl", "seed": 3, "wlEdgeLabels": false, // comment
            }
            """));
        Assert.Equal(("full", "molecules", "wl", 3, false), (config.Scale, config.Data, config.Embedding, config.Seed, config.WlEdgeLabels));
        Assert.Equal(0.2, config.Temperature);
        Assert.Null(config.PgdIterations);
    }

    [Theory]
    [InlineData("""{ "data": "qm9" }""", "field 'data' is 'qm9'; allowed: synthetic, molecules")]
    [InlineData("""{ "embedding": "kernel" }""", "field 'embedding' is 'kernel'; allowed: learned, wl")]
    [InlineData("""{ "scale": "huge" }""", "field 'scale' is 'huge'; allowed: quick, full")]
    [InlineData("""{ "pooling": "max" }""", "field 'pooling' is 'max'; allowed: sum, mean")]
    [InlineData("""{ "temperature": 0 }""", "field 'temperature' is 0; allowed: a number > 0")]
    [InlineData("""{ "nodeDrop": 1.5 }""", "field 'nodeDrop' is 1.5; allowed: a number in [0, 1)")]
    [InlineData("""{ "pgdStep": -1 }""", "field 'pgdStep' is -1; allowed: a number > 0")]
    [InlineData("""{ "regressionEpochs": 0 }""", "field 'regressionEpochs' is 0; allowed: a number >= 1")]
    [InlineData("""{ "seeds": 1 }""", "unknown field 'seeds'")]
    [InlineData("""{ "data": null }""", "field 'data' must not be null")]
    [InlineData("""{ "seed": "one" }""", "field 'seed' is \"one\"; allowed: an integer")]
    public void Rejects_bad_fields_naming_the_file_and_the_field(string json, string expected)
    {
        using var folder = new TempFolder();
        var path = Write(folder, json);
        var message = Assert.Throws<ConfigException>(() => TrainIleConfig.Read(path)).Message;
        Assert.StartsWith(path, message);
        Assert.Contains(expected, message, StringComparison.OrdinalIgnoreCase);
    }
}
