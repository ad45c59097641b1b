namespace Research.Bench;

/// <summary>A group of timed cases. bench/torch_bench.py implements the same suite and case names for PyTorch.</summary>
public interface IBenchSuite
{
    string Name { get; }

    /// <summary>What the suite compares and the target ratio (kit / peer).</summary>
    string Description { get; }

    IEnumerable<Measurement> Run(int runs);

    /// <summary>Whether bench/torch_bench.py implements this suite; a suite without a PyTorch twin reports only the kit's own ratios.</summary>
    bool HasPeer => true;

    /// <summary>
    /// Pairs of cases (route, reference) whose ratio is itself a finding, e.g. the kit's step loop against the fused
    /// kernel: reported as route / reference within the kit and as the kit's route / the peer's reference.
    /// </summary>
    IEnumerable<(string Route, string Reference)> Comparisons => [];
}
