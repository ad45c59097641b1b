using System.Globalization;
using System.Text;
using Research.Torch;

namespace Research.Bench;

/// <summary>Side-by-side ratios (kit / PyTorch) and the machine facts that make them meaningful.</summary>
public sealed class Report(int threads, int runs)
{
    private readonly List<(IBenchSuite Suite, Measurement Kit, Measurement? Peer)> rows = new();

    public void Add(IBenchSuite suite, IEnumerable<Measurement> kit, IReadOnlyList<Measurement> peer)
    {
        foreach (var k in kit) rows.Add((suite, k, peer.FirstOrDefault(p => p.Case == k.Case)));
    }

    public void Print(TextWriter w)
    {
        w.WriteLine($"{"suite",-12} {"case",-22} {"kit wall us",12} {"torch wall us",14} {"wall ratio",10} {"cpu ratio",10}");
        foreach (var (suite, kit, peer) in rows)
            w.WriteLine($"{suite.Name,-12} {kit.Case,-22} {kit.WallMicros,12:F3} {peer?.WallMicros,14:F3} {Ratio(kit.WallMicros, peer?.WallMicros),10} {Ratio(kit.CpuMicros, peer?.CpuMicros),10}");
    }

    public string Markdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, libtorch {torch.__version__}");
        sb.AppendLine($"BLAS: {torch.blas_info()}");
        sb.AppendLine($"Threads: {threads}; each figure is the median of {runs} runs.");
        sb.AppendLine();
        sb.AppendLine("| suite | case | kit wall (us) | PyTorch wall (us) | wall ratio | kit CPU (us) | PyTorch CPU (us) | CPU ratio |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (suite, kit, peer) in rows)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {suite.Name} | {kit.Case} | {kit.WallMicros:F3} | {peer?.WallMicros:F3} | {Ratio(kit.WallMicros, peer?.WallMicros)} | {kit.CpuMicros:F3} | {peer?.CpuMicros:F3} | {Ratio(kit.CpuMicros, peer?.CpuMicros)} |"));
        return sb.ToString();
    }

    private static string Ratio(double kit, double? peer) =>
        peer is > 0 ? (kit / peer.Value).ToString("F2", CultureInfo.InvariantCulture) + "x" : "n/a";
}
