using static TorchSharp.torch;

namespace Research.Core.Training;

/// <summary>What an objective returns for one batch: the loss that backward() sees (a scalar) and the batch's sums.</summary>
public sealed record ObjectiveOutput(Tensor Loss, LossSums Sums);

/// <summary>
/// A training objective in the shape of a fairseq criterion: it runs the model on a batch and returns the loss to
/// minimise with summable statistics. The trainer only ever sees this; a paper adds a model, an objective and a
/// batch source, never a training loop. Implementations run the model they were built with.
/// </summary>
public interface IObjective<in TBatch>
{
    /// <summary>Called before each pass over a batch source (a training epoch, or an evaluation); an objective that
    /// carries state across batches (truncated BPTT) resets it here.</summary>
    void StartPass(bool training) { }

    /// <summary>The loss and sums of one batch. Called inside the trainer's per-step DisposeScope.</summary>
    ObjectiveOutput Compute(TBatch batch);
}

/// <summary>Batches for one epoch, in an order fixed by the epoch number (so a resumed run sees the same batches).</summary>
public interface IBatchSource<out TBatch>
{
    int BatchCount { get; }

    /// <summary>The epoch's batches; a batch that is IDisposable is disposed by the trainer after its step.</summary>
    IEnumerable<TBatch> Batches(int epoch);
}
