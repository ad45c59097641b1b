using Research.Torch;

namespace Research.Bench;

/// <summary>The fixed cost of one op on tiny tensors: the binding's overhead over libtorch's own.</summary>
public sealed class PerOpSuite : IBenchSuite
{
    public string Name => "per-op";
    public string Description => "one op on 4-element float32 tensors, result freed each time; target <= 0.7x Python";

    public IEnumerable<Measurement> Run(int runs)
    {
        const int n = 200_000;
        using var a = torch.ones(4);
        using var b = torch.ones(4);
        using var m = torch.ones(4, 4);
        yield return Measurement.Take("add", () => { using var c = a + b; }, runs, n);
        yield return Measurement.Take("mul_scalar", () => { using var c = a * 2.0; }, runs, n);
        yield return Measurement.Take("exp", () => { using var c = a.exp(); }, runs, n);
        yield return Measurement.Take("sum", () => { using var c = a.sum(); }, runs, n);
        yield return Measurement.Take("matmul_4x4", () => { using var c = m.matmul(m); }, runs, n);
        yield return Measurement.Take("view", () => { using var c = m.view(16); }, runs, n);
    }
}
