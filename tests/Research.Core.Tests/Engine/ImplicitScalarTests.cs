using Research.Core.Engine;
using Research.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Engine;

/// <summary>The kit's own code hands TorchSharp no temporary Scalar (STACK.md's GC race), checked in its IL.</summary>
public sealed class ImplicitScalarTests
{
    [Fact]
    public void Kit_code_makes_no_implicit_temporary_scalars()
    {
        var findings = ImplicitScalarScan.Scan(typeof(Trainer<>).Assembly);
        Assert.True(findings.Count == 0, "implicit temporary Scalars in Research.Core:\n" + string.Join("\n", findings));
    }

    private static class Offender
    {
        public static Tensor Add(Tensor a, Tensor b) => a + b;                // Tensor.add(Tensor) passes alpha = 1
        public static Tensor Scale(Tensor a) => a * 2.0;                      // operator with a number
        public static Tensor Fill(Tensor a) => a.masked_fill(a.gt(0), 0.0);   // implicit conversion at the call site
        public static Tensor Kept(Tensor a, Tensor b) => a.plus(b).times(2.0);

        public static Tensor Unkept(Tensor a) => a.mul(2.0.ToScalar());      // made explicitly, but never held
    }

    [Fact]
    public void The_scan_finds_each_kind_of_offence_and_accepts_kept_scalars()
    {
        var findings = ImplicitScalarScan.Scan(typeof(ImplicitScalarTests).Assembly)
            .Where(f => f.Caller.Contains("+Offender.", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(findings, f => f.Caller.EndsWith(".Add", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Caller.EndsWith(".Scale", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Caller.EndsWith(".Fill", StringComparison.Ordinal) && f.Why.StartsWith("an implicit Scalar conversion", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Caller.EndsWith(".Unkept", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => f.Caller.EndsWith(".Kept", StringComparison.Ordinal));
    }
}
