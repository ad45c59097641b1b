using Research.Core.Data.Loading;
using Research.Core.Models;
using Research.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Bench;

/// <summary>
/// Paper 4's guided step against the unguided one, in the same run: a deep FCN (20 × 256, BN, dropout 0.1) on a
/// batch of 256 Fashion-MNIST-sized images with Adam, plain (cross entropy) or guided by an untrained ResNet-8 at width
/// 8 (the quick scale) or 16 (the note's E1 guide) through <see cref="GuidanceObjective"/> (guide forward without
/// autograd, 10 biased-CKA terms), and with the guide's Grams cached (the kit only). bench/torch_bench.py writes the
/// other steps in PyTorch. Target: guided ≤ 1.5× unguided.
/// </summary>
public sealed class GuidanceStepSuite : IBenchSuite
{
    public string Name => "guidance-step";
    public string Description => "deep FCN 20x256 step, batch 256, 28x28, Adam: unguided vs guided by ResNet-8 (width 8, 16); target guided <= 1.5x unguided";

    public IEnumerable<(string Route, string Reference)> Comparisons =>
        [("fcn_guided_w8_step", "fcn_step"), ("fcn_guided_w16_step", "fcn_step"), ("fcn_guided_w8_cached_step", "fcn_step"), ("fcn_guided_w16_cached_step", "fcn_step"),
         ("guide_w8_forward", "fcn_step"), ("guide_w16_forward", "fcn_step")];

    public IEnumerable<Measurement> Run(int runs)
    {
        yield return Step("fcn_step", guideWidth: null, runs);
        yield return Step("fcn_guided_w8_step", guideWidth: 8, runs);
        yield return Step("fcn_guided_w16_step", guideWidth: 16, runs);
        yield return Step("fcn_guided_w8_cached_step", guideWidth: 8, runs, cached: true);
        yield return Step("fcn_guided_w16_cached_step", guideWidth: 16, runs, cached: true);
        yield return GuideForward("guide_w8_forward", 8, runs);
        yield return GuideForward("guide_w16_forward", 16, runs);
    }

    // The guide's share of the overhead: its forward pass alone, eval mode, no autograd (the rest is the CKA terms).
    private static Measurement GuideForward(string name, long width, int runs)
    {
        manual_seed(0);
        using var guide = new ResNet(ResNetConfig.ResNet8(width: width));
        guide.eval();
        using var x = randn(256, 1, 28, 28);
        return Measurement.Take(name, () =>
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            guide.call(x);
        }, runs, 3);
    }

    // cached: the batch carries a key, so after the warm-up the guide's Grams come from GuidanceObjective's cache
    // (the steady state of an epoch after the first with FixedBatches); kit only, the peer has no such case.
    private static Measurement Step(string name, long? guideWidth, int runs, bool cached = false)
    {
        manual_seed(0);
        using var target = new DeepFcn(new DeepFcnConfig(784, Depth: 20, Width: 256));
        using var guide = guideWidth is { } w ? new ResNet(ResNetConfig.ResNet8(width: w)) : null;
        using var guided = guide is null ? null : new GuidanceObjective(target, guide, new GuidanceOptions(cacheGuide: cached));
        IObjective<TensorBatch> objective = guided is null ? new ClassificationObjective(target) : guided;
        objective.StartPass(training: true);
        target.train();
        var parameters = target.parameters().ToList();
        using var optimizer = optim.Adam(parameters, lr: 1e-3);
        using var batch = new TensorBatch(cached
            ? [randn(256, 1, 28, 28), randint(0, 10, [256], dtype: ScalarType.Int64), tensor(0L)]
            : [randn(256, 1, 28, 28), randint(0, 10, [256], dtype: ScalarType.Int64)]);
        return Measurement.Take(name, () =>
        {
            using var scope = NewDisposeScope();
            Gradients.SetToNone(parameters);
            objective.Compute(batch).Loss.backward();
            optimizer.step();
        }, runs, 3);
    }
}
