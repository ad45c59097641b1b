using Research.Core.Data.Loading;
using Research.Core.Engine;
using Research.Core.Experiments.Guidance;
using Research.Core.Losses;
using Research.Core.Models;
using Research.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Guidance;

/// <summary>Guide caching: CKA against a prepared Gram is CKA, and cached guided training runs the guide once per batch.</summary>
public sealed class GuideCacheTests
{
    [Theory]
    [InlineData(CkaEstimator.Biased)]
    [InlineData(CkaEstimator.Unbiased)]
    public void CKA_against_a_prepared_Gram_equals_CKA_and_keeps_its_gradient(CkaEstimator estimator)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var x = randn(2, 16, 5, float64).requires_grad_();
        var y = randn(2, 16, 40, float64).add(x.detach().matmul(randn(5, 40, float64)), KeptScalars.One);
        var (direct, _) = Cka.LinearWithDefined(x, y, estimator, CkaForm.Feature);
        var (prepared, defined) = Cka.LinearWithDefined(x, Cka.PreparedGram(y), estimator);
        Assert.True(direct.allclose(prepared, rtol: 0, atol: 1e-13));
        Assert.True(defined.all().item<bool>());
        var g1 = autograd.grad([direct.sum()], [x])[0];
        var g2 = autograd.grad([prepared.sum()], [x])[0];
        Assert.True(g1.allclose(g2, rtol: 0, atol: 1e-12));
        var constant = Cka.PreparedGram(ones(2, 16, 3, float64));
        Assert.False(Cka.LinearWithDefined(x, constant, estimator).Defined.any().item<bool>());
    }

    [Fact]
    public void Cached_guidance_trains_as_uncached_and_runs_the_guide_only_in_the_first_epoch()
    {
        manual_seed(2);
        using var images = randn(96, 1, 8, 8);
        using var labels = randint(0, 10, [96], dtype: ScalarType.Int64);
        var source = new FixedBatches(images, labels, batchSize: 32, seed: 3);
        Assert.Equal(3, source.BatchCount);
        Assert.NotEqual(Keys(source, 1), Keys(source, 2));                               // the order changes...
        Assert.Equal(Keys(source, 1).Order(), Keys(source, 2).Order());                   // ...the batches do not

        (double[] Losses, long GuideCalls, int Cached) Train(bool cache)
        {
            manual_seed(5);
            using var target = new DeepFcn(new DeepFcnConfig(Inputs: 64, Depth: 4, Width: 16, Dropout: 0));
            using var guide = new ResNet(new ResNetConfig([1, 1], Width: 4));
            long calls = 0;
            var remove = ForwardHooks.OnOutput(guide, _ => calls++);
            using var objective = new GuidanceObjective(target, guide, new GuidanceOptions(cacheGuide: cache));
            var history = new Trainer<TensorBatch>(target, objective, new TrainerOptions(4, p => optim.Adam(p, lr: 1e-3), RestoreBest: false)).Fit(source);
            remove();
            return (history.Select(e => e.Train.MeanLoss + e.Train.Mean("alignment")).ToArray(), calls, objective.CachedBatches);
        }
        var plain = Train(cache: false);
        var cached = Train(cache: true);
        Assert.Equal(12, plain.GuideCalls);
        Assert.Equal(3, cached.GuideCalls);
        Assert.Equal(3, cached.Cached);
        for (var e = 0; e < 4; e++) Assert.Equal(plain.Losses[e], cached.Losses[e], 4);
        Assert.Contains("cacheGuide needs the guide to see the batch",
            Assert.Throws<ArgumentException>(() => new GuidanceOptions(noiseToGuide: true, cacheGuide: true)).Message);
    }

    private static List<long> Keys(FixedBatches source, int epoch)
    {
        var keys = new List<long>();
        foreach (var batch in source.Batches(epoch))
            using (batch)
                keys.Add(batch[2].item<long>());
        return keys;
    }
}
