using Research.Torch;

namespace Research.Torch.Tests;

/// <summary>Autograd against central finite differences in float64, for every differentiable op.</summary>
public sealed class GradientTests
{
    // Values in ±[0.2, 1.5], away from the kinks of abs, relu, clamp and max.
    private static Tensor Input(int seed, params long[] shape)
    {
        var rng = new Random(seed);
        var n = shape.Aggregate(1L, (a, b) => a * b);
        var v = new double[n];
        for (var i = 0; i < n; i++) v[i] = (rng.Next(2) == 0 ? -1 : 1) * (0.2 + 1.3 * rng.NextDouble());
        return torch.tensor(v, shape);
    }

    private static Tensor Positive(int seed, params long[] shape)
    {
        using var x = Input(seed, shape);
        return x.abs();
    }

    // Static tensors leave the DisposeScope of whichever test initialises the class first.
    private static readonly Tensor Index = torch.tensor(new long[] { 2, 0, 2 }).DetachFromDisposeScope();
    private static readonly Tensor GatherIndex = torch.tensor(new long[] { 0, 3, 2, 2, 1, 0 }, [3, 2]).DetachFromDisposeScope();
    // Scatter needs distinct targets per row: with duplicates the winning source is unspecified.
    private static readonly Tensor ScatterIndex = torch.tensor(new long[] { 0, 3, 2, 1, 1, 0 }, [3, 2]).DetachFromDisposeScope();
    private static readonly Tensor Mask = torch.tensor(new[] { true, false, true, false, false, true, true, false, true, true, false, false }, [3, 4]).DetachFromDisposeScope();

    private static readonly (string Name, Func<Tensor[], Tensor> F, Func<Tensor[]> Inputs)[] Cases =
    [
        ("view", x => x[0].view(4, 3), () => [Input(1, 3, 4)]),
        ("reshape", x => x[0].t().reshape(6, 2), () => [Input(2, 3, 4)]),
        ("permute", x => x[0].permute(2, 0, 1), () => [Input(3, 2, 3, 2)]),
        ("transpose", x => x[0].transpose(0, 1), () => [Input(4, 3, 4)]),
        ("squeeze", x => x[0].squeeze(1), () => [Input(5, 3, 1)]),
        ("unsqueeze", x => x[0].unsqueeze(0), () => [Input(6, 4)]),
        ("expand", x => x[0].expand(3, 4), () => [Input(7, 3, 1)]),
        ("cat", x => torch.cat([x[0], x[1]], 1), () => [Input(8, 2, 3), Input(9, 2, 2)]),
        ("stack", x => torch.stack([x[0], x[1]], 0), () => [Input(10, 2, 3), Input(11, 2, 3)]),
        ("split", x => x[0].split(2, 1)[1] * 2, () => [Input(12, 3, 4)]),
        ("chunk", x => x[0].chunk(3, 0)[2], () => [Input(13, 3, 4)]),
        ("narrow", x => x[0].narrow(1, 1, 2), () => [Input(14, 3, 4)]),
        ("slice", x => x[0][1.., ..^1], () => [Input(15, 3, 4)]),
        ("index_tensor", x => x[0][Index], () => [Input(16, 3, 4)]),
        ("index_select", x => x[0].index_select(0, Index), () => [Input(17, 3, 4)]),
        ("gather", x => x[0].gather(1, GatherIndex), () => [Input(18, 3, 4)]),
        ("scatter", x => x[0].scatter(1, ScatterIndex, x[1]), () => [Input(19, 3, 4), Input(20, 3, 2)]),
        ("scatter_add", x => x[0].scatter_add(1, GatherIndex, x[1]), () => [Input(21, 3, 4), Input(22, 3, 2)]),
        ("masked_fill", x => x[0].masked_fill(Mask, 0.5), () => [Input(23, 3, 4)]),
        ("where", x => torch.where(Mask, x[0], x[1]), () => [Input(24, 3, 4), Input(25, 3, 4)]),
        ("flatten", x => x[0].flatten(), () => [Input(26, 2, 3, 2)]),
        ("contiguous", x => x[0].t().contiguous(), () => [Input(27, 3, 4)]),
        ("add", x => x[0] + x[1], () => [Input(28, 3, 4), Input(29, 3, 1)]),
        ("add_alpha", x => x[0].add(x[1], 2.5), () => [Input(30, 3, 4), Input(31, 3, 4)]),
        ("sub", x => x[0] - x[1], () => [Input(32, 3, 4), Input(33, 4)]),
        ("mul", x => x[0] * x[1], () => [Input(34, 3, 4), Input(35, 3, 4)]),
        ("div", x => x[0] / x[1], () => [Input(36, 3, 4), Positive(37, 3, 4)]),
        ("scalar_ops", x => (2.0 - x[0]) * 3.0 / 1.5 + 1.0, () => [Input(38, 3, 4)]),
        ("rdiv", x => 2.0 / x[0], () => [Positive(39, 3, 4)]),
        ("pow_scalar", x => x[0].pow(3), () => [Input(40, 3, 4)]),
        ("pow_tensor", x => x[0].pow(x[1]), () => [Positive(41, 3, 4), Input(42, 3, 4)]),
        ("exp", x => x[0].exp(), () => [Input(43, 3, 4)]),
        ("log", x => x[0].log(), () => [Positive(44, 3, 4)]),
        ("log1p", x => x[0].log1p(), () => [Positive(45, 3, 4)]),
        ("sqrt", x => x[0].sqrt(), () => [Positive(46, 3, 4)]),
        ("abs", x => x[0].abs(), () => [Input(47, 3, 4)]),
        ("clamp", x => x[0].clamp(-0.9, 0.9), () => [Input(48, 3, 4)]),
        ("tanh", x => x[0].tanh(), () => [Input(49, 3, 4)]),
        ("sigmoid", x => x[0].sigmoid(), () => [Input(50, 3, 4)]),
        ("relu", x => x[0].relu(), () => [Input(51, 3, 4)]),
        ("gelu", x => x[0].gelu(), () => [Input(52, 3, 4)]),
        ("gelu_tanh", x => x[0].gelu("tanh"), () => [Input(53, 3, 4)]),
        ("sum", x => x[0].sum(), () => [Input(54, 3, 4)]),
        ("sum_dim", x => x[0].sum(1, keepdim: true), () => [Input(55, 3, 4)]),
        ("mean", x => x[0].mean(0), () => [Input(56, 3, 4)]),
        ("max", x => x[0].max(), () => [Input(57, 3, 4)]),
        ("max_dim", x => x[0].max(1).Values, () => [Input(58, 3, 4)]),
        ("min_dim", x => x[0].min(0).Values, () => [Input(59, 3, 4)]),
        ("logsumexp", x => x[0].logsumexp(1), () => [Input(60, 3, 4)]),
        ("norm", x => x[0].norm(), () => [Input(61, 3, 4)]),
        ("norm_dim", x => x[0].norm(2, 1), () => [Input(62, 3, 4)]),
        ("var", x => x[0].var(1), () => [Input(63, 3, 4)]),
        ("std", x => x[0].std(), () => [Input(64, 3, 4)]),
        ("matmul", x => x[0].matmul(x[1]), () => [Input(65, 3, 4), Input(66, 4, 2)]),
        ("mm", x => x[0].mm(x[1]), () => [Input(67, 2, 3), Input(68, 3, 2)]),
        ("bmm", x => x[0].bmm(x[1]), () => [Input(69, 2, 2, 3), Input(70, 2, 3, 2)]),
        ("softmax", x => x[0].softmax(1), () => [Input(71, 3, 4)]),
        ("log_softmax", x => x[0].log_softmax(0), () => [Input(72, 3, 4)]),
        ("clone", x => x[0].clone() * x[0], () => [Input(73, 3, 4)]),
    ];

    public static TheoryData<string> Names() => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Autograd_matches_finite_differences(string name)
    {
        var c = Cases.Single(k => k.Name == name);
        using var scope = torch.NewDisposeScope();
        var result = torch.autograd.gradcheck(c.F, c.Inputs());
        Assert.True(result.Passed, $"{name}: {result}");
    }

    [Fact]
    public void Gradcheck_catches_a_wrong_gradient()
    {
        using var scope = torch.NewDisposeScope();
        // detach() hides the second factor from autograd, so d(x * x)/dx comes out as x instead of 2x.
        var result = torch.autograd.gradcheck(x => x[0] * x[0].detach(), [Input(99, 3)]);
        Assert.False(result.Passed);
        Assert.True(result.WorstRelativeError > 0.3, result.ToString());
    }

    [Fact]
    public void Detached_input_gets_no_gradient()
    {
        using var scope = torch.NewDisposeScope();
        var x = Input(100, 3).requires_grad_();
        var y = (x.detach() * 2).sum() + x.sum();
        y.backward();
        Assert.Equal(new[] { 1.0, 1.0, 1.0 }, x.grad!.ToArray<double>());
    }
}
