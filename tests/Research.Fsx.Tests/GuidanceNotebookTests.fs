module Research.Fsx.Tests.GuidanceNotebookTests

open System
open System.IO
open Xunit
open Research.Core.Experiments
open Research.Core.Experiments.Guidance
open Research.Fsx.Notebooks
open Research.Fsx.Tests.TestSetup
open Research.Fsx.Tests.KitNotebooks

/// notebooks/04-guidance.ipynb's E1, cut to the plain data set and one epoch so it stays near a minute: it loads
/// Fashion-MNIST, sweeps the baseline's learning rate, runs the four arms to the run store, and its tables, both charts,
/// the initialisation check and the claims render.
[<Fact>]
let ``The guidance notebook sweeps the learning rate and runs E1's four arms`` () =
    runKitNotebook "04-guidance.ipynb" [ "scale", "quick"; "seeds", "1"; "datasets", "plain"; "experiments", "e1"; "epochs", "1" ] (fun result runs ->
        Assert.Equal(2, chartDisplays result)
        // Five learning rates, then four arms, of which the base arm at the chosen rate is that sweep run, read back.
        let logged = runs.Runs GuidanceRunner.Experiment
        Assert.Equal(5 + 4 - 1, logged.Count)
        Assert.All(logged, fun r -> Assert.Equal(RunStatus.Completed, r.Status))
        let results = runs.Results(GuidanceRunner.Experiment)
        Assert.Equal(8 * 10, results |> Seq.filter (fun r -> r.Name.StartsWith "cka_after:") |> Seq.length)   // ResNet-8: 10 pairs
        Assert.Equal(8, results |> Seq.filter (fun r -> r.Name = "valid_ce") |> Seq.length)
        Assert.Equal(1, results |> Seq.filter (fun r -> r.Name = "guide_test_accuracy") |> Seq.length)
        Assert.Empty(runs.Runs CopyGuidanceRunner.Experiment)
        let html = File.ReadAllText result.Html
        Assert.Contains("chosen", html)
        Assert.Contains("1 read back from", html)
        Assert.Contains("guidance as initialisation matches continuous guidance (accuracy)", html)
        Assert.Contains("A plain deep CNN benefits from a trained ResNet guide", html))

/// E2 and E3 of the notebook at one epoch: the gate (plain and ResNet at three depths), the plain CNN's learning-rate
/// sweep and arms, the copy task's and the parity arm's runs, their tables, CSVs and curves.
[<Fact>]
let ``The guidance notebook runs E2's gate and arms, E3's copy task and its parity arm`` () =
    runKitNotebook "04-guidance.ipynb" [ "scale", "quick"; "seeds", "1"; "copySeeds", "1"; "experiments", "e2,e3,parity"; "epochs", "1" ] (fun result runs ->
        Assert.Equal(1, chartDisplays result)
        // The gate's six runs, the plain CNN's five learning rates, its three arms less the base one (a sweep run).
        let logged = runs.Runs GuidanceRunner.Experiment
        Assert.Equal(6 + 5 + 3 - 1, logged.Count)
        Assert.All(logged, fun r -> Assert.Equal(RunStatus.Completed, r.Status))
        Assert.Equal(3, logged |> Seq.filter (fun r -> r.Config.Contains "\"target\":\"resnet\"") |> Seq.length)
        let sequences = runs.Runs CopyGuidanceRunner.Experiment
        Assert.Equal(6, sequences.Count)
        Assert.Equal(3, sequences |> Seq.filter (fun r -> r.Config.Contains "\"task\":\"parity\"") |> Seq.length)
        let html = File.ReadAllText result.Html
        Assert.Contains("E2 uses plain-", html)
        Assert.Contains("parity accuracy (E3's parity arm; v1 71.98", html.Replace("&#39;", "'")))
