using System.Globalization;
using System.Text;
using Research.Torch;

namespace Research.Bench;

/// <summary>Side-by-side ratios (kit / PyTorch, kit / direct libtorch) and the machine facts that make them meaningful.</summary>
public sealed class Report(int threads, int runs, int rounds)
{
    private readonly List<Row> rows = new();

    private sealed record Row(string Suite, Measurement Kit, Measurement? PyTorch, Measurement? Libtorch);

    public void Add(IBenchSuite suite, IEnumerable<Measurement> kit, IReadOnlyList<Measurement> pytorch, IReadOnlyList<Measurement> libtorch)
    {
        foreach (var k in kit)
            rows.Add(new Row(suite.Name, k, pytorch.FirstOrDefault(p => p.Case == k.Case), libtorch.FirstOrDefault(p => p.Case == k.Case)));
    }

    public void Print(TextWriter w)
    {
        w.WriteLine($"{"case",-18} {"kit us",11} {"torch us",11} {"libtorch us",12} {"kit/torch",10} {"kit/libtorch",13} {"cpu kit/torch",14}");
        foreach (var r in rows)
            w.WriteLine($"{r.Kit.Case,-18} {r.Kit.WallMicros,11:F2} {Fmt(r.PyTorch?.WallMicros),11} {Fmt(r.Libtorch?.WallMicros),12} " +
                        $"{Ratio(r.Kit.WallMicros, r.PyTorch?.WallMicros),10} {Ratio(r.Kit.WallMicros, r.Libtorch?.WallMicros),13} {Ratio(r.Kit.CpuMicros, r.PyTorch?.CpuMicros),14}");
    }

    public string Markdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"- machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, libtorch {torch.__version__}");
        sb.AppendLine($"- BLAS: {torch.blas_info()}");
        sb.AppendLine($"- threads: {threads} (libtorch, OpenMP and OpenBLAS, on every side)");
        sb.AppendLine($"- each figure: {rounds} round(s) alternating kit, PyTorch and libtorch; each round the median of {runs} runs; the figure is the median of the rounds");
        sb.AppendLine();
        sb.AppendLine("| suite | case | kit wall (us) | PyTorch wall (us) | libtorch wall (us) | kit / PyTorch wall | kit / PyTorch CPU | kit / libtorch wall |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Suite} | {r.Kit.Case} | {r.Kit.WallMicros:F2} | {Fmt(r.PyTorch?.WallMicros)} | {Fmt(r.Libtorch?.WallMicros)} | " +
                $"{Ratio(r.Kit.WallMicros, r.PyTorch?.WallMicros)} | {Ratio(r.Kit.CpuMicros, r.PyTorch?.CpuMicros)} | {Ratio(r.Kit.WallMicros, r.Libtorch?.WallMicros)} |"));
        return sb.ToString();
    }

    private static string Fmt(double? v) => v is { } x ? x.ToString("F2", CultureInfo.InvariantCulture) : "-";

    private static string Ratio(double kit, double? peer) =>
        peer is > 0 ? (kit / peer.Value).ToString("F3", CultureInfo.InvariantCulture) : "-";
}
