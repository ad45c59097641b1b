using TorchSharp;

namespace Research.Bench;

/// <summary>Square float32 matrix products: BLAS against BLAS (libtorch 2.10's bundled MKL against Debian's OpenBLAS).</summary>
public sealed class GemmSuite : IBenchSuite
{
    public string Name => "gemm";
    public string Description => "C = A @ B, float32 square matrices";

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
