using Research.Torch;
using static Research.Torch.torch;
using F = Research.Torch.torch.nn.functional;

namespace Research.Torch.Tests;

/// <summary>The masked LSTM recurrence equals libtorch's fused LSTM without a mask, and its gradients are right.</summary>
public sealed class RecurrenceTests
{
    [Fact]
    public void Without_a_mask_it_equals_the_fused_lstm()
    {
        using var lstm = new nn.LSTM(3, 4);
        using var scope = NewDisposeScope();
        var x = randn(6, 2, 3);
        var h0 = randn(1, 2, 4);
        var c0 = randn(1, 2, 4);
        var (expected, (hn, cn)) = lstm.call(x, (h0, c0));
        var p = lstm.named_parameters().ToDictionary(n => n.Name, n => n.Parameter);
        var gates = F.linear(x, p["weight_ih_l0"], p["bias_ih_l0"] + p["bias_hh_l0"]);
        var (output, h, c) = F.lstm_recurrence(gates, h0[0], c0[0], p["weight_hh_l0"]);
        Assert.True(output.allclose(expected, rtol: 1e-5, atol: 1e-6));
        Assert.True(h.allclose(hn[0], rtol: 1e-5, atol: 1e-6));
        Assert.True(c.allclose(cn[0], rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void The_mask_applies_to_the_recurrent_state_only()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var gates = randn(1, 2, 8);
        var h0 = randn(2, 2);
        var c0 = randn(2, 2);
        var w = randn(8, 2);
        var zeroMask = zeros(2, 2);
        // With a zero mask the first step cannot see h0: it depends on gates and c0 only.
        var (withMask, _, _) = F.lstm_recurrence(gates, h0, c0, w, zeroMask);
        var (noRecurrence, _, _) = F.lstm_recurrence(gates, zeros(2, 2), c0, w);
        Assert.True(withMask.allclose(noRecurrence));
    }

    [Fact]
    public void Gradients_match_finite_differences()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var mask = bernoulli(full([2, 3], 0.7)).to(float64) / 0.7;
        var result = autograd.gradcheck(x => F.lstm_recurrence(x[0], x[1], x[2], x[3], mask).Output,
            [randn([4, 2, 12], float64), randn([2, 3], float64), randn([2, 3], float64), randn([12, 3], float64)]);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void Mismatched_sizes_are_named()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => F.lstm_recurrence(zeros(3, 2, 8), zeros(2, 3), zeros(2, 3), zeros(8, 2)));
        Assert.Contains("hidden size 3", e.Message);
    }
}
