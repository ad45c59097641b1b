namespace Research.Core.Training;

/// <summary>One finished epoch: the training sums (with dropout, as trained), the validation sums, the learning
/// rate it ran with, its wall time, the global step count at its end, and the batches skipped for non-finite values.</summary>
public sealed record EpochResult(int Epoch, LossSums Train, LossSums? Valid, double LearningRate, double Seconds, long GlobalStep, int SkippedBatches = 0);

/// <summary>The trainer's progress as a checkpoint holds it.</summary>
public sealed record TrainerProgress(List<EpochResult> History);
