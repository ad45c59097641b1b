using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Engine;

/// <summary>The outcome of <see cref="GradCheck.Run(Func{Tensor[], Tensor}, Tensor[], double, double, double, int)"/>:
/// the worst disagreement between the autograd gradient and central finite differences, and where it was.</summary>
public sealed record GradCheckResult(
    bool Passed,
    double MaxAbsoluteError,
    double WorstRelativeError,
    int WorstInput,
    long WorstIndex,
    double Analytic,
    double Numeric,
    long ElementsChecked)
{
    public override string ToString() =>
        $"gradcheck {(Passed ? "passed" : "FAILED")}: worst relative error {WorstRelativeError:E2} at input {WorstInput}, " +
        $"element {WorstIndex} (autograd {Analytic:G8}, finite difference {Numeric:G8}); max |error| {MaxAbsoluteError:E2} over {ElementsChecked} elements";
}

/// <summary>
/// Float64 gradient checks, as torch.autograd.gradcheck (which TorchSharp lacks): autograd gradients against central
/// finite differences. The output is projected on a fixed random direction v, so each input element costs two
/// evaluations of f. An element passes when |analytic − numeric| ≤ atol + rtol·|numeric| (PyTorch's criterion).
/// </summary>
public static class GradCheck
{
    /// <summary>Checks f at copies of the float64 inputs.</summary>
    public static GradCheckResult Run(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(inputs);
        using var scope = NewDisposeScope();
        var leaves = inputs.Select(x => x.detach().clone().requires_grad_()).ToArray();
        return Run(() => f(leaves), leaves, eps, atol, rtol, seed);
    }

    /// <summary>
    /// The same check for a closure over existing float64 leaves, such as a module's parameters and an input: each
    /// element is perturbed in place (and restored exactly), so modules need no rewiring.
    /// </summary>
    public static GradCheckResult Run(Func<Tensor> f, IReadOnlyList<Tensor> leaves, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(leaves);
        foreach (var x in leaves)
        {
            if (x.dtype != ScalarType.Float64)
                throw new ArgumentException($"gradcheck: inputs must be float64 for reliable finite differences, got {x.dtype}");
            if (!x.requires_grad || !x.is_leaf)
                throw new ArgumentException("gradcheck: every checked tensor must be a leaf that requires grad");
        }
        using var scope = NewDisposeScope();
        var output = f();
        var direction = RandomDirection(output.shape, seed);
        var analytic = torch.autograd.grad([output], leaves.ToArray(), [direction], allow_unused: true)
            .Select((g, i) => g is null || g.IsInvalid ? new double[leaves[i].numel()] : g.data<double>().ToArray()).ToArray();

        double Projected()
        {
            using var inner = NewDisposeScope();
            using var _ = no_grad();
            return (f() * direction).sum().item<double>();
        }

        var worst = (Score: -1.0, Input: 0, Index: 0L, A: 0.0, N: 0.0, Rel: 0.0);
        var maxAbs = 0.0;
        long checkedCount = 0;
        for (var i = 0; i < leaves.Count; i++)
        {
            using var flat = leaves[i].detach().view(-1);
            var values = flat.data<double>().ToArray();
            for (long k = 0; k < values.Length; k++)
            {
                using var element = flat[k];
                var original = values[k];
                element.fill_kept_(original + eps);
                var plus = Projected();
                element.fill_kept_(original - eps);
                var minus = Projected();
                element.fill_kept_(original);
                var numeric = (plus - minus) / (2 * eps);
                var a = analytic[i][k];
                var error = Math.Abs(a - numeric);
                var score = error / (atol + rtol * Math.Abs(numeric));
                maxAbs = Math.Max(maxAbs, error);
                checkedCount++;
                if (score > worst.Score || double.IsNaN(score))
                    worst = (double.IsNaN(score) ? double.PositiveInfinity : score, i, k, a, numeric,
                        error / Math.Max(Math.Max(Math.Abs(a), Math.Abs(numeric)), 1e-12));
            }
        }
        return new GradCheckResult(worst.Score <= 1.0, maxAbs, worst.Rel, worst.Input, worst.Index, worst.A, worst.N, checkedCount);
    }

    private static Tensor RandomDirection(long[] shape, int seed)
    {
        var rng = new Random(seed);
        var n = shape.Aggregate(1L, (a, b) => a * b);
        var v = new double[n];
        for (var k = 0; k < n; k++) v[k] = rng.NextDouble() * 2 - 1;
        return tensor(v, shape, ScalarType.Float64);
    }
}
