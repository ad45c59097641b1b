module Research.Fsx.Tests.TyingNotebookTests

open System
open System.IO
open Xunit
open Research.Core.Experiments
open Research.Core.Experiments.Tying
open Research.Fsx.Notebooks
open Research.Fsx.Tests.TestSetup
open Research.Fsx.Tests.KitNotebooks

/// notebooks/05-tying.ipynb at quick scale, as CI and `research reproduce` run it: it prepares the KJV corpus,
/// tunes, trains the four variants, tunes +REAL, logs them to the run store, and its tables, charts and claim checks render.
[<Fact>]
let ``The tying notebook runs at quick scale`` () =
    runKitNotebook "05-tying.ipynb" [ "scale", "quick"; "seeds", "1" ] (fun result runs ->
        Assert.Equal(2, chartDisplays result)
        let logged = runs.Runs TyingRunner.Experiment
        // +AL's tuning grid (2), the four variants (4), +REAL's own grid (2 learning rates x 2 alphas), and +REAL at
        // the tuned setting for the seed unless it is +AL's setting (then its rows are reused)
        Assert.InRange(logged.Count, 2 + 4 + 4, 2 + 4 + 4 + 1)
        Assert.All(logged, fun r -> Assert.Equal(RunStatus.Completed, r.Status))
        let results = runs.Results(TyingRunner.Experiment)
        let ppl = results |> Seq.filter (fun r -> r.Name = "test_ppl") |> Seq.map (fun r -> r.Value) |> List.ofSeq
        Assert.All(ppl, fun p -> Assert.InRange(p, 50.0, 1000.0)) // learned something; uniform would be 5000
        let parameters = results |> Seq.filter (fun r -> r.Name = "parameters") |> Seq.map (fun r -> r.Value) |> Set.ofSeq
        Assert.Equal<Set<float>>(Set.ofList [ 711560.0; 391560.0 ], parameters)
        let html = File.ReadAllText result.Html
        Assert.Contains("parameters saved by tying: 320000 (V*d = 320000), 45% of the baseline", html))
