using System.Text.Json;
using Research.Core.Losses;
using Research.Core.Tests.Checkpoints;
using Research.Core.Tests.Data;
using Research.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Labo;

/// <summary>The loss and its gradient against an independent python3-torch implementation of labo.md §1.4
/// (labo_peer.py: log_softmax, q = softmax(z̄/T) with gold at −inf, −Σ where(q > 0, q·log p, 0)); half-precision
/// logits; and the objective's sums.</summary>
public sealed class LaboPeerTests
{
    public static TheoryData<string, ISmoothingDistribution> Cases() => new()
    {
        { "ls-fairseq", new UniformSmoothing(UniformConvention.Fairseq) },
        { "labo-r", LaboRSmoothing.Penalty(0.7) },
        { "labo-r", LaboRSmoothing.Penalty(3) },
        { "labo-r-budget", LaboRSmoothing.Budget(0.6) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loss_and_gradient_match_the_python3_torch_oracle(string method, ISmoothingDistribution smoothing)
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var z = LaboCases.Logits(40, 9, 6).requires_grad_();
        var y = LaboCases.Targets(40, 6, 9);
        const double alpha = 0.25;
        var rows = Enumerable.Range(0, 9).Select(i => z[i].detach().data<double>().ToArray()).ToArray();
        var temperature = smoothing is LaboRSmoothing { Solver: null } penalty ? penalty.Temperature : 1.0;
        var ratio = smoothing is LaboRSmoothing { Solver: { } solver } ? solver.EntropyRatio : 0.5;
        var path = folder.File("case.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { logits = rows, targets = y.data<long>().ToArray(), alpha, method, temperature, ratio }));
        var peer = PythonPeer.Run("Labo/labo_peer.py", path);

        using var loss = LabelRegularization.Compute(z, y, new LabelRegularizationOptions(alpha, smoothing));
        loss.Loss.backward();
        Assert.Equal(peer.GetProperty("loss").GetDouble(), loss.Loss.item<double>(), 1e-9);
        var grad = z.grad!.data<double>().ToArray();
        var expected = PythonPeer.Doubles(peer.GetProperty("grad"));
        Assert.True(grad.Zip(expected).Max(p => Math.Abs(p.First - p.Second)) < 1e-9, "gradients differ from the oracle's by more than 1e-9");
    }

    [Fact]
    public void Half_precision_logits_are_scored_in_float32()
    {
        using var scope = NewDisposeScope();
        var z = LaboCases.Logits(41, 6, 7).to(float16);
        var y = LaboCases.Targets(41, 7, 6);
        var options = new LabelRegularizationOptions(0.2, LaboRSmoothing.Penalty(1));
        using var half = LabelRegularization.Compute(z, y, options);
        using var single = LabelRegularization.Compute(z.to(float32), y, options);
        Assert.Equal(ScalarType.Float32, half.Loss.dtype);
        Assert.Equal(single.Loss.item<float>(), half.Loss.item<float>());
    }

    [Fact]
    public void The_objective_sums_the_loss_its_terms_examples_and_hits()
    {
        using var scope = NewDisposeScope();
        using var model = nn.Linear(4, 5, dtype: float64);
        var options = new LabelRegularizationOptions(0.3, LaboRSmoothing.Penalty(2));
        var objective = new LabelRegularizationObjective(model, options);
        var x = LaboCases.Logits(42, 8, 4);
        var y = LaboCases.Targets(42, 5, 8);
        using var batch = new Research.Core.Data.Loading.TensorBatch([x, y]);
        var output = objective.Compute(batch);
        using var direct = LabelRegularization.Compute(model.call(x), y, options);
        Assert.Equal(8, output.Sums.Count);
        Assert.Equal(direct.LossSum.item<double>(), output.Sums.Loss, 1e-12);
        Assert.Equal(direct.Loss.item<double>(), output.Loss.item<double>(), 1e-12);
        Assert.Equal(0.7 * output.Sums.Terms["nll"] + 0.3 * output.Sums.Terms["smoothing"], output.Sums.Loss, 1e-10);
        Assert.Equal(model.call(x).argmax(1).eq(y).sum().item<long>(), output.Sums.Correct);
    }
}
