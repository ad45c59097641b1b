module Research.Fsx.Tests.RunStoreProcessTests

open System
open System.IO
open Xunit
open Research.Core.Experiments
open Research.Fsx.Tests.TestSetup

/// Several training processes write to one store at once: WAL and the busy timeout must lose no row.
[<Fact>]
let ``Concurrent writer processes lose no row`` () =
    use dir = new TempDir()
    let db = dir.File "runs.db"
    let writers, steps = 4, 1000
    let self = typeof<TempDir>.Assembly.Location
    let dotnet = Environment.GetEnvironmentVariable "DOTNET_HOST_PATH" |> Option.ofObj |> Option.defaultValue "dotnet"
    let processes =
        [ for w in 1..writers -> startProcess dotnet [ "exec"; self; StoreWriterProcess.Verb; db; string w; string steps ] dir.Path ]
    for p in processes do
        let stderr = p.StandardError.ReadToEnd()
        p.WaitForExit()
        Assert.True((p.ExitCode = 0), $"writer process {p.Id} exited with {p.ExitCode}: {stderr}")
        p.Dispose()
    use store = RunStore.Open db
    let runs = store.Runs "processes"
    Assert.Equal(writers, runs.Count)
    Assert.Equal(writers, runs |> Seq.map (fun r -> r.Host) |> Seq.distinct |> Seq.length) // one run per process
    for run in runs do
        Assert.Equal(RunStatus.Completed, run.Status)
        let losses = store.Metrics([ run.Id ], "loss")
        Assert.Equal<int64 seq>([ 1L .. int64 steps ], losses |> Seq.map (fun p -> p.Step))
        for p in losses do
            Assert.Equal(float run.Seed + float p.Step / 1e4, p.Value, 12)
    Assert.Equal<float seq>([ 1.0 .. float writers ], store.Results "processes" |> Seq.map (fun r -> r.Value) |> Seq.sort)
