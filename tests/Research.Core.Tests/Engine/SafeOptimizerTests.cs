using Research.Core.Training.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Tests.Engine;

/// <summary>The kit's GC-safe optimizers follow TorchSharp's (and so PyTorch's) trajectories exactly.</summary>
public sealed class SafeOptimizerTests
{
    public static TheoryData<string> Cases => new() { "sgd", "sgd-momentum", "sgd-nesterov-decay", "adam", "adam-amsgrad-decay" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ten_steps_match_torchsharps_optimizer(string name)
    {
        var (kit, kitOptimizer) = Build(name, safe: true);
        var (reference, referenceOptimizer) = Build(name, safe: false);
        manual_seed(7);
        var inputs = Enumerable.Range(0, 10).Select(_ => randn(8, 5)).ToList();
        foreach (var x in inputs)
        {
            Step(kit, kitOptimizer, x);
            Step(reference, referenceOptimizer, x);
        }
        foreach (var ((n, a), (_, b)) in kit.named_parameters().Zip(reference.named_parameters()))
            Assert.True(a.eq(b).all().item<bool>(), $"{name}: parameter {n} differs after 10 steps (max |diff| {(a - b).abs().max().item<float>()})");
    }

    [Fact]
    public void Learning_rate_changes_through_param_groups_apply()
    {
        var (model, optimizer) = Build("sgd", safe: true);
        foreach (var group in optimizer.ParamGroups) group.LearningRate = 0;
        var before = model.parameters().Select(p => p.detach().clone()).ToList();
        Step(model, optimizer, randn(8, 5));
        Assert.All(model.parameters().Zip(before), pair => Assert.True(pair.First.eq(pair.Second).all().item<bool>()));
    }

    private static (Linear Model, OptimizerHelper Optimizer) Build(string name, bool safe)
    {
        manual_seed(3);
        var model = nn.Linear(5, 3);
        var p = model.parameters();
        OptimizerHelper optimizer = (name, safe) switch
        {
            ("sgd", true) => new SafeSgd(p, 0.1),
            ("sgd", false) => optim.SGD(p, 0.1),
            ("sgd-momentum", true) => new SafeSgd(p, 0.1, momentum: 0.9, dampening: 0.1),
            ("sgd-momentum", false) => optim.SGD(p, 0.1, momentum: 0.9, dampening: 0.1),
            ("sgd-nesterov-decay", true) => new SafeSgd(p, 0.1, momentum: 0.9, weight_decay: 0.01, nesterov: true),
            ("sgd-nesterov-decay", false) => optim.SGD(p, 0.1, momentum: 0.9, weight_decay: 0.01, nesterov: true),
            ("adam", true) => new SafeAdam(p, 0.01),
            ("adam", false) => optim.Adam(p, 0.01),
            ("adam-amsgrad-decay", true) => new SafeAdam(p, 0.01, weight_decay: 0.01, amsgrad: true),
            ("adam-amsgrad-decay", false) => optim.Adam(p, 0.01, weight_decay: 0.01, amsgrad: true),
            _ => throw new ArgumentException(name),
        };
        return (model, optimizer);
    }

    private static void Step(Linear model, OptimizerHelper optimizer, Tensor x)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var y = model.call(x);
        (y * y).mean().backward();
        optimizer.step();
    }
}
