using Research.Torch;

namespace Research.Bench;

/// <summary>Square float32 matrix products: the binding must add nothing measurable to BLAS time (target >= 0.97x direct libtorch speed).</summary>
public sealed class GemmSuite : IBenchSuite
{
    public string Name => "gemm";
    public string Description => "C = A @ B, float32 square matrices; target: kit time <= 1/0.97 of direct libtorch";

    public IEnumerable<Measurement> Run(int runs)
    {
        foreach (var (n, iterations) in new[] { (512, 200), (2048, 4) })
        {
            torch.manual_seed(0);
            using var a = torch.randn(n, n);
            using var b = torch.randn(n, n);
            yield return Measurement.Take($"gemm_{n}", () => { using var c = a.mm(b); }, runs, iterations);
        }
    }
}
