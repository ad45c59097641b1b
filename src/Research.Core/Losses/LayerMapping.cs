namespace Research.Core.Losses;

/// <summary>
/// Which target layer each guide layer supervises (the authors' layer_sim.py:layer_supervision; v2: "guide layers spread
/// uniformly over the target's layers"): with G guide and T target layers, step = (T−1)/(G−1) (1 when G = 1) and guide
/// layer i maps to min(round(i·step), T−1), rounding half to even as Python's round does. Pairs are kept per target
/// layer, so when G > T a later guide layer overwrites an earlier one and each target layer gets at most one term.
/// </summary>
public static class LayerMapping
{
    /// <summary>The target index of every guide layer, [G].</summary>
    public static int[] TargetOfGuide(int guideLayers, int targetLayers)
    {
        if (guideLayers < 1) throw new ArgumentOutOfRangeException(nameof(guideLayers), $"LayerMapping: guideLayers must be >= 1, got {guideLayers}");
        if (targetLayers < 1) throw new ArgumentOutOfRangeException(nameof(targetLayers), $"LayerMapping: targetLayers must be >= 1, got {targetLayers}");
        var step = guideLayers == 1 ? 1.0 : (targetLayers - 1.0) / (guideLayers - 1.0);
        return Enumerable.Range(0, guideLayers)
            .Select(i => Math.Min((int)Math.Round(i * step, MidpointRounding.ToEven), targetLayers - 1))
            .ToArray();
    }

    /// <summary>The surviving (target, guide) pairs in target order: the last guide layer mapped to a target wins.</summary>
    public static IReadOnlyList<(int Target, int Guide)> Pairs(int guideLayers, int targetLayers)
    {
        var byTarget = new SortedDictionary<int, int>();
        var targets = TargetOfGuide(guideLayers, targetLayers);
        for (var g = 0; g < targets.Length; g++) byTarget[targets[g]] = g;
        return byTarget.Select(kv => (kv.Key, kv.Value)).ToList();
    }
}
