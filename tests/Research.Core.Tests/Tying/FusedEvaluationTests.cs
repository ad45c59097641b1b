using Research.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Tying;

/// <summary>VariationalLstm's evaluation route (libtorch's fused LSTM, used without masks and gradients).</summary>
public sealed class FusedEvaluationTests
{
    [Fact]
    public void The_fused_route_matches_the_step_loop_in_float64()
    {
        manual_seed(4);
        using var lstm = new VariationalLstm(5, [7, 3], dropout: 0.3);
        lstm.to(ScalarType.Float64);
        lstm.eval();
        using var scope = NewDisposeScope();
        var x = randn([6, 2, 5], ScalarType.Float64);
        var (loop, loopState) = lstm.call(x, null);                     // gradients on: the step loop
        Tensor fused;
        LstmState fusedState;
        using (no_grad()) (fused, fusedState) = lstm.call(x, null);     // gradients off: the fused kernel
        Assert.True(fused.allclose(loop, rtol: 0, atol: 1e-12), $"max |diff| {(fused - loop).abs().max().item<double>()}");
        for (var l = 0; l < 2; l++)
        {
            Assert.True(fusedState.H[l].allclose(loopState.H[l], rtol: 0, atol: 1e-12));
            Assert.True(fusedState.C[l].allclose(loopState.C[l], rtol: 0, atol: 1e-12));
        }
    }

    [Fact]
    public void Evaluating_leaves_the_random_generator_where_it_was()
    {
        manual_seed(5);
        using var lstm = new VariationalLstm(4, [4], dropout: 0.5);
        lstm.eval();
        using var input = randn(3, 2, 4);
        using var before = get_rng_state();
        using (no_grad())
        using (NewDisposeScope())
            lstm.call(input, null);                                      // builds the fused kernel on first use
        using var after = get_rng_state();
        Assert.True(after.eq(before).all().item<bool>(), "building the fused kernel consumed random numbers");
    }
}
