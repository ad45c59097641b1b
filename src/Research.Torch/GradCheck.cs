namespace Research.Torch;

/// <summary>The outcome of <see cref="torch.autograd.gradcheck"/>: the worst disagreement between the
/// autograd gradient and central finite differences, and where it was.</summary>
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

public static partial class torch
{
    public static partial class autograd
    {
        /// <summary>
        /// Compares autograd gradients of f with central finite differences, in float64. The output is
        /// projected on a fixed random direction v, so each input element costs two evaluations of f;
        /// a wrong gradient is caught for almost every v. An element passes when
        /// |analytic - numeric| &lt;= atol + rtol |numeric| (PyTorch's criterion).
        /// </summary>
        public static GradCheckResult gradcheck(Func<Tensor[], Tensor> f, Tensor[] inputs,
            double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3, int seed = 0)
        {
            ArgumentNullException.ThrowIfNull(f);
            ArgumentNullException.ThrowIfNull(inputs);
            foreach (var x in inputs)
                if (x.dtype != ScalarType.Float64)
                    throw new ArgumentException($"gradcheck: inputs must be float64 for reliable finite differences, got {x.dtype.PyTorchName()}");

            using var scope = NewDisposeScope();
            var leaves = inputs.Select(x => x.detach().clone().requires_grad_()).ToArray();
            var output = f(leaves);
            var direction = RandomDirection(output.shape, seed);
            var analytic = grad([output], leaves, [direction], allow_unused: true)
                .Select((g, i) => g is null ? new double[leaves[i].numel()] : g.ToArray<double>()).ToArray();

            // f at the inputs with element k of input i set to values[k]; its temporaries die with the scope.
            double Projected(int i, double[] values, long[] shape)
            {
                using var inner = NewDisposeScope();
                using var _ = no_grad();
                var xs = (Tensor[])leaves.Clone();
                xs[i] = tensor(values, shape, ScalarType.Float64);
                return (f(xs) * direction).sum().item<double>();
            }

            var worst = (Score: -1.0, Input: 0, Index: 0L, A: 0.0, N: 0.0, Rel: 0.0);
            var maxAbs = 0.0;
            long checkedCount = 0;
            for (var i = 0; i < leaves.Length; i++)
            {
                var values = leaves[i].ToArray<double>();
                var shape = leaves[i].shape;
                for (long k = 0; k < values.Length; k++)
                {
                    var original = values[k];
                    values[k] = original + eps;
                    var plus = Projected(i, values, shape);
                    values[k] = original - eps;
                    var minus = Projected(i, values, shape);
                    values[k] = original;
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
}
