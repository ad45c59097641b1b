using System.Globalization;
using System.Text;

namespace Research.Bench;

/// <summary>
/// Ratios kit / PyTorch of the median per-iteration times, with their spread over rounds (each round runs both sides
/// back to back, so the per-round ratio is what the machine's drift touches least), and the route comparisons.
/// </summary>
public sealed class Report(IReadOnlyList<string> facts, int runs, int rounds)
{
    private readonly List<Row> rows = new();
    private readonly List<Comparison> comparisons = new();

    /// <summary>One case: the kit's and the peer's measurement in every round (the peer's may be missing).</summary>
    private sealed record Row(string Suite, string Case, List<Measurement> Kit, List<Measurement> Peer)
    {
        public double KitWall => Measurement.Median(Kit.Select(m => m.WallMicros).ToArray());
        public double KitCpu => Measurement.Median(Kit.Select(m => m.CpuMicros).ToArray());
        public double? PeerWall => Peer.Count == 0 ? null : Measurement.Median(Peer.Select(m => m.WallMicros).ToArray());
        public double? PeerCpu => Peer.Count == 0 ? null : Measurement.Median(Peer.Select(m => m.CpuMicros).ToArray());
        public double[] RoundRatios => Kit.Zip(Peer, (k, p) => k.WallMicros / p.WallMicros).ToArray();
        public double KitFaults => Measurement.Median(Kit.Select(m => m.FaultsPerIteration).ToArray());
        public double? PeerFaults => Peer.Count == 0 ? null : Measurement.Median(Peer.Select(m => m.FaultsPerIteration).ToArray());
    }

    private sealed record Comparison(string Suite, string Route, string Reference);

    public void Add(IBenchSuite suite, IReadOnlyList<IReadOnlyList<Measurement>> kitRounds, IReadOnlyList<IReadOnlyList<Measurement>> peerRounds)
    {
        foreach (var name in kitRounds.SelectMany(r => r).Select(m => m.Case).Distinct())
            rows.Add(new Row(suite.Name, name,
                kitRounds.Select(r => r.First(m => m.Case == name)).ToList(),
                peerRounds.Select(r => r.FirstOrDefault(m => m.Case == name)).OfType<Measurement>().ToList()));
        comparisons.AddRange(suite.Comparisons.Select(c => new Comparison(suite.Name, c.Route, c.Reference)));
    }

    public void Print(TextWriter w)
    {
        foreach (var fact in facts) w.WriteLine(fact);
        w.WriteLine($"{"case",-22} {"kit/torch",10} {"range",13} {"cpu k/t",8} {"torch us",12} {"kit us",12} {"faults k",9} {"faults t",9}");
        foreach (var r in rows)
            w.WriteLine($"{r.Case,-22} {Ratio(r.KitWall, r.PeerWall),10} {Range(r.RoundRatios),13} {Ratio(r.KitCpu, r.PeerCpu),8} {Fmt(r.PeerWall),12} {Fmt(r.KitWall),12} {Fmt(r.KitFaults),9} {Fmt(r.PeerFaults),9}");
        foreach (var c in comparisons)
        {
            var (kitRoute, kitRef, peerRoute, peerRef) = Sides(c);
            w.WriteLine($"{c.Route} / {c.Reference}: kit {Ratio(kitRoute, kitRef)}, kit route / torch reference {Ratio(kitRoute, peerRef)}, torch {Ratio(peerRoute ?? 0, peerRef)}");
        }
    }

    public string Markdown()
    {
        var sb = new StringBuilder();
        foreach (var fact in facts) sb.AppendLine($"- {fact}");
        sb.AppendLine($"- each figure: {rounds} round(s), each running the kit then PyTorch; a side's round is the median of {runs} runs; " +
                      "the ratio is of the medians over rounds, the range is the lowest and highest per-round ratio");
        sb.AppendLine();
        sb.AppendLine("| suite | case | kit / PyTorch wall | per-round range | kit / PyTorch CPU | page faults per iteration, kit / PyTorch | PyTorch wall, for scale | kit wall |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
            sb.AppendLine($"| {r.Suite} | {r.Case} | {Ratio(r.KitWall, r.PeerWall)} | {Range(r.RoundRatios)} | {Ratio(r.KitCpu, r.PeerCpu)} | " +
                          $"{Count(r.KitFaults)} / {Count(r.PeerFaults)} | {Scale(r.PeerWall)} | {Scale(r.KitWall)} |");
        if (comparisons.Count == 0) return sb.ToString();
        sb.AppendLine();
        sb.AppendLine("| route | reference | kit route / kit reference | kit route / PyTorch reference | PyTorch route / PyTorch reference |");
        sb.AppendLine("|---|---|---:|---:|---:|");
        foreach (var c in comparisons)
        {
            var (kitRoute, kitRef, peerRoute, peerRef) = Sides(c);
            sb.AppendLine($"| {c.Route} | {c.Reference} | {Ratio(kitRoute, kitRef)} | {Ratio(kitRoute, peerRef)} | {Ratio(peerRoute ?? 0, peerRef)} |");
        }
        return sb.ToString();
    }

    private (double KitRoute, double KitReference, double? PeerRoute, double? PeerReference) Sides(Comparison c)
    {
        Row Find(string name) => rows.First(r => r.Suite == c.Suite && r.Case == name);
        var (route, reference) = (Find(c.Route), Find(c.Reference));
        return (route.KitWall, reference.KitWall, route.PeerWall, reference.PeerWall);
    }

    private static string Count(double? v) => v is { } x ? x.ToString("F0", CultureInfo.InvariantCulture) : "-";

    private static string Fmt(double? v) => v is { } x ? x.ToString("F1", CultureInfo.InvariantCulture) : "-";

    private static string Scale(double? micros) => micros switch
    {
        null => "-",
        >= 1e5 => string.Create(CultureInfo.InvariantCulture, $"{micros.Value / 1e6:F2} s"),
        >= 1e3 => string.Create(CultureInfo.InvariantCulture, $"{micros.Value / 1e3:F1} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{micros.Value:F2} us"),
    };

    private static string Ratio(double kit, double? peer) =>
        peer is > 0 && kit > 0 ? (kit / peer.Value).ToString("F3", CultureInfo.InvariantCulture) : "-";

    private static string Range(double[] ratios) =>
        ratios.Length == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{ratios.Min():F2}-{ratios.Max():F2}");
}
