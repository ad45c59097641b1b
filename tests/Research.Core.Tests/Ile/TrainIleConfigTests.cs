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
    [InlineData("""{ "data": "qm9" }""", "data is 'qm9': expected one of synthetic, molecules")]
    [InlineData("""{ "embedding": "kernel" }""", "embedding is 'kernel': expected one of learned, wl")]
    [InlineData("""{ "scale": "huge" }""", "scale is 'huge': expected quick or full")]
    [InlineData("""{ "pooling": "max" }""", "pooling is 'max': expected one of sum, mean")]
    [InlineData("""{ "temperature": 0 }""", "temperature is 0: expected a finite number > 0")]
    [InlineData("""{ "nodeDrop": 1.5 }""", "NodeDrop is 1.5: expected a rate in [0, 1)")]
    [InlineData("""{ "pgdStep": -1 }""", "pgdStep is -1: expected > 0")]
    [InlineData("""{ "regressionEpochs": 0 }""", "expected > 0 when given")]
    [InlineData("""{ "seeds": 1 }""", "seeds")]
    [InlineData("""{ "data": null }""", "Data")]
    [InlineData("""{ "seed": "one" }""", "seed")]
    public void Rejects_bad_fields_naming_the_file_and_the_field(string json, string expected)
    {
        using var folder = new TempFolder();
        var path = Write(folder, json);
        var message = Assert.Throws<InvalidDataException>(() => TrainIleConfig.Read(path)).Message;
        Assert.StartsWith(path, message);
        Assert.Contains(expected, message, StringComparison.OrdinalIgnoreCase);
    }
}
