using Research.Core.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Losses;

/// <summary>
/// LABO-R, a reconstruction of LABO's inner solution (Lu et al., Findings of ACL 2023; only the abstract could be read,
/// labo.md §1.2): q* = argmin_{q ∈ Δ, q_y = 0} Σ_k q_k·(−log p̄_k) − T·H(q), whose closed form is
/// q*_k = exp(z̄_k/T) / Σ_{j≠y} exp(z̄_j/T) for k ≠ y and q*_y = 0, from the detached logits z̄. Special classes
/// (pad, bos, ...) get no mass. T is fixed (the penalty form) or found per row so that H(q*) = r·log(K_eff)
/// (the budget form, <see cref="LaboRTemperature"/>), with K_eff the number of classes that may get mass.
/// </summary>
public sealed class LaboRSmoothing : ISmoothingDistribution
{
    private readonly long[] specialIds;

    /// <summary>The penalty form: a fixed temperature T.</summary>
    public static LaboRSmoothing Penalty(double temperature, IReadOnlyList<long>? specialIds = null) =>
        new(temperature, null, specialIds);

    /// <summary>The budget form: per row, the T whose q* has entropy r·log(K_eff), by a 40-step bisection.</summary>
    public static LaboRSmoothing Budget(double entropyRatio, IReadOnlyList<long>? specialIds = null) =>
        new(double.NaN, new LaboRTemperature(entropyRatio), specialIds);

    /// <summary>The budget form with a solver of one's own (iterations, temperature range).</summary>
    public static LaboRSmoothing Budget(LaboRTemperature solver, IReadOnlyList<long>? specialIds = null) =>
        new(double.NaN, solver ?? throw new ArgumentNullException(nameof(solver)), specialIds);

    private LaboRSmoothing(double temperature, LaboRTemperature? solver, IReadOnlyList<long>? specialIds)
    {
        if (solver is null && !(temperature > 0 && double.IsFinite(temperature)))
            throw new ArgumentOutOfRangeException(nameof(temperature), $"LaboRSmoothing: temperature must be finite and > 0, got {temperature}");
        Temperature = temperature;
        Solver = solver;
        this.specialIds = (specialIds ?? []).Distinct().Order().ToArray();
        if (this.specialIds.Any(i => i < 0))
            throw new ArgumentOutOfRangeException(nameof(specialIds), $"LaboRSmoothing: special ids must be >= 0, got [{string.Join(", ", this.specialIds)}]");
    }

    /// <summary>The penalty form's T (NaN in the budget form).</summary>
    public double Temperature { get; }

    /// <summary>The budget form's solver (null in the penalty form).</summary>
    public LaboRTemperature? Solver { get; }

    public IReadOnlyList<long> SpecialIds => specialIds;

    public string Name => "labo-r";

    /// <summary>
    /// Σ_k q*_k·(−log p_k) = lse(z) − Σ_k q*_k z_k with q* formed once without gradient (exactly 0 where masked), so the
    /// gradient is p − q*: by the envelope theorem (labo.md §1.2) the same as that of the value function
    /// lse(z) − T·lse_{k≠y}(z_k/T), and the value is the cross entropy itself. The only [M, K] tensor kept for backward
    /// is q*, and backward writes its gradient into q*'s buffer (<see cref="RowExpectation"/>), so the term costs one
    /// [M, K] allocation; nothing forms 0·∞ (z is finite where q* is 0). Cheaper than differentiating the value function
    /// through the masked z/T: the LABO-R loss on [4096, 8000] took 0.79 s against 1.16 s forward and backward (one core).
    /// </summary>
    public Tensor CrossEntropy(Tensor logits, Tensor logSumExp, Tensor targets)
    {
        using var scope = NewDisposeScope();
        Tensor q;
        using (no_grad()) q = Distribution(logits, targets);                                          // q*, [M, K], constant
        var expectedLogit = RowExpectation.Of(logits, q);                                             // E_q*[z], [M]
        return logSumExp.sub(expectedLogit).MoveToOuterDisposeScope();
    }

    public Tensor Distribution(Tensor logits, Tensor targets)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var zbar = logits.detach();
        var temperature = RowTemperature(zbar, targets);
        var q = temperature is null ? zbar.over(Temperature) : zbar.div(temperature);                // z̄/T, the one [M, K] buffer
        MaskInPlace(q, targets);
        SoftmaxInPlace(q);
        return q.MoveToOuterDisposeScope();
    }

    /// <summary>The detached logits with −inf at each row's gold class and at the special classes, [M, K].</summary>
    public Tensor MaskedLogits(Tensor logits, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var masked = logits.detach().clone();
        MaskInPlace(masked, targets);
        return masked.MoveToOuterDisposeScope();
    }

    /// <summary>The number of classes that may get mass in each row, K − |specials ∪ {y}|, [M] int64.</summary>
    public Tensor EffectiveClasses(Tensor logits, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var classes = logits.shape[1];
        CheckSpecials(classes);
        var isSpecial = zeros([classes], ScalarType.Bool, logits.device);
        if (specialIds.Length > 0)
        {
            using var yes = true.ToScalar();
            isSpecial.index_fill_(0, tensor(specialIds, device: logits.device), yes);
        }
        var goldIsSpecial = isSpecial.index_select(0, targets).to(ScalarType.Int64);                // 1 when y is special
        return goldIsSpecial.add(KeptScalars.full_kept([1], classes - specialIds.Length - 1, ScalarType.Int64, logits.device), KeptScalars.One)
            .MoveToOuterDisposeScope();
    }

    private Tensor? RowTemperature(Tensor logits, Tensor targets)
    {
        if (Solver is null) return null;
        using var scope = NewDisposeScope();
        return Solver.Solve(MaskedLogits(logits, targets), EffectiveClasses(logits, targets)).unsqueeze(1).MoveToOuterDisposeScope();
    }

    private void MaskInPlace(Tensor scaled, Tensor targets)
    {
        CheckSpecials(scaled.shape[1]);
        using var minusInfinity = double.NegativeInfinity.ToScalar();
        using var goldColumn = KeptScalars.full_kept([targets.shape[0], 1], double.NegativeInfinity, scaled.dtype, scaled.device);
        using var index = targets.unsqueeze(1);
        scaled.scatter_(1, index, goldColumn);
        if (specialIds.Length > 0)
        {
            using var ids = tensor(specialIds, device: scaled.device);
            scaled.index_fill_(1, ids, minusInfinity);
        }
    }

    /// <summary>Row softmax written over x (every row has a finite entry): no second [M, K] buffer.</summary>
    private static void SoftmaxInPlace(Tensor x)
    {
        using var max = x.amax([1L], keepdim: true);
        x.sub_(max).exp_();
        using var sum = x.sum([1L], keepdim: true);
        x.div_(sum);
    }

    private void CheckSpecials(long classes)
    {
        if (specialIds.Length > 0 && specialIds[^1] >= classes)
            throw new ArgumentException($"LaboRSmoothing: special id {specialIds[^1]} is out of range for logits with {classes} classes: expected ids in [0, {classes - 1}]");
        if (classes - specialIds.Length < 2)
            throw new ArgumentException($"LaboRSmoothing: logits have {classes} classes and {specialIds.Length} special ids: expected at least 2 non-special classes");
    }
}
