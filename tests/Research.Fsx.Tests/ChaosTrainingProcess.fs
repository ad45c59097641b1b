/// A small training run in its own process, for the chaos test: the test assembly starts itself with
/// `chaos-train <folder>`, kills it at failpoints (RESEARCH_FAILPOINT), and starts it again until it finishes.
/// The run checkpoints every epoch to <folder>/model.safetensors, logs every step and epoch to <folder>/runs.db,
/// and at the end writes its final weights to <folder>/final.safetensors.
module Research.Fsx.Tests.ChaosTrainingProcess

open System.IO
open TorchSharp
open Research.Core.Data.Loading
open Research.Core.Data.Synthetic
open Research.Core.Checkpoints
open Research.Core.Experiments
open Research.Core.Training

[<Literal>]
let Verb = "chaos-train"

[<Literal>]
let Epochs = 6

/// Logs each step's loss and each epoch's losses to the run.
type private RunObserver(run: RunLog) =
    interface ITrainingObserver with
        member _.StepEnded(step: StepEnd) = run.LogStep(step.GlobalStep, "train_loss", step.Sums.MeanLoss)
        member _.EpochEnded(epoch: EpochResult) =
            run.LogEpoch(epoch.Epoch, "train_loss", epoch.Train.MeanLoss)
            run.LogEpoch(epoch.Epoch, "valid_loss", epoch.Valid.MeanLoss)

let train (folder: string) =
    Research.Core.Engine.TorchRuntime.EnsureLoaded()
    torch.set_num_threads 1
    let struct (x, y) = SpiralDataset.Generate(points = 120, seed = 5)
    let struct (xv, yv) = SpiralDataset.Generate(points = 40, seed = 6)
    torch.manual_seed 21L |> ignore
    use model = torch.nn.Sequential(torch.nn.Linear(2L, 32L), torch.nn.Tanh(), torch.nn.Dropout(0.2), torch.nn.Linear(32L, 2L))
    let options =
        TrainerOptions(
            Epochs = Epochs,
            Optimizer = (fun p -> torch.optim.Adam(p, lr = 0.02)),
            ClipGradNorm = System.Nullable 1.0,
            Schedule = (fun o -> PlateauSchedule(o, factor = 0.5, patience = 0)),
            CheckpointPath = Path.Combine(folder, "model.safetensors"))
    use store = RunStore.Open(Path.Combine(folder, "runs.db"))
    use run = store.Start("chaos", {| epochs = Epochs |}, 21)
    let trainer = Trainer<TensorBatch>(model, ClassificationObjective(model), options, RunObserver run)
    run.Guard(fun () ->
        trainer.Fit(TensorBatchSource(TensorDataLoader([| x; y |], 16, shuffle = true, seed = 3)), TensorBatchSource(TensorDataLoader([| xv; yv |], 32)), "chaos")
        |> ignore
        0)
    |> ignore
    SafeTensors.Save(model.state_dict(), Path.Combine(folder, "final.safetensors"))
    run.Complete()
