module Research.Fsx.Tests.Dist2NotebookTests

open System
open System.IO
open Xunit
open Research.Core.Experiments
open Research.Core.Experiments.Dist2
open Research.Fsx.Notebooks
open Research.Fsx.Tests.TestSetup
open Research.Fsx.Tests.KitNotebooks

/// notebooks/01-dist2loss.ipynb at quick scale with one seed, as CI and `research reproduce` run it: it tunes
/// (one point at quick scale), runs Task A's conditions for both tokenisations and Task B's, logs them to the run
/// store, and its tables, three charts (q, MAE against N, q against p) and claim checks render.
[<Fact>]
let ``The DIST2 notebook runs at quick scale`` () =
    runKitNotebook "01-dist2loss.ipynb" [ "scale", "quick"; "seeds", "1" ] (fun result runs ->
        Assert.Equal(3, chartDisplays result)
        // tuning (1), one token (5 conditions), two digits (6 conditions); one token's DIST2 run at the tuned α, τ is
        // the tuning run itself, read back from the store (same config, seed and code revision), not trained again
        let regression = runs.Runs RegressionRunner.Experiment
        Assert.Equal(5 + 6, regression.Count)
        Assert.All(regression, fun r -> Assert.Equal(RunStatus.Completed, r.Status))
        // Task B: two tokenisations x four conditions
        Assert.Equal(8, (runs.Runs BlobRunner.Experiment).Count)
        let mae = runs.Results(RegressionRunner.Experiment) |> Seq.filter (fun r -> r.Name = "mae") |> Seq.map (fun r -> r.Value) |> List.ofSeq
        Assert.All(mae, fun m -> Assert.InRange(m, 1.0, 40.0))
        let html = File.ReadAllText result.Html
        Assert.Contains("chosen: alpha = 1, tau = 2", html)
        Assert.Contains("11 Task A runs (1 read from the run store, 10 trained)", html)
        Assert.Contains("8 Task B runs: 0 read from the run store, 8 trained", html)
        Assert.Contains("Task B XThenY, N=300: DIST2 pixel error below CE", html))
