using Research.Torch;

namespace Research.Torch.Tests;

/// <summary>backward with a gradient and retain_graph, no_grad, zero_grad and torch.autograd.grad.</summary>
public sealed class AutogradTests
{
    [Fact]
    public void Backward_accumulates_and_zero_grad_clears()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { 1, 2, 3 }, requires_grad: true);
        var y = (x * x).sum();
        y.backward(retain_graph: true);
        y.backward();
        Assert.Equal(new double[] { 4, 8, 12 }, x.grad!.ToArray<double>());
        x.zero_grad(set_to_none: false);
        Assert.Equal(new double[] { 0, 0, 0 }, x.grad!.ToArray<double>());
        x.zero_grad();
        Assert.Null(x.grad);
    }

    [Fact]
    public void Second_backward_without_retain_graph_fails_clearly()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { 1, 2 }, requires_grad: true);
        var y = x.exp().sum();
        y.backward();
        var e = Assert.Throws<TorchException>(() => y.backward());
        Assert.Contains("second time", e.Message);
    }

    [Fact]
    public void Backward_of_a_non_scalar_takes_a_gradient()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { 1, 2, 3 }, requires_grad: true);
        var y = x * 2;
        y.backward(torch.tensor(new double[] { 1, 0, -1 }));
        Assert.Equal(new double[] { 2, 0, -2 }, x.grad!.ToArray<double>());
    }

    [Fact]
    public void No_grad_records_nothing_and_restores_the_mode()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([2], requires_grad: true);
        Tensor y;
        using (torch.no_grad())
        {
            Assert.False(torch.is_grad_enabled());
            y = x * 2;
        }
        Assert.True(torch.is_grad_enabled());
        Assert.False(y.requires_grad);
        Assert.False(y.has_grad_fn);
        Assert.True((x * 2).requires_grad);
    }

    [Fact]
    public void Autograd_grad_gives_higher_order_derivatives()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { 0.5, -1.0 }, requires_grad: true);
        var y = x.pow(3).sum();
        var dy = torch.autograd.grad([y], [x], create_graph: true)[0]!;
        Assert.Equal(new[] { 0.75, 3.0 }, dy.ToArray<double>());
        var d2y = torch.autograd.grad([dy.sum()], [x])[0]!;
        Assert.Equal(new[] { 3.0, -6.0 }, d2y.ToArray<double>());
        Assert.Null(x.grad);
    }

    [Fact]
    public void Autograd_grad_reports_unused_inputs_as_null_only_when_allowed()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([2], requires_grad: true);
        var unused = torch.ones([2], requires_grad: true);
        var y = (x * 3).sum();
        var g = torch.autograd.grad([y], [x, unused], retain_graph: true, allow_unused: true);
        Assert.Null(g[1]);
        Assert.Throws<TorchException>(() => torch.autograd.grad([y], [x, unused]));
    }

    [Fact]
    public void Detach_shares_storage_but_not_the_graph()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([3], requires_grad: true);
        var d = x.detach();
        Assert.False(d.requires_grad);
        Assert.True(d.SharesStorageWith(x));
        using (torch.no_grad()) d.mul_(5);
        Assert.Equal(new float[] { 5, 5, 5 }, x.ToArray<float>());
    }

    [Fact]
    public void Results_require_grad_only_when_an_input_does()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.randn(2, 2);
        var b = torch.randn([2, 2], requires_grad: true);
        Assert.False((a + a).requires_grad);
        Assert.False(a.matmul(a).softmax(1).sum(0).requires_grad);
        Assert.True((a + b).requires_grad);
        Assert.True(a.matmul(b).log_softmax(1).sum(1).requires_grad);
    }
}
