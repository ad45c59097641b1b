using System.Text.Json;
using Research.Torch;
using static Research.Torch.torch;

namespace Research.Torch.Tests;

/// <summary>Optimisers, clipping and schedulers follow PyTorch's trajectories step by step (tests/goldens/make_optim_goldens.py).</summary>
public sealed class OptimizerTrajectoryTests
{
    private static readonly JsonElement Golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "goldens", "optim.json"))).RootElement;

    private sealed record Config(Func<Tensor, Tensor, optim.Optimizer> Optimizer, Func<optim.Optimizer, object>? Scheduler = null, double? Clip = null);

    private static readonly Dictionary<string, Config> Configs = new()
    {
        ["sgd"] = new((w, b) => new optim.SGD([w, b], lr: 0.1)),
        ["sgd_momentum_dampening_wd"] = new((w, b) => new optim.SGD([w, b], lr: 0.05, momentum: 0.9, dampening: 0.1, weight_decay: 0.01)),
        ["sgd_nesterov"] = new((w, b) => new optim.SGD([w, b], lr: 0.05, momentum: 0.9, nesterov: true)),
        ["sgd_groups"] = new((w, b) =>
        {
            var slow = new optim.ParamGroup([b], lr: 0.01);
            slow["momentum"] = 0.5;
            return new optim.SGD([new optim.ParamGroup([w], lr: 0.1), slow], lr: 0.05, momentum: 0.9);
        }),
        ["adam"] = new((w, b) => new optim.Adam([w, b], lr: 0.01)),
        ["adam_wd_amsgrad_betas"] = new((w, b) => new optim.Adam([w, b], lr: 0.01, beta1: 0.8, beta2: 0.95, weight_decay: 0.1, amsgrad: true)),
        ["adamw"] = new((w, b) => new optim.AdamW([w, b], lr: 0.01, weight_decay: 0.1)),
        ["adam_clip"] = new((w, b) => new optim.Adam([w, b], lr: 0.05), Clip: 0.5),
        ["sgd_steplr"] = new((w, b) => new optim.SGD([w, b], lr: 0.1), o => new optim.StepLR(o, step_size: 3, gamma: 0.5)),
        ["adam_cosine"] = new((w, b) => new optim.Adam([w, b], lr: 0.02), o => new optim.CosineAnnealingLR(o, T_max: 10, eta_min: 0.001)),
        ["sgd_linear_warmup"] = new((w, b) => new optim.SGD([w, b], lr: 0.1), o => new optim.LinearLR(o, start_factor: 0.25, total_iters: 4)),
        ["sgd_plateau"] = new((w, b) => new optim.SGD([w, b], lr: 0.1), o => new optim.ReduceLROnPlateau(o, factor: 0.5, patience: 1)),
    };

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    private static Tensor FromGolden(string name, params long[] shape) => tensor(Doubles(Golden.GetProperty(name)), shape);

    public static TheoryData<string> Names() => new(Golden.GetProperty("cases").EnumerateObject().Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Follows_pytorch_for_ten_steps(string name)
    {
        Assert.True(Configs.ContainsKey(name), $"golden case '{name}' has no C# configuration");
        var config = Configs[name];
        var steps = Golden.GetProperty("cases").GetProperty(name).EnumerateArray().ToList();
        var metrics = Doubles(Golden.GetProperty("plateau_metrics"));
        using var scope = NewDisposeScope();
        var x = FromGolden("x", 8, 4);
        var y = FromGolden("y", 8, 3);
        var w = FromGolden("w0", 4, 3).requires_grad_();
        var b = FromGolden("b0", 3).requires_grad_();
        using var optimizer = config.Optimizer(w, b);
        var scheduler = config.Scheduler?.Invoke(optimizer);
        for (var i = 0; i < steps.Count; i++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = (x.matmul(w) + b - y).pow(2).mean() + w.tanh().sum() * 0.1;
            loss.backward();
            double? norm = config.Clip is { } max ? nn.utils.clip_grad_norm_([w, b], max) : null;
            optimizer.step();
            switch (scheduler)
            {
                case optim.ReduceLROnPlateau plateau: plateau.step(metrics[i]); break;
                case optim.LRScheduler s: s.step(); break;
            }
            var expected = steps[i];
            AssertClose([expected.GetProperty("loss").GetDouble()], [loss.item()], $"{name} step {i} loss");
            AssertClose(Doubles(expected.GetProperty("w")), w.ToArray<double>(), $"{name} step {i} w");
            AssertClose(Doubles(expected.GetProperty("b")), b.ToArray<double>(), $"{name} step {i} b");
            AssertClose(Doubles(expected.GetProperty("lr")), optimizer.param_groups.Select(g => g.lr).ToArray(), $"{name} step {i} lr");
            if (norm is { } n) AssertClose([expected.GetProperty("norm").GetDouble()], [n], $"{name} step {i} clip norm");
        }
    }

    private static void AssertClose(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-10 + 1e-9 * Math.Abs(expected[i]),
                $"{what}[{i}]: {actual[i]:R}, PyTorch gives {expected[i]:R}");
    }

    [Fact]
    public void State_dict_resumes_adam_exactly()
    {
        using var scope = NewDisposeScope();
        var x = FromGolden("x", 8, 4);
        var y = FromGolden("y", 8, 3);
        Tensor Loss(Tensor w) => (x.matmul(w) - y).pow(2).mean();
        var straight = FromGolden("w0", 4, 3).requires_grad_();
        using var a = new optim.Adam([straight], lr: 0.05, amsgrad: true);
        var resumed = FromGolden("w0", 4, 3).requires_grad_();
        using var first = new optim.Adam([resumed], lr: 0.05, amsgrad: true);
        for (var i = 0; i < 5; i++)
        {
            foreach (var (opt, p) in new[] { (a, straight), (first, resumed) })
            {
                opt.zero_grad();
                Loss(p).backward();
                opt.step();
            }
        }
        using var saved = first.state_dict();
        using var second = new optim.Adam([resumed], lr: 0.5);
        second.load_state_dict(saved);
        for (var i = 0; i < 5; i++)
        {
            foreach (var (opt, p) in new[] { (a, straight), (second, resumed) })
            {
                opt.zero_grad();
                Loss(p).backward();
                opt.step();
            }
        }
        Assert.Equal(straight.ToArray<double>(), resumed.ToArray<double>());
        Assert.Equal(0.05, second.param_groups[0].lr);
    }
}
