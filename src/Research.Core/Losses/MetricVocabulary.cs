using Research.Core.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Losses;

/// <summary>How two values of the metric sub-vocabulary are compared (dist2loss.md §1, "Distances").</summary>
public enum MetricDistance
{
    /// <summary>d = (φ(v) − φ(y))² for scalar values: number tokens.</summary>
    SquaredDifference,

    /// <summary>d = ‖φ(v) − φ(y)‖² for points: a joint 2-D coordinate token.</summary>
    SquaredEuclidean,

    /// <summary>d = ‖e_v − e_y‖² / D between codebook embeddings (VQ codes).</summary>
    MeanSquaredError,

    /// <summary>d = 1 − cos(e_v, e_y) between codebook embeddings.</summary>
    Cosine,
}

/// <summary>
/// The metric sub-vocabulary V_d of DIST2: the token ids that carry a value, their values φ [K, D] (a scalar, a 2-D
/// point, an embedding) and the distance between values. Holds two tensors; dispose it when done.
/// </summary>
public sealed class MetricVocabulary : IDisposable
{
    private static readonly Scalar Zero = 0.ToScalar();
    private static readonly Scalar MinusOne = (-1).ToScalar();
    private static readonly Scalar MinusTwo = (-2).ToScalar();

    private MetricVocabulary(Tensor ids, Tensor values, MetricDistance distance)
    {
        Ids = ids;
        Values = values;
        Distance = distance;
    }

    /// <summary>Token ids [K], int64, distinct and non-negative.</summary>
    public Tensor Ids { get; }

    /// <summary>φ [K, D], float64.</summary>
    public Tensor Values { get; }

    public MetricDistance Distance { get; }

    public long Count => Ids.shape[0];

    /// <summary>Number tokens: ids[k] carries the scalar values[k]; d = Δ².</summary>
    public static MetricVocabulary Scalars(long[] ids, double[] values) =>
        Create(ids, values, 1, MetricDistance.SquaredDifference);

    /// <summary>The tokens firstId .. firstId + count − 1 carrying the values 0 .. count − 1 (digits, integers).</summary>
    public static MetricVocabulary Integers(long firstId, int count) =>
        Scalars(Enumerable.Range(0, count).Select(k => firstId + k).ToArray(), Enumerable.Range(0, count).Select(k => (double)k).ToArray());

    /// <summary>Joint coordinate tokens: ids[k] carries the point (points[k, 0], points[k, 1]); d = ‖Δ‖².</summary>
    public static MetricVocabulary Points(long[] ids, double[,] points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.GetLength(1) != 2) throw new ArgumentException($"MetricVocabulary: points has {points.GetLength(1)} columns: expected 2", nameof(points));
        return Create(ids, points.Cast<double>().ToArray(), 2, MetricDistance.SquaredEuclidean);
    }

    /// <summary>Codebook tokens: ids[k] carries the embedding row k of [K, D]; d is the MSE or the cosine distance.</summary>
    public static MetricVocabulary Embeddings(long[] ids, Tensor embeddings, MetricDistance distance)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (distance is not (MetricDistance.MeanSquaredError or MetricDistance.Cosine))
            throw new ArgumentException($"MetricVocabulary: distance is {distance}: expected MeanSquaredError or Cosine for embeddings", nameof(distance));
        if (embeddings.dim() != 2 || embeddings.shape[0] != ids.Length)
            throw new ArgumentException($"MetricVocabulary: embeddings has shape [{string.Join(", ", embeddings.shape)}]: expected [{ids.Length}, D]", nameof(embeddings));
        CheckIds(ids);
        return new MetricVocabulary(tensor(ids).DetachFromDisposeScope(), embeddings.detach().to(float64).clone().DetachFromDisposeScope(), distance);
    }

    private static MetricVocabulary Create(long[] ids, double[] values, int width, MetricDistance distance)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(values);
        CheckIds(ids);
        if (values.Length != ids.Length * width)
            throw new ArgumentException($"MetricVocabulary: values has {values.Length / width} rows but ids has {ids.Length}: expected one value per id", nameof(values));
        if (values.Any(v => !double.IsFinite(v))) throw new ArgumentException("MetricVocabulary: values must be finite", nameof(values));
        return new MetricVocabulary(tensor(ids).DetachFromDisposeScope(), tensor(values, [ids.Length, width], float64).DetachFromDisposeScope(), distance);
    }

    private static void CheckIds(long[] ids)
    {
        if (ids.Length == 0) throw new ArgumentException("MetricVocabulary: ids is empty: expected at least one token", nameof(ids));
        if (ids.Any(i => i < 0)) throw new ArgumentException($"MetricVocabulary: ids must be >= 0, got {ids.Min()}", nameof(ids));
        if (ids.Distinct().Count() != ids.Length) throw new ArgumentException("MetricVocabulary: ids has duplicates: expected distinct token ids", nameof(ids));
    }

    /// <summary>The random-metric control (dist2loss.md §1): the same ids with their values permuted by a seeded shuffle.</summary>
    public MetricVocabulary Permuted(int seed)
    {
        var order = Enumerable.Range(0, (int)Count).ToArray();
        new Random(seed).Shuffle(order);
        using var scope = NewDisposeScope();
        var values = Values.index_select(0, tensor(order.Select(i => (long)i).ToArray()));
        return new MetricVocabulary(Ids.clone().DetachFromDisposeScope(), values.DetachFromDisposeScope(), Distance);
    }

    /// <summary>loc [V] int64: the position in V_d of each token id, −1 for tokens outside V_d.</summary>
    public Tensor Positions(long vocabularySize, Device device)
    {
        var largest = Ids.max().item<long>();
        if (largest >= vocabularySize)
            throw new ArgumentException($"MetricVocabulary: token id {largest} is outside the logits' vocabulary of {vocabularySize}", nameof(vocabularySize));
        using var scope = NewDisposeScope();
        var loc = KeptScalars.full_kept([vocabularySize], -1, int64, device);
        using var count = Count.ToScalar();
        loc.index_put_(arange(Zero, count, KeptScalars.One, int64, device), Ids.to(device));
        return loc.MoveToOuterDisposeScope();
    }

    /// <summary>d(v, y) [M, K] for the labels at positions j [M] of V_d, in the given dtype and on j's device.</summary>
    public Tensor Distances(Tensor j, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var all = Values.to(dtype).to(j.device);                                   // [K, D]
        var at = all.index_select(0, j);                                          // [M, D]
        Tensor d = Distance switch
        {
            MetricDistance.SquaredDifference or MetricDistance.SquaredEuclidean or MetricDistance.MeanSquaredError when all.shape[1] <= 4 =>
                Squared(at, all),
            MetricDistance.SquaredDifference or MetricDistance.SquaredEuclidean or MetricDistance.MeanSquaredError =>
                ExpandedSquared(at, all),
            _ => CosineDistance(at, all),
        };
        if (Distance == MetricDistance.MeanSquaredError) d = d.over(all.shape[1]);
        return d.MoveToOuterDisposeScope();
    }

    // Σ_D (a − b)² by broadcasting: exact, for a few dimensions. [M, 1, D] − [1, K, D] → [M, K].
    private static Tensor Squared(Tensor at, Tensor all)
    {
        var diff = at.unsqueeze(1).add(all.unsqueeze(0), MinusOne);
        return diff.mul(diff).sum(2);
    }

    // ‖a‖² + ‖b‖² − 2 a·b, without the [M, K, D] difference; rounding can make it slightly negative.
    private static Tensor ExpandedSquared(Tensor at, Tensor all)
    {
        var aa = at.mul(at).sum(1, keepdim: true);                                // [M, 1]
        var bb = all.mul(all).sum(1).unsqueeze(0);                                // [1, K]
        return aa.plus(bb).add(at.matmul(all.T), MinusTwo).clamp_min(Zero);
    }

    private static Tensor CosineDistance(Tensor at, Tensor all)
    {
        var a = nn.functional.normalize(at, dim: 1);
        var b = nn.functional.normalize(all, dim: 1);
        return a.matmul(b.T).neg().plus(1.0);                                     // 1 − cos
    }

    public void Dispose()
    {
        Ids.Dispose();
        Values.Dispose();
    }
}
