/// Chaos: a training run killed with SIGKILL at random points (during a step, during a checkpoint write, during a
/// run-store write) and started again each time ends bit-identical to its uninterrupted twin, and the run store shows
/// every interruption.
module Research.Fsx.Tests.ChaosTests

open System
open System.Diagnostics
open System.IO
open Xunit
open Research.Core.Checkpoints
open Research.Core.Experiments
open Research.Core.Training
open Research.Fsx.Tests.TestSetup

let private testAssembly = typeof<TempDir>.Assembly.Location
let private dotnet = Environment.GetEnvironmentVariable "DOTNET_HOST_PATH" |> Option.ofObj |> Option.defaultValue "dotnet"

/// Starts `chaos-train folder` (armed at a failpoint or not) and returns the process.
let private start (folder: string) (failpoint: string option) =
    let info = ProcessStartInfo(dotnet, [ "exec"; testAssembly; ChaosTrainingProcess.Verb; folder ], RedirectStandardError = true, RedirectStandardOutput = true)
    info.Environment["RESEARCH_FAILPOINT"] <- defaultArg failpoint ""
    info.Environment["DOTNET_gcConcurrent"] <- "0"
    nonNull (Process.Start info)

/// Runs to the end; fails the test unless it exits 0.
let private finish (folder: string) =
    use p = start folder None
    let stderr = p.StandardError.ReadToEndAsync()
    p.StandardOutput.ReadToEnd() |> ignore
    p.WaitForExit()
    Assert.True((p.ExitCode = 0), $"chaos-train exited with {p.ExitCode}: {stderr.Result}")

/// Runs until the failpoint freezes it, then kills it (SIGKILL); fails the test if it ends before reaching the point.
let private killAt (folder: string) (failpoint: string) =
    use p = start folder (Some failpoint)
    p.StandardOutput.ReadToEndAsync() |> ignore
    let mutable line = p.StandardError.ReadLine()
    let seen = Text.StringBuilder()
    while not (isNull line || line.StartsWith "failpoint ") do
        seen.AppendLine line |> ignore
        line <- p.StandardError.ReadLine()
    if isNull line then
        p.WaitForExit()
        failwith $"chaos-train ended (exit {p.ExitCode}) before reaching failpoint {failpoint}: {seen}"
    p.Kill()
    p.WaitForExit()

let private history (folder: string) =
    use checkpoint = Checkpoint.Load(Path.Combine(folder, "model.safetensors"))
    checkpoint.Progress<TrainerProgress>().History
    |> Seq.map (fun e -> e.Epoch, e.GlobalStep, e.LearningRate, e.Train.Loss, e.Train.Correct, e.Valid.Loss, e.Valid.Correct)
    |> List.ofSeq

let private weights (folder: string) =
    let tensors = SafeTensors.Load(Path.Combine(folder, "final.safetensors"))
    tensors |> Seq.map (fun kv -> kv.Key, kv.Value.data<float32>().ToArray()) |> Map.ofSeq

[<Fact>]
let ``runs killed at random steps, checkpoint writes and store writes resume bit-identical to the uninterrupted run`` () =
    use twin = new TempDir()
    use chaos = new TempDir()
    finish twin.Path
    // 6 epochs of 15 steps; each process counts its own hits from its start, so every point below is reachable.
    let random = Random 2026
    let kills =
        [ $"step:{random.Next(3, 20)}"
          $"checkpoint-write:{random.Next(1, 3)}"
          $"store-write:{random.Next(2, 6)}"
          $"step:{random.Next(3, 20)}"
          $"checkpoint-write:{random.Next(1, 3)}" ]
    for failpoint in kills do
        killAt chaos.Path failpoint
    finish chaos.Path

    Assert.Equal<obj list>(history twin.Path |> List.map box, history chaos.Path |> List.map box)
    let expected, actual = weights twin.Path, weights chaos.Path
    Assert.Equal<string list>(expected.Keys |> List.ofSeq, actual.Keys |> List.ofSeq)
    for KeyValue(name, values) in expected do
        Assert.True((values = actual[name]), $"{name} differs after {kills.Length} kills")
    use store = RunStore.Open(Path.Combine(chaos.Path, "runs.db"))
    let statuses = store.Runs "chaos" |> Seq.map (fun r -> r.Status) |> List.ofSeq
    Assert.Equal<RunStatus list>(List.replicate kills.Length RunStatus.Interrupted @ [ RunStatus.Completed ], statuses)
    // The last process resumed from a checkpoint (starting from scratch would give the same weights and prove nothing).
    let last = store.Runs "chaos" |> Seq.last
    let firstStep = store.Metrics([ last.Id ], "train_loss") |> Seq.map (fun m -> m.Step) |> Seq.min
    Assert.True(firstStep > 15L, $"the finishing process started at global step {firstStep}, expected it to resume after epoch 1 or later")
    Assert.Empty(Directory.GetFiles(chaos.Path, "*.tmp-*"))   // what killed writers left was cleaned up by later saves
