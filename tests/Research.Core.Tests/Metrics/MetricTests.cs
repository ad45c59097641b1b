using Research.Core.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Metrics;

public sealed class MetricTests
{
    [Fact]
    public void Accuracy_counts_argmax_hits_and_respects_the_mask()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.tensor(new float[] { 2, 1, 0, 0, 3, 1, 5, 0, 0, 1, 1, 9 }, [4, 3]);   // argmax 0, 1, 0, 2
        var targets = torch.tensor(new long[] { 0, 1, 2, 0 });
        Assert.Equal(new AccuracyCount(2, 4), Accuracy.Count(logits, targets));
        Assert.Equal(0.5, Accuracy.Of(logits, targets));
        var mask = torch.tensor(new[] { true, false, true, false });
        Assert.Equal(new AccuracyCount(1, 2), Accuracy.Count(logits, targets, mask));
        Assert.Equal(new AccuracyCount(3, 6), Accuracy.Count(logits, targets) + Accuracy.Count(logits, targets, mask));
        Assert.Equal(2.0 / 3, Accuracy.Of([1, 2, 3], [1, 0, 3]), 12);
        var e = Assert.Throws<ArgumentException>(() => Accuracy.Count(logits, torch.zeros([4, 7], ScalarType.Int64)));
        Assert.Contains("targets has shape [4, 7] but logits has shape [4, 3]: expected [4]", e.Message);
    }

    [Fact]
    public void Perplexity_of_uniform_logits_is_the_vocabulary_size()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.zeros([6, 50]);
        var targets = torch.tensor(new long[] { 0, 7, 49, 3, 3, 1 });
        Assert.Equal(50.0, Perplexity.Of(logits, targets), 9);
    }

    [Fact]
    public void Perplexity_matches_a_hand_worked_case()
    {
        // Probabilities of the targets: 1/2 and 1/4 (logits log 2, log 1, log 1 over 3 classes give 1/2, 1/4, 1/4).
        using var scope = torch.NewDisposeScope();
        var row = new[] { (float)Math.Log(2), 0f, 0f };
        var logits = torch.tensor(row.Concat(row).ToArray(), [2, 3]);
        var targets = torch.tensor(new long[] { 0, 2 });
        var sum = Perplexity.Sum(logits, targets);
        Assert.Equal(Math.Log(2) + Math.Log(4), sum.NegativeLogLikelihood, 6);
        Assert.Equal(Math.Sqrt(8), sum.Perplexity, 5);    // exp((log 2 + log 4) / 2)
        var masked = Perplexity.Sum(logits, targets, torch.tensor(new[] { true, false }));
        Assert.Equal(2.0, masked.Perplexity, 5);
        Assert.Equal(Math.Sqrt(8), (masked + Perplexity.Sum(logits.narrow(0, 1, 1), targets.narrow(0, 1, 1))).Perplexity, 5);
        Assert.Equal(Math.E, Perplexity.FromMeanLoss(1), 12);
        Assert.Equal(Math.Exp(2.5), Perplexity.FromTotal(10, 4), 9);
    }

    [Fact]
    public void Mae_and_rmse_of_a_hand_worked_case()
    {
        double[] predictions = [1, 2, 3, 4], targets = [2, 2, 5, 0];    // errors -1, 0, -2, 4
        Assert.Equal(7.0 / 4, RegressionErrors.MeanAbsoluteError(predictions, targets), 12);
        Assert.Equal(Math.Sqrt(21.0 / 4), RegressionErrors.RootMeanSquaredError(predictions, targets), 12);
        Assert.Contains("predictions has 1 entries but targets has 2", Assert.Throws<ArgumentException>(() => RegressionErrors.MeanAbsoluteError([1], [1, 2])).Message);
    }
}
