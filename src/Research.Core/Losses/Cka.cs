using Research.Core.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Losses;

/// <summary>Which HSIC estimator linear CKA is built on.</summary>
public enum CkaEstimator
{
    /// <summary>tr(KHLH)/(n−1)², the authors' choice (rep_sims.py:CKA); saturates towards 1 when width ≫ batch.</summary>
    Biased,
    /// <summary>Song et al. (2012), diagonals of K and L zeroed; ≈ 0 on independent data at any width. Needs n > 3.</summary>
    Unbiased,
}

/// <summary>How the Gram inner products are formed; both give the same value.</summary>
public enum CkaForm
{
    /// <summary>The cheaper of the two for the shapes: O(n²(dx+dy)) against O(n(dx·dy+dx²+dy²)).</summary>
    Auto,
    /// <summary>⟨K, L⟩ with K = XcXcᵀ [n, n].</summary>
    Gram,
    /// <summary>‖XcᵀYc‖²_F with [dx, dy] products.</summary>
    Feature,
}

/// <summary>
/// Linear centred kernel alignment (Kornblith et al. 2019) between two sets of representations of the same n examples,
/// X [..., n, dx] and Y [..., n, dy] (leading axes are a batch of independent pairs):
/// CKA = HSIC(K, L)/√(HSIC(K, K)·HSIC(L, L)) with K = XXᵀ, L = YYᵀ. Columns are centred first (every estimator here is
/// invariant to a per-column offset) and each side is scaled to unit Frobenius norm (CKA is scale-invariant), so float32
/// neither overflows nor underflows on wide layers. A side that is constant over the examples has no CKA: the value
/// there is 0 and <see cref="Defined"/> is false, never NaN, and its gradient is finite.
/// </summary>
public static class Cka
{
    /// <summary>CKA [...] between X [..., n, dx] and Y [..., n, dy].</summary>
    public static Tensor Linear(Tensor x, Tensor y, CkaEstimator estimator = CkaEstimator.Biased, CkaForm form = CkaForm.Auto)
    {
        var (value, defined) = LinearWithDefined(x, y, estimator, form);
        using (defined) return value;
    }

    /// <summary>CKA [...] and whether it is defined [...] (bool): false where a side is constant over the n examples, or
    /// (unbiased) where an HSIC(K, K) estimate is not positive.</summary>
    public static (Tensor Value, Tensor Defined) LinearWithDefined(Tensor x, Tensor y, CkaEstimator estimator = CkaEstimator.Biased, CkaForm form = CkaForm.Auto)
    {
        CheckShapes(x, y, estimator);
        using var scope = NewDisposeScope();
        var (xn, xVaries) = CentredUnit(x);
        var (yn, yVaries) = CentredUnit(y);
        long n = x.size(-2), dx = x.size(-1), dy = y.size(-1);
        var useGram = form switch
        {
            CkaForm.Gram => true,
            CkaForm.Feature => false,
            _ => n * n * (dx + dy) < n * (dx * dy + dx * dx + dy * dy),
        };
        Tensor cross, selfX, selfY;                                        // ⟨K,L⟩, ‖K‖², ‖L‖², each [...]
        if (useGram)
        {
            var k = xn.matmul(xn.transpose(-2, -1));                                      // [..., n, n]
            var l = yn.matmul(yn.transpose(-2, -1));
            cross = k.mul(l).sum([-2, -1]);
            selfX = Square(k).sum([-2, -1]);
            selfY = Square(l).sum([-2, -1]);
        }
        else
        {
            cross = Square(xn.transpose(-2, -1).matmul(yn)).sum([-2, -1]);                // ‖XᵀY‖²_F = tr(KL)
            selfX = Square(xn.transpose(-2, -1).matmul(xn)).sum([-2, -1]);
            selfY = Square(yn.transpose(-2, -1).matmul(yn)).sum([-2, -1]);
        }
        var defined = xVaries.logical_and(yVaries);
        if (estimator == CkaEstimator.Unbiased)
        {
            // Song et al. 2012 with centred columns: K̃1 = −diag(K), so every term reduces to ‖·‖²_F and diag(K), diag(L).
            var kd = Square(xn).sum(-1);                                  // diag(K) [..., n]
            var ld = Square(yn).sum(-1);
            cross = UnbiasedHsic(cross, kd, ld, n);
            selfX = UnbiasedHsic(selfX, kd, kd, n);
            selfY = UnbiasedHsic(selfY, ld, ld, n);
            defined = defined.logical_and(selfX.gt(Zero)).logical_and(selfY.gt(Zero));
        }
        var denominator = selfX.mul(selfY).clamp_min(Tiny).sqrt();
        var value = cross.div(denominator).masked_fill(defined.logical_not(), Zero);
        return (value.MoveToOuterDisposeScope(), defined.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// One side prepared once for many CKAs: its centred, unit-norm Gram [..., n, n] and whether it varies [...] (the
    /// guide's side when its activations do not change, as a frozen guide's on a fixed batch).
    /// </summary>
    public static (Tensor Gram, Tensor Varies) PreparedGram(Tensor y)
    {
        ArgumentNullException.ThrowIfNull(y);
        if (y.dim() < 2 || !y.is_floating_point()) throw new ArgumentException($"Cka: y has shape [{string.Join(", ", y.shape)}] ({y.dtype}): expected floating-point [..., n, dy]", nameof(y));
        using var scope = NewDisposeScope();
        var (unit, varies) = CentredUnit(y);
        return (unit.matmul(unit.transpose(-2, -1)).MoveToOuterDisposeScope(), varies.MoveToOuterDisposeScope());
    }

    /// <summary>CKA [...] and whether it is defined, between X [..., n, dx] and a side given by <see cref="PreparedGram"/>
    /// (the Gram form; the same value as <see cref="LinearWithDefined(Tensor, Tensor, CkaEstimator, CkaForm)"/>).</summary>
    public static (Tensor Value, Tensor Defined) LinearWithDefined(Tensor x, (Tensor Gram, Tensor Varies) prepared, CkaEstimator estimator = CkaEstimator.Biased)
    {
        ArgumentNullException.ThrowIfNull(x);
        var l = prepared.Gram;
        if (l.dim() != x.dim() || l.size(-1) != x.size(-2) || l.size(-2) != x.size(-2) || !x.shape[..^2].SequenceEqual(l.shape[..^2]))
            throw new ArgumentException($"Cka: the prepared Gram has shape [{string.Join(", ", l.shape)}] but x has shape [{string.Join(", ", x.shape)}]: expected [{string.Join(", ", x.shape[..^1])}, {x.size(-2)}]", nameof(prepared));
        CheckShapes(x, x, estimator);
        using var scope = NewDisposeScope();
        var (xn, xVaries) = CentredUnit(x);
        var k = xn.matmul(xn.transpose(-2, -1));                           // [..., n, n]
        var gram = l.to(k.dtype);
        var cross = k.mul(gram).sum([-2, -1]);
        var selfX = Square(k).sum([-2, -1]);
        var selfY = Square(gram).sum([-2, -1]);
        var defined = xVaries.logical_and(prepared.Varies);
        if (estimator == CkaEstimator.Unbiased)
        {
            long n = x.size(-2);
            var kd = k.diagonal(0, -2, -1);                                  // diag(K) [..., n]
            var ld = gram.diagonal(0, -2, -1);
            cross = UnbiasedHsic(cross, kd, ld, n);
            selfX = UnbiasedHsic(selfX, kd, kd, n);
            selfY = UnbiasedHsic(selfY, ld, ld, n);
            defined = defined.logical_and(selfX.gt(Zero)).logical_and(selfY.gt(Zero));
        }
        var value = cross.div(selfX.mul(selfY).clamp_min(Tiny).sqrt()).masked_fill(defined.logical_not(), Zero);
        return (value.MoveToOuterDisposeScope(), defined.MoveToOuterDisposeScope());
    }

    /// <summary>Σ over pairs of (1 − CKA) where CKA is defined: the guidance distance of a stack of pairs, [].</summary>
    public static Tensor Distance(Tensor x, Tensor y, CkaEstimator estimator = CkaEstimator.Biased, CkaForm form = CkaForm.Auto)
    {
        using var scope = NewDisposeScope();
        var (value, defined) = LinearWithDefined(x, y, estimator, form);
        return defined.to(value.dtype).add(value, MinusOne).sum().MoveToOuterDisposeScope();   // 0 where undefined
    }

    private static Tensor Square(Tensor t) => t.mul(t);

    private static readonly Scalar Zero = 0.0.ToScalar();
    private static readonly Scalar Tiny = 1e-30.ToScalar();
    private static readonly Scalar MinusOne = (-1.0).ToScalar();

    // HSIC_u·n(n−3) = tr(K̃L̃) + (1ᵀK̃1)(1ᵀL̃1)/((n−1)(n−2)) − 2·1ᵀK̃L̃1/(n−2), with tr(K̃L̃) = tr(KL) − Σ k_i l_i,
    // 1ᵀK̃1 = −Σ k_i and 1ᵀK̃L̃1 = Σ k_i l_i once columns are centred. The positive factor 1/(n(n−3)) cancels in CKA.
    private static Tensor UnbiasedHsic(Tensor traceKl, Tensor kd, Tensor ld, long n)
    {
        var kl = kd.mul(ld).sum(-1);
        var sums = kd.sum(-1).mul(ld.sum(-1)).over((n - 1.0) * (n - 2.0));
        return traceKl.add(kl.times(1.0 + 2.0 / (n - 2.0)), MinusOne).add(sums, KeptScalars.One);
    }

    // Xc/‖Xc‖_F, and whether Xc is more than rounding noise of X (a constant side centres to ≈ε·‖X‖).
    private static (Tensor Unit, Tensor Varies) CentredUnit(Tensor x)
    {
        var centred = x.add(x.mean([-2], keepdim: true), MinusOne);
        var norm = Square(centred).sum([-2, -1], keepdim: true).clamp_min(Tiny).sqrt();    // [..., 1, 1]; clamped: sqrt'(0) is infinite
        var scale = Square(x).sum([-2, -1], keepdim: true).sqrt();
        var tolerance = x.dtype == ScalarType.Float64 ? 1e-12 : 1e-5;
        var varies = norm.gt(scale.times(tolerance)).squeeze(-1).squeeze(-1);
        return (centred.div(norm), varies);
    }

    private static void CheckShapes(Tensor x, Tensor y, CkaEstimator estimator)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        static string S(Tensor t) => $"[{string.Join(", ", t.shape)}]";
        if (x.dim() < 2) throw new ArgumentException($"Cka: x has shape {S(x)}: expected [..., n, dx]", nameof(x));
        if (y.dim() != x.dim() || !x.shape[..^1].SequenceEqual(y.shape[..^1]))
            throw new ArgumentException($"Cka: y has shape {S(y)} but x has shape {S(x)}: expected [{string.Join(", ", x.shape[..^1])}, dy]", nameof(y));
        if (x.dtype != y.dtype || !x.is_floating_point())
            throw new ArgumentException($"Cka: x is {x.dtype} and y is {y.dtype}: expected one floating-point type", nameof(y));
        var n = x.size(-2);
        if (n < 2 || estimator == CkaEstimator.Unbiased && n < 4)
            throw new ArgumentException($"Cka: {n} examples (x has shape {S(x)}): the {estimator.ToString().ToLowerInvariant()} estimator needs n >= {(estimator == CkaEstimator.Unbiased ? 4 : 2)}", nameof(x));
    }
}
