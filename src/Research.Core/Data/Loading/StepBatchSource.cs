using Research.Core.Training;

namespace Research.Core.Data.Loading;

/// <summary>
/// A fixed number of optimizer steps as one trainer epoch: the loader's epochs 1, 2, … (each reshuffled) run back
/// to back until <see cref="BatchCount"/> batches are out. For tiny data sets trained for many steps, where an
/// epoch per pass would make the trainer checkpoint after every step.
/// </summary>
public sealed class StepBatchSource(TensorDataLoader loader, int steps) : IBatchSource<TensorBatch>
{
    private readonly TensorDataLoader loader = loader ?? throw new ArgumentNullException(nameof(loader));

    public int BatchCount { get; } = steps > 0 ? steps : throw new ArgumentOutOfRangeException(nameof(steps), $"steps must be positive, got {steps}");

    public IEnumerable<TensorBatch> Batches(int epoch)
    {
        var produced = 0;
        for (var pass = 1; ; pass++)
            foreach (var tensors in loader.Epoch((epoch - 1) * BatchCount + pass))
            {
                if (produced++ == BatchCount) yield break;
                yield return new TensorBatch(tensors);
            }
    }
}
