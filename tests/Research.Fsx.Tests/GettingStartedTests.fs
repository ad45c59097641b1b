module Research.Fsx.Tests.GettingStartedTests

open System
open System.IO
open Xunit
open Research.Core.Experiments
open Research.Fsx.Notebooks
open Research.Fsx.Tests.TestSetup
open Research.Fsx.Tests.KitNotebooks

// The quick scale as the notebook sets it: 6,000 training images in batches of 64, two epochs, two model widths.
let private stepsPerEpoch = (6000 + 63) / 64
let private epochs = 2
let private widths = [ "4"; "16" ]
let private seeds = [ 1; 2 ]

/// notebooks/00-getting-started.ipynb at quick scale on the .NET Interactive kernel, as CI runs it: it trains a CNN on Fashion-MNIST,
/// logs every step and epoch to a run store, plots and tabulates, and its executed copy is a valid notebook.
[<Fact>]
let ``The getting-started notebook trains on Fashion-MNIST at quick scale`` () =
    runKitNotebook "00-getting-started.ipynb" [ "scale", "quick"; "seeds", String.Join(",", seeds) ] (fun result runs ->
        Assert.Empty(result.Warnings)
        // training loss, validation accuracy, test accuracy by model, test errors
        Assert.Equal(4, chartDisplays result)

        let logged = runs.Runs "getting-started"
        Assert.Equal<(string * int) list>(
            List.sort [ for w in widths do for s in seeds -> w, s ],
            List.sort [ for r in logged -> r.ConfigValue "Width", r.Seed ])
        Assert.All(logged, fun r -> Assert.Equal(RunStatus.Completed, r.Status))
        for run in logged do
            let steps = runs.Metrics([ run.Id ], "loss", MetricKind.Step)
            Assert.Equal<int64 list>([ 1L .. int64 (epochs * stepsPerEpoch) ], [ for p in steps -> p.Step ])
            for metric in [ "train_loss"; "valid_accuracy"; "test_accuracy" ] do
                Assert.Equal<int64 list>([ 1L .. int64 epochs ], [ for p in runs.Metrics([ run.Id ], metric, MetricKind.Epoch) -> p.Step ])

        // Chance is 10% and the untrained loss ln 10 ≈ 2.30: both models must have learned, the wider one more.
        let resultsOf name width =
            [ for r in logged do
                if r.ConfigValue "Width" = width then
                    yield! runs.Results [ r.Id ] |> Seq.filter (fun x -> x.Name = name) |> Seq.map (fun x -> x.Value) ]
        for width in widths do
            for name, low, high in [ "test_accuracy", 0.65, 1.0; "valid_accuracy", 0.65, 1.0; "train_loss", 0.0, 1.0 ] do
                let values = resultsOf name width
                Assert.Equal(seeds.Length, values.Length)
                Assert.All(values, fun v -> Assert.InRange(v, low, high))
        let narrow, wide = List.average (resultsOf "test_accuracy" "4"), List.average (resultsOf "test_accuracy" "16")
        Assert.True(wide > narrow, $"width 16 reached {wide:P1} test accuracy but width 4 {narrow:P1}: expected the wider network to do better")

        let html = File.ReadAllText result.Html
        Assert.Contains("<table class=\"research-table\">", html)
        Assert.Contains("<th style=\"text-align:left\">Width</th>", html) // the results frame, read back from the store
        Assert.Contains("<td style=\"text-align:left\">16</td>", html))
