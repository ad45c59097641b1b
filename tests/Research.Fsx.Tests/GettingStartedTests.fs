module Research.Fsx.Tests.GettingStartedTests

open System
open System.IO
open Xunit
open Research.Core.Experiments
open Research.Fsx.Notebooks
open Research.Fsx.Tests.TestSetup

/// notebooks/00-getting-started.ipynb at quick scale, headless, as CI runs it: it trains, logs to a run store,
/// plots and tabulates, and its executed copy is a valid notebook.
[<Fact>]
let ``The getting-started notebook runs at quick scale`` () =
    use dir = new TempDir()
    let store = dir.File "runs.db"
    Environment.SetEnvironmentVariable(RunStore.PathVariable, store)
    try
        let options =
            { NotebookRunner.defaultOptions with
                Parameters = [ "scale", "quick"; "seeds", "1,2" ]
                Output = Some(dir.File "00-getting-started.ipynb")
                FiguresDir = Some(dir.File "figures") }
        let result = NotebookRunner.run options (Path.Combine(repoRoot, "notebooks", "00-getting-started.ipynb"))
        Assert.True(result.Succeeded, string result.Failure)
        Assert.Empty(result.Warnings)
        assertValidNotebook result.Output
        Assert.Equal(3, result.Figures |> List.filter (fun f -> f.EndsWith ".svg") |> List.length)
        use runs = RunStore.Open store
        let logged = runs.Runs "getting-started"
        Assert.Equal(4, logged.Count) // 2 model sizes x 2 seeds
        Assert.All(logged, fun r -> Assert.Equal(RunStatus.Completed, r.Status))
        Assert.All(runs.Results "getting-started" |> Seq.filter (fun r -> r.Name = "test_accuracy"), fun r -> Assert.InRange(r.Value, 0.8, 1.0))
        let html = File.ReadAllText result.Html
        Assert.Contains("<table class=\"research-table\">", html)
        Assert.Equal(3, Text.RegularExpressions.Regex.Count(html, "<svg "))
    finally
        Environment.SetEnvironmentVariable(RunStore.PathVariable, null)
