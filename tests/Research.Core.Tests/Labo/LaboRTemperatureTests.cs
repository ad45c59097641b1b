using Research.Core.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Labo;

/// <summary>The budget form's temperature solver (safeguarded Newton on log T): the entropy it reaches, in how many
/// rounds, in float32 as in float64, and its range ends.</summary>
public sealed class LaboRTemperatureTests
{
    private static (Tensor Masked, Tensor Effective) Rows(int seed, long rows, long classes, double spread, ScalarType dtype)
    {
        var z = LaboCases.Logits(seed, rows, classes).mul(tensor(spread / 2, float64)).to(dtype);
        var y = LaboCases.Targets(seed, classes, rows);
        var smoothing = LaboRSmoothing.Budget(0.5);
        return (smoothing.MaskedLogits(z, y), smoothing.EffectiveClasses(z, y));
    }

    [Theory]
    [InlineData(ScalarType.Float64, 0.2, 1.0)]
    [InlineData(ScalarType.Float64, 0.8, 3.0)]
    [InlineData(ScalarType.Float64, 0.95, 8.0)]
    [InlineData(ScalarType.Float32, 0.2, 1.0)]
    [InlineData(ScalarType.Float32, 0.8, 3.0)]
    [InlineData(ScalarType.Float32, 0.95, 8.0)]
    public void Newton_reaches_the_entropy_in_far_fewer_rounds_than_bisection(ScalarType dtype, double ratio, double spread)
    {
        using var scope = NewDisposeScope();
        var (masked, effective) = Rows(11, 256, 1000, spread, dtype);
        var solver = new LaboRTemperature(ratio);
        var t = solver.Solve(masked, effective, out var rounds);
        var entropy = LaboRTemperature.Entropy(masked.to(float64), masked.to(float64).nan_to_num(0, 0, 0), t.to(float64));
        var target = effective.to(float64).log() * ratio;
        var error = (entropy / target - 1).abs().max().item<double>();
        Assert.True(error < (dtype == ScalarType.Float64 ? 1e-10 : 2e-4), $"max |H/h − 1| = {error:E2}");
        Assert.InRange(rounds, 1, 10);                                   // bisection to the same precision takes 35–40
    }

    [Fact]
    public void A_target_beyond_the_range_ends_at_the_range_end()
    {
        using var scope = NewDisposeScope();
        var (masked, effective) = Rows(12, 4, 50, 20.0, ScalarType.Float64);
        // T ≤ 2 cannot spread mass evenly over logits tens apart: the solver stops at the top of its range
        var t = new LaboRTemperature(0.99, maxTemperature: 2).Solve(masked, effective, out var rounds);
        Assert.True(t.allclose(full([4], 2.0, float64), rtol: 1e-8, atol: 0), string.Join(", ", t.data<double>().ToArray()));
        Assert.True(rounds <= 60, $"{rounds} rounds");
        // nor T ≥ 1 concentrate it on nearly equal logits: it stops at the bottom
        var (close, closeEffective) = Rows(13, 4, 50, 0.5, ScalarType.Float64);
        var tiny = new LaboRTemperature(0.01, minTemperature: 1).Solve(close, closeEffective);
        Assert.True(tiny.allclose(ones([4], float64), rtol: 1e-8, atol: 0), string.Join(", ", tiny.data<double>().ToArray()));
    }
}
