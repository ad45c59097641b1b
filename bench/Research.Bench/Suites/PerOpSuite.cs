using Research.Core.Engine;
using TorchSharp;

namespace Research.Bench;

/// <summary>The fixed cost of one op on tiny tensors: TorchSharp's overhead over libtorch's own, against Python's.</summary>
public sealed class PerOpSuite : IBenchSuite
{
    public string Name => "per-op";
    public string Description => "one op on 4-element float32 tensors, result freed each time";

    public IEnumerable<Measurement> Run(int runs)
    {
        const int n = 200_000;
        using var a = torch.ones(4);
        using var b = torch.ones(4);
        using var m = torch.ones(4, 4);
        // `a + b` is TorchSharp's add(b, alpha) with a temporary Scalar alpha = 1 (STACK.md); add_kept holds alpha
        // (the kit's KeptScalars.plus), which is what the kit's own code runs. Python runs `a + b` for both.
        yield return Measurement.Take("add", () => { using var c = a + b; }, runs, n);
        yield return Measurement.Take("add_kept", () => { using var c = a.plus(b); }, runs, n);
        yield return Measurement.Take("mul_scalar", () => { using var c = a * 2.0; }, runs, n);
        yield return Measurement.Take("exp", () => { using var c = a.exp(); }, runs, n);
        yield return Measurement.Take("sum", () => { using var c = a.sum(); }, runs, n);
        yield return Measurement.Take("matmul_4x4", () => { using var c = m.matmul(m); }, runs, n);
        yield return Measurement.Take("view", () => { using var c = m.view(16); }, runs, n);
    }
}
