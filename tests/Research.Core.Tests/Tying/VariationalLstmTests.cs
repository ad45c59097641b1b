using Research.Core.Models;
using Research.Torch;
using static Research.Torch.torch;

namespace Research.Core.Tests.Tying;

/// <summary>Variational dropout: one mask per sequence, the same at every step, shared by recurrence and output.</summary>
public sealed class VariationalLstmTests
{
    [Fact]
    public void The_output_mask_is_the_same_at_every_time_step()
    {
        using var lstm = new VariationalLstm(4, [6, 6], dropout: 0.5);
        using var scope = NewDisposeScope();
        manual_seed(1);
        var (output, _) = lstm.call(randn(12, 3, 4));       // [T, N, H]
        var dropped = output.eq(0);
        var first = dropped[0];
        Assert.True(first.any().item<bool>());
        for (var t = 1; t < 12; t++) Assert.True(dropped[t].equal(first), $"step {t} uses another mask");
    }

    [Fact]
    public void A_new_forward_pass_draws_new_masks_and_eval_uses_none()
    {
        using var lstm = new VariationalLstm(4, [6], dropout: 0.5);
        using var scope = NewDisposeScope();
        manual_seed(2);
        var x = randn(5, 3, 4);
        var a = lstm.call(x).Output.eq(0);
        var b = lstm.call(x).Output.eq(0);
        Assert.False(a.equal(b));
        lstm.eval();
        Assert.False(lstm.call(x).Output.eq(0).any().item<bool>());
    }

    [Fact]
    public void Without_dropout_it_equals_torch_lstm_on_the_same_weights()
    {
        using var ours = new VariationalLstm(4, [5, 5], dropout: 0.2);
        using var reference = new nn.LSTM(4, 5, num_layers: 2);
        using var scope = NewDisposeScope();
        reference.load_state_dict(ours.state_dict());
        ours.eval();
        var x = randn(7, 2, 4);
        var (expected, (h, c)) = reference.call(x);
        var (output, state) = ours.call(x);
        Assert.True(output.allclose(expected, rtol: 1e-5, atol: 1e-6));
        Assert.True(state.H[1].allclose(h[1], rtol: 1e-5, atol: 1e-6));
        Assert.True(state.C[0].allclose(c[0], rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Gradients_with_fixed_masks_match_finite_differences()
    {
        using var lstm = new VariationalLstm(3, [4], dropout: 0.3);
        lstm.to(float64);
        using var scope = NewDisposeScope();
        var x = randn([4, 2, 3], float64).requires_grad_();
        var rng = get_rng_state();
        // Reset the generator before every evaluation so that each one draws the same masks.
        var result = autograd.gradcheck(() =>
        {
            set_rng_state(rng);
            return lstm.call(x).Output;
        }, lstm.parameters().Prepend(x).ToList());
        Assert.True(result.Passed, result.ToString());
    }
}
