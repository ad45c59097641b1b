using Research.Core.Experiments.Ile;
using Xunit.Abstractions;

namespace Research.Core.Tests.Ile;

/// <summary>
/// The whole ILE pipeline (reconstruction) on a small synthetic text → graph set: learned ψ, regression, candidate and
/// PGD decoding must beat a random training graph by a clear margin on GED.
/// </summary>
public sealed class IleEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public void Learned_ile_beats_random_candidates_on_synthetic_graphs()
    {
        var data = IleData.Synthetic(train: 800, valid: 100, test: 100);
        var config = new TrainIleConfig(Scale: "quick", Data: "synthetic", Embedding: "learned", Seed: 1, ContrastiveEpochs: 8, RegressionEpochs: 12, PgdIterations: 10);
        var result = IleRunner.Run(config, data);
        foreach (var d in result.Decoders)
            output.WriteLine($"{d.Decoder}: GED w/ {d.Scores.MeanGedWithEdges:F3} w/o {d.Scores.MeanGedWithoutEdges:F3} exact {d.Scores.ExactMatch:F3} outside {d.Scores.OutsideTraining:F3} upper bounds {d.Scores.UpperBoundsWithEdges}");
        output.WriteLine($"contrastive {result.ContrastiveLoss:F4} valid surrogate {result.ValidSurrogateLoss:F4} pgd drop {result.PgdRelaxedDrop:F4} fallback {result.PgdFallbackShare:F3}; seconds {result.ContrastiveSeconds:F1} / {result.RegressionSeconds:F1} / {result.DecodingSeconds:F1}");
        var (learned, random, oracle) = (result["candidates"].Scores, result["random"].Scores, result["oracle"].Scores);
        Assert.True(learned.MeanGedWithEdges < 0.75 * random.MeanGedWithEdges, $"learned GED {learned.MeanGedWithEdges} vs random {random.MeanGedWithEdges}");
        Assert.True(oracle.MeanGedWithEdges <= learned.MeanGedWithEdges);
        Assert.Equal(0, learned.OutsideTraining);
        Assert.True(result.PgdRelaxedDrop >= 0);
    }
}
