using Research.Core.Data.Loading;
using Research.Core.Engine;
using Research.Core.Losses;
using Research.Core.Models;
using Research.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Guidance;

/// <summary>The guidance objective's wiring: the loss, a frozen guide, α = 0 as the base run, the step limit, overrides.</summary>
public sealed class GuidanceObjectiveTests
{
    private static TensorBatch Batch(long n, long features, int seed)
    {
        manual_seed(seed);
        return new TensorBatch([randn(n, features), randint(0, 3, [n], dtype: ScalarType.Int64)]);
    }

    [Fact]
    public void Loss_is_mean_cross_entropy_plus_alpha_times_the_summed_one_minus_CKA_over_the_uniform_pairs()
    {
        manual_seed(1);
        using var target = new DeepFcn(new DeepFcnConfig(Inputs: 5, Depth: 6, Width: 8, Classes: 3, Dropout: 0));
        using var guide = new DeepFcn(new DeepFcnConfig(Inputs: 5, Depth: 3, Width: 16, Classes: 3, Dropout: 0));
        using var objective = new GuidanceObjective(target, guide, new GuidanceOptions(alpha: 2.5));
        using var batch = Batch(32, 5, 2);
        using var scope = NewDisposeScope();
        objective.StartPass(training: true);
        var output = objective.Compute(batch);

        Assert.Equal(["blocks.0.linear ← blocks.0.linear", "blocks.2.linear ← blocks.1.linear", "blocks.5.linear ← blocks.2.linear"], objective.PairNames);
        Assert.Equal(6, objective.Layers.Target.Count);
        // The same terms recomputed from the recorders' rules by hand: target layers 0, 2, 5 against guide layers 0, 1, 2 (2.5 rounds to 2).
        using var t = new LayerRecorder(target) { Enabled = true, BatchSize = 32 };
        using var g = new LayerRecorder(guide) { Enabled = true, BatchSize = 32 };
        var logits = target.call(batch[0]);
        using (no_grad()) guide.call(batch[0]);
        var expected = new[] { (0, 0), (2, 1), (5, 2) }.Sum(p => 1 - Cka.Linear(t.Layers[p.Item1].Activation, g.Layers[p.Item2].Activation).item<float>());
        var ce = nn.functional.cross_entropy(logits, batch[1]).item<float>();
        Assert.Equal(ce + 2.5 * expected, output.Loss.item<float>(), 4);
        Assert.Equal(expected * 32, output.Sums.Terms["alignment"], 3);
        Assert.Equal(ce * 32, output.Sums.Loss, 3);
        Assert.Equal(3, output.Sums.Terms.Keys.Count(k => k.StartsWith("cka:")));
    }

    [Fact]
    public void The_alignment_term_is_zero_when_the_target_layer_is_the_guide_layer_rotated_and_scaled()
    {
        manual_seed(3);
        using var guide = nn.Sequential(("hidden", nn.Linear(4, 6)), ("head", nn.Linear(6, 3))).to(float64);
        using var target = nn.Sequential(("hidden", nn.Linear(4, 6)), ("head", nn.Linear(6, 3))).to(float64);
        using (no_grad())
        {
            var (q, _) = linalg.qr(randn(6, 6, float64));
            var w = guide.parameters().First();
            var b = guide.parameters().Skip(1).First();
            target.parameters().First().copy_(q.T.matmul(w).times(-0.3));                 // x Wᵀ Q·s, s = −0.3
            target.parameters().Skip(1).First().copy_(b.matmul(q).times(-0.3));
        }
        using var objective = new GuidanceObjective(target, guide);
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var batch = new TensorBatch([randn(16, 4, float64), randint(0, 3, [16], dtype: ScalarType.Int64)]);
        objective.StartPass(training: true);
        var sums = objective.Compute(batch).Sums;
        Assert.True(Math.Abs(sums.Terms["alignment"]) < 1e-12, $"alignment {sums.Terms["alignment"]}");
        Assert.Equal(16.0, sums.Terms["cka:0"], 10);
    }

    [Fact]
    public void The_guide_gets_no_gradient_and_no_batch_norm_update_and_alpha_zero_trains_exactly_as_the_base_run()
    {
        DeepFcn Fcn(int seed, int depth)
        {
            manual_seed(seed);
            return new DeepFcn(new DeepFcnConfig(Inputs: 6, Depth: depth, Width: 8, Classes: 3));
        }
        var source = new TensorBatchSource(new TensorDataLoader([randn(64, 6), randint(0, 3, [64], dtype: ScalarType.Int64)], batchSize: 16, shuffle: true, seed: 1));
        var options = new TrainerOptions(Epochs: 2, Optimizer: p => optim.Adam(p, lr: 1e-2), RestoreBest: false);

        using var guide = Fcn(7, 3);
        var before = guide.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        using var guided = Fcn(5, 4);
        using (var objective = new GuidanceObjective(guided, guide))
        {
            manual_seed(11);
            new Trainer<TensorBatch>(guided, objective, options).Fit(source);
            Assert.Equal(8, objective.Steps);
        }
        Assert.All(guide.parameters(), p => Assert.True(p.grad is null || p.grad.IsInvalid || p.grad.abs().max().item<float>() == 0));
        Assert.All(guide.state_dict(), kv => Assert.True(kv.Value.eq(before[kv.Key]).all().item<bool>(), $"guide {kv.Key} changed"));

        using var base1 = Fcn(5, 4);
        manual_seed(11);
        new Trainer<TensorBatch>(base1, new ClassificationObjective(base1), options).Fit(source);
        using var alphaZero = Fcn(5, 4);
        using (var objective = new GuidanceObjective(alphaZero, guide, new GuidanceOptions(alpha: 0)))
        {
            manual_seed(11);
            new Trainer<TensorBatch>(alphaZero, objective, options).Fit(source);
        }
        var trained = alphaZero.state_dict();
        Assert.All(base1.state_dict(), kv => Assert.True(kv.Value.eq(trained[kv.Key]).all().item<bool>(), $"{kv.Key} differs from the base run"));
        Assert.False(guided.state_dict()["head.weight"].eq(trained["head.weight"]).all().item<bool>());
    }

    [Fact]
    public void Guidance_stops_after_the_given_steps_and_evaluation_measures_without_adding_to_the_loss()
    {
        manual_seed(2);
        using var target = new DeepFcn(new DeepFcnConfig(Inputs: 5, Depth: 3, Width: 8, Classes: 3));
        using var guide = new DeepFcn(new DeepFcnConfig(Inputs: 5, Depth: 2, Width: 8, Classes: 3));
        using var objective = new GuidanceObjective(target, guide, new GuidanceOptions(guidanceSteps: 2));
        using var batch = Batch(16, 5, 3);
        using var scope = NewDisposeScope();
        objective.StartPass(training: true);
        Assert.True(objective.Compute(batch).Sums.Terms.ContainsKey("alignment"));
        Assert.True(objective.Compute(batch).Sums.Terms.ContainsKey("alignment"));
        Assert.Equal(["ce"], objective.Compute(batch).Sums.Terms.Keys);
        target.eval();
        objective.StartPass(training: false);
        var evaluated = objective.Compute(batch);
        Assert.True(evaluated.Sums.Terms.ContainsKey("alignment"));
        Assert.Equal(evaluated.Sums.Loss / 16, evaluated.Loss.item<float>(), 4);

        // A runner's per-epoch test passes skip the guide; the cross entropy is the same either way.
        var guideCalls = 0;
        var hook = guide.register_forward_hook((_, _, output) => { guideCalls++; return output; });
        objective.MeasureInEvaluation = false;
        var unmeasured = objective.Compute(batch);
        Assert.Equal(["ce"], unmeasured.Sums.Terms.Keys);
        Assert.Equal(0, guideCalls);
        Assert.Equal(evaluated.Sums.Terms["ce"], unmeasured.Sums.Terms["ce"], 6);
        objective.MeasureInEvaluation = true;
        objective.Compute(batch);
        Assert.Equal(1, guideCalls);
        hook.remove();
    }

    [Fact]
    public void Named_pairs_override_the_mapping_noise_feeds_the_guide_and_unknown_names_are_listed()
    {
        manual_seed(4);
        using var target = new DeepFcn(new DeepFcnConfig(Inputs: 5, Depth: 3, Width: 8, Classes: 3, Dropout: 0));
        using var guide = new DeepFcn(new DeepFcnConfig(Inputs: 5, Depth: 3, Width: 8, Classes: 3, Dropout: 0));
        using var batch = Batch(16, 5, 5);
        using var scope = NewDisposeScope();
        using var named = new GuidanceObjective(target, guide, new GuidanceOptions(pairs: [("blocks.2.linear", "blocks.0.linear")]));
        named.StartPass(training: true);
        var sums = named.Compute(batch).Sums;
        Assert.Equal(["blocks.2.linear ← blocks.0.linear"], named.PairNames);
        using var noisy = new GuidanceObjective(target, guide, new GuidanceOptions(noiseToGuide: true, pairs: [("blocks.2.linear", "blocks.0.linear")]));
        noisy.StartPass(training: true);
        Assert.NotEqual(sums.Terms["cka:0"], noisy.Compute(batch).Sums.Terms["cka:0"]);
        using var wrong = new GuidanceObjective(target, guide, new GuidanceOptions(pairs: [("fc9", "blocks.0.linear")]));
        wrong.StartPass(training: true);
        var error = Assert.Throws<ArgumentException>(() => wrong.Compute(batch));
        Assert.Contains("the target has no recorded layer 'fc9'; it has: blocks.0.linear, blocks.1.linear, blocks.2.linear", error.Message);
    }
}
