module Research.Fsx.Tests.GuidanceNotebookTests

open System
open System.IO
open Xunit
open Research.Core.Experiments
open Research.Core.Experiments.Guidance
open Research.Fsx.Notebooks
open Research.Fsx.Tests.TestSetup
open Research.Fsx.Tests.KitNotebooks

/// notebooks/04-guidance.ipynb, cut to the plain data set and one epoch so it stays near a minute: it loads
/// Fashion-MNIST, runs the four arms to the run store, and its tables, both charts and the claim checks render.
[<Fact>]
let ``The guidance notebook runs its four arms`` () =
    runKitNotebook "04-guidance.ipynb" [ "scale", "quick"; "seeds", "1"; "datasets", "plain"; "epochs", "1" ] (fun result runs ->
        Assert.Equal(2, chartDisplays result)
        let logged = runs.Runs GuidanceRunner.Experiment
        Assert.Equal(4, logged.Count)
        Assert.All(logged, fun r -> Assert.Equal(RunStatus.Completed, r.Status))
        let results = runs.Results(GuidanceRunner.Experiment)
        Assert.Equal(4 * 10, results |> Seq.filter (fun r -> r.Name.StartsWith "cka_after:") |> Seq.length)   // ResNet-8: 10 pairs
        Assert.Equal(1, results |> Seq.filter (fun r -> r.Name = "guide_test_accuracy") |> Seq.length)
        let html = File.ReadAllText result.Html
        Assert.Contains("guidance as initialisation matches continuous guidance (accuracy)", html)
        Assert.Contains("not run here: the plain deep CNN", html))
