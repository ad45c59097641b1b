/// `research sweep dist2` trains notebook 01's grid in parallel child processes into one run store, and a second
/// sweep finds every run there and trains none.
module Research.Fsx.Tests.SweepProcessTests

open System.Diagnostics
open System.IO
open Xunit
open Research.Core.Experiments
open Research.Core.Experiments.Dist2
open Research.Fsx.Tests.TestSetup

let private sweep (store: string) =
    // From the repository, so every child sees the same code revision as the parent.
    let info =
        ProcessStartInfo(research, [ "sweep"; "dist2"; "--scale"; "quick"; "--seeds"; "1"; "--steps"; "3"; "--workers"; "2" ],
                         WorkingDirectory = repoRoot, RedirectStandardOutput = true, RedirectStandardError = true)
    info.Environment["RESEARCH_RUNS_DB"] <- store
    use proc = nonNull (Process.Start info)
    let stdout = proc.StandardOutput.ReadToEndAsync()
    let stderr = proc.StandardError.ReadToEndAsync()
    proc.WaitForExit()
    proc.ExitCode, stdout.Result, stderr.Result

[<Fact>]
let ``a sweep fills the store with the notebook's grid and a second sweep trains nothing`` () =
    use dir = new TempDir()
    let storePath = dir.File "runs.db"
    let code, stdout, stderr = sweep storePath
    Assert.True((code = 0), $"sweep failed ({code}): {stdout}\n{stderr}")
    // quick: one tuning run, then Task A (5 + 6 conditions) and Task B (2 tokenisations × 4 conditions) at seed 1;
    // Task A's DIST2 one-token run is the tuning run itself.
    Assert.Contains("tuning: 0 of 1 runs already in the store, 1 to train", stdout)
    Assert.Contains("tasks A and B: 1 of 19 runs already in the store, 18 to train, 2 at a time", stdout)
    Assert.Contains("[18/18]", stdout)
    use store = RunStore.Open storePath
    let runs = store.Runs()
    Assert.Equal(19, runs.Count)
    Assert.All(runs, fun r -> Assert.Equal(RunStatus.Completed, r.Status))
    Assert.Equal(11, runs |> Seq.filter (fun r -> r.Experiment = RegressionRunner.Experiment) |> Seq.length)
    Assert.Equal(8, runs |> Seq.filter (fun r -> r.Experiment = BlobRunner.Experiment) |> Seq.length)
    Assert.Single(runs |> Seq.map (fun r -> r.Revision) |> Seq.distinct) |> ignore

    let again, stdout2, stderr2 = sweep storePath
    Assert.True((again = 0), $"second sweep failed ({again}): {stdout2}\n{stderr2}")
    Assert.Contains("tasks A and B: 19 of 19 runs already in the store, 0 to train", stdout2)
    Assert.Equal(19, store.Runs().Count)
