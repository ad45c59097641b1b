using Research.Core.Data.Loading;
using Research.Core.Engine;
using Research.Core.Losses;
using static TorchSharp.torch;

namespace Research.Core.Training;

/// <summary>
/// The ILE regression (ile.md 1.1): a model maps inputs to h [N, p]; batches are (inputs, ψ(y) [N, p]) with ψ frozen;
/// the loss is the mean of 2 − 2⟨normalise(h), ψ(y)⟩. The sums count examples (term "surrogate").
/// </summary>
public sealed class SurrogateRegressionObjective(nn.Module<Tensor, Tensor> model) : IObjective<TensorBatch>
{
    private readonly nn.Module<Tensor, Tensor> model = model ?? throw new ArgumentNullException(nameof(model));

    public ObjectiveOutput Compute(TensorBatch batch)
    {
        if (batch.Count != 2)
            throw new ArgumentException($"SurrogateRegressionObjective: a batch holds (inputs, psi), got {batch.Count} tensors", nameof(batch));
        var losses = SurrogateRegressionLoss.Compute(model.call(batch[0]), batch[1]);   // [N]
        var count = losses.shape[0];
        var sum = losses.detach().sum().to(ScalarType.Float64).item<double>();
        return new ObjectiveOutput(losses.mean(), new LossSums(sum, count, 0, new Dictionary<string, double> { ["surrogate"] = sum }));
    }
}
