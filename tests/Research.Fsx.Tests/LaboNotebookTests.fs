module Research.Fsx.Tests.LaboNotebookTests

open System
open System.IO
open Xunit
open Research.Core.Experiments
open Research.Core.Experiments.Labo
open Research.Fsx.Notebooks
open Research.Fsx.Tests.TestSetup
open Research.Fsx.Tests.KitNotebooks

/// notebooks/03-labo.ipynb at quick scale with one seed and two epochs: it trains every condition at every noise rate,
/// logs the runs, and its choice on validation, tables, charts and claim verdicts render; its translation section trains
/// CE, LS and LABO-R on the word-mapping language, clean and with misaligned targets, prints the paired bootstraps and
/// shows where LABO-R puts its smoothing mass.
[<Fact>]
let ``The LABO-R notebook runs at quick scale`` () =
    runKitNotebook "03-labo.ipynb" [ "scale", "quick"; "seeds", "1"; "epochs", "2" ] (fun result runs ->
        Assert.Equal(3, chartDisplays result)
        let logged = runs.Runs LaboRunner.Experiment
        // CE, LS, TF-KD_reg, LABO-R at two temperatures and the budget form, at two noise rates
        let quick = LaboScale.Quick
        let perNoise = 1 + quick.Alphas.Count * (2 + quick.Temperatures.Count + quick.EntropyRatios.Count)
        Assert.Equal(perNoise * quick.NoiseRates.Count, logged.Count)
        Assert.All(logged, fun r -> Assert.Equal(RunStatus.Completed, r.Status))
        let top1 = runs.Results(LaboRunner.Experiment) |> Seq.filter (fun r -> r.Name = "test_top1") |> Seq.map (fun r -> r.Value) |> List.ofSeq
        Assert.All(top1, fun a -> Assert.InRange(a, 0.3, 1.0)) // learned something in two epochs; chance is 0.1
        // The translation section: CE, LS and LABO-R (T = 2, 10) on the word-mapping language, then LS and the chosen
        // LABO-R with misaligned targets; the bootstrap lines and the table of where LABO-R puts its mass.
        let mt = runs.Runs TranslationRunner.Experiment
        Assert.Equal(6, mt.Count)
        Assert.All(mt, fun r -> Assert.Equal(RunStatus.Completed, r.Status))
        let html = File.ReadAllText result.Html
        Assert.Contains("LABO-R (T chosen on validation) above LS", html)
        Assert.Contains("95% CI", html)
        Assert.Contains("misaligned 20%, seed 1", html)
        Assert.Contains("q* top 3", html)
        Assert.Contains("LABO-R raises test BLEU (beam 4) against label smoothing in translation", html))

/// With `-p translation false` the notebook runs the image grid only: no translation run, and the translation cells
/// say so instead of failing.
[<Fact>]
let ``The LABO-R notebook can leave the translation experiment out`` () =
    runKitNotebook "03-labo.ipynb" [ "scale", "quick"; "seeds", "1"; "epochs", "1"; "translation", "false" ] (fun result runs ->
        Assert.Equal(2, chartDisplays result)
        Assert.Empty(runs.Runs TranslationRunner.Experiment)
        Assert.NotEmpty(runs.Runs LaboRunner.Experiment)
        Assert.Contains("translation left out (-p translation false)", File.ReadAllText result.Html))

/// With `-p images false` the notebook runs the translation experiment only (its full scale runs at another time than
/// the image grid): no image run, and the image cells say so instead of failing.
[<Fact>]
let ``The LABO-R notebook can leave the image grid out`` () =
    runKitNotebook "03-labo.ipynb" [ "scale", "quick"; "seeds", "1"; "images", "false" ] (fun result runs ->
        Assert.Equal(1, chartDisplays result)
        Assert.Empty(runs.Runs LaboRunner.Experiment)
        Assert.Equal(6, (runs.Runs TranslationRunner.Experiment).Count)
        Assert.Contains("image grid left out (-p images false)", File.ReadAllText result.Html))
