using Research.Core.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Labo;

/// <summary><see cref="RowExpectation"/>, the autograd node of LABO-R's Σ_k q_k·z_k that spends q's buffer as its gradient.</summary>
public sealed class RowExpectationTests
{
    private static (Tensor Z, Tensor Q, Tensor G) Case(int seed)
    {
        var generator = new Generator((ulong)seed);
        var z = randn([5, 9], float64, generator: generator);
        var q = randn([5, 9], float64, generator: generator).softmax(1);
        var g = randn([5], float64, generator: generator);
        return (z, q, g);
    }

    [Fact]
    public void Its_value_and_gradient_equal_those_of_a_plain_weighted_sum()
    {
        using var scope = NewDisposeScope();
        var (z0, q, g) = Case(1);
        var expected = z0.mul(q).sum(1);
        var z = z0.detach().clone().requires_grad_();
        var value = RowExpectation.Of(z, q.clone());
        Assert.True(value.allclose(expected, rtol: 0, atol: 1e-14));
        value.backward([g]);
        Assert.True(z.grad!.allclose(q.mul(g.unsqueeze(1)), rtol: 0, atol: 1e-15));             // ∂/∂z = g·q
    }

    [Fact]
    public void It_runs_without_a_graph_and_leaves_q_untouched_when_nothing_is_differentiated()
    {
        using var scope = NewDisposeScope();
        var (z, q, _) = Case(2);
        var kept = q.clone();
        using (no_grad()) Assert.True(RowExpectation.Of(z, q).allclose(z.mul(q).sum(1), rtol: 0, atol: 1e-14));
        Assert.True(RowExpectation.Of(z, q).allclose(z.mul(q).sum(1), rtol: 0, atol: 1e-14));  // z without grad
        Assert.True(q.eq(kept).all().item<bool>());
    }

    [Fact]
    public void A_second_backward_through_the_same_graph_gives_a_nan_gradient_not_a_wrong_one_or_a_crash()
    {
        using var scope = NewDisposeScope();
        var (z0, q, g) = Case(3);
        var z = z0.detach().clone().requires_grad_();
        var value = RowExpectation.Of(z, q.clone());
        value.backward([g], retain_graph: true);
        Assert.True(z.grad!.allclose(q.mul(g.unsqueeze(1)), rtol: 0, atol: 1e-15));
        z.grad!.zero_();
        value.backward([g]);                                                                      // the first spent q's buffer
        Assert.True(z.grad!.isnan().all().item<bool>());
    }

    [Fact]
    public void Bad_inputs_are_refused_with_the_shapes_named()
    {
        using var scope = NewDisposeScope();
        var (z, q, _) = Case(4);
        Assert.Contains("[5, 9] and distribution [5, 8]", Assert.Throws<ArgumentException>(() => RowExpectation.Of(z, q[.., ..8])).Message);
        Assert.Contains("constant", Assert.Throws<ArgumentException>(() => RowExpectation.Of(z, q.clone().requires_grad_())).Message);
    }
}
