namespace Research.Bench;

/// <summary>A group of timed cases. bench/torch_bench.py implements the same suite and case names for PyTorch.</summary>
public interface IBenchSuite
{
    string Name { get; }

    /// <summary>What the suite compares and the target ratio (kit / peer).</summary>
    string Description { get; }

    IEnumerable<Measurement> Run(int runs);
}
