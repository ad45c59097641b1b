module Research.Fsx.Tests.RunFramesTests

open System
open System.IO
open Deedle
open Xunit
open Research.Core.Experiments
open Research.Fsx
open Research.Fsx.Tests.TestSetup

// Known two-sided 95% quantiles t(0.975, df) from printed tables.
let quantileCases: obj[] list =
    [ [| 1.0; 12.7062 |]; [| 2.0; 4.3027 |]; [| 3.0; 3.1824 |]; [| 4.0; 2.7764 |]; [| 9.0; 2.2622 |]; [| 30.0; 2.0423 |] ]

[<Theory; MemberData(nameof quantileCases)>]
let ``Student t quantiles match the printed table`` (df: float) (expected: float) =
    Assert.Equal(expected, StudentT.quantile df 0.975, 4)
    Assert.Equal(-expected, StudentT.quantile df 0.025, 4)
    Assert.Equal(0.975, StudentT.cdf df expected, 4)

/// A store with variant "a" (seeds 1-3) and "b" (seeds 1-2 completed, seed 3 diverged), as a paper's runner writes it.
let private fillStore (store: RunStore) =
    let run variant seed (results: (string * float) list) (finish: RunLog -> unit) =
        use log = store.Start("toy", {| variant = variant; lr = 0.1 |}, seed)
        for name, value in results do log.SetResult(name, value)
        finish log
    run "a" 1 [ "loss", 1.0; "accuracy", 0.5 ] (fun l -> l.Complete())
    run "a" 2 [ "loss", 2.0; "accuracy", 0.6 ] (fun l -> l.Complete())
    run "a" 3 [ "loss", 4.0 ] (fun l -> l.Complete())   // no accuracy: a missing value
    run "b" 1 [ "loss", 0.5; "accuracy", 0.7 ] (fun l -> l.Complete())
    run "b" 2 [ "loss", 1.0; "accuracy", 0.8 ] (fun l -> l.Complete())
    run "b" 3 [ "loss", nan ] (fun l -> l.Diverge "loss is NaN at step 7")
    use other = store.Start("other", {| variant = "a" |}, 1)
    other.Complete()

[<Fact>]
let ``A store's runs load as one row per run with identity, variant key and result columns`` () =
    use dir = new TempDir()
    use store = RunStore.Open(dir.File "runs.db")
    fillStore store
    let frame = RunFrames.ofStore [ "variant" ] "toy" store
    Assert.Equal(6, frame.RowCount)
    Assert.Equal<string list>([ "RunId"; "Experiment"; "Variant"; "Seed"; "Status"; "variant"; "Error"; "accuracy"; "loss" ], List.ofSeq frame.ColumnKeys)
    Assert.Equal<string list>([ "a"; "a"; "a"; "b"; "b"; "b" ], frame.GetColumn<string>("Variant") |> Series.values |> List.ofSeq)
    Assert.Equal<int list>([ 1; 2; 3; 1; 2; 3 ], frame.GetColumn<int>("Seed") |> Series.values |> List.ofSeq)
    Assert.Equal<string list>([ "completed"; "completed"; "completed"; "completed"; "completed"; "diverged" ],
                              frame.GetColumn<string>("Status") |> Series.values |> List.ofSeq)
    // NaN stays NaN (not missing); a result never recorded is missing.
    Assert.True(Double.IsNaN(unbox<float> (RunFrames.cell "loss" 5 frame).Value))
    Assert.Equal(None, RunFrames.cell "accuracy" 2 frame)
    Assert.Equal<string list>([ "accuracy"; "loss" ], RunFrames.measureColumns frame |> List.sort)

[<Fact>]
let ``Chosen runs load in the order given, each variant key a column`` () =
    use dir = new TempDir()
    use store = RunStore.Open(dir.File "runs.db")
    fillStore store
    let frame = RunFrames.ofStoreRuns [ "variant"; "lr" ] [ 5L; 1L ] store
    Assert.Equal<int64 list>([ 5L; 1L ], frame.GetColumn<int64>("RunId") |> Series.values |> List.ofSeq)
    Assert.Equal<string list>([ "b, 0.1"; "a, 0.1" ], frame.GetColumn<string>("Variant") |> Series.values |> List.ofSeq)
    Assert.Equal<string list>([ "0.1"; "0.1" ], frame.GetColumn<string>("lr") |> Series.values |> List.ofSeq)
    let e = Assert.Throws<System.Collections.Generic.KeyNotFoundException>(fun () -> RunFrames.ofStoreRuns [ "variant" ] [ 99L ] store |> ignore)
    Assert.Contains("no run with id 99", e.Message)

[<Fact>]
let ``A store frame needs a variant key, and names it`` () =
    use dir = new TempDir()
    use store = RunStore.Open(dir.File "runs.db")
    let e = Assert.Throws<ArgumentException>(fun () -> RunFrames.ofStore [] "toy" store |> ignore)
    Assert.Contains("variantKeys", e.Message)

let private writeCsv (path: string) (lines: string list) = File.WriteAllLines(path, lines)

[<Fact>]
let ``A results CSV loads into the same shape, with NaN kept and whole numbers as descriptors`` () =
    use dir = new TempDir()
    let path = dir.File "toy-quick.csv"
    writeCsv path
        [ "Condition,Tokens,seed,Mae,Steps"
          "ce,one,1,2.5,300"
          "ce,one,2,NaN,300"
          "dist2,one,1,1.5,300"
          "dist2,one,2,,300" ]
    let frame = RunFrames.ofCsv [ "Condition"; "Tokens" ] path
    Assert.Equal(4, frame.RowCount)
    Assert.Equal<string list>([ "RunId"; "Experiment"; "Variant"; "Seed"; "Status"; "Condition"; "Tokens"; "Mae"; "Steps" ], List.ofSeq frame.ColumnKeys)
    Assert.Equal<string list>([ "ce, one"; "ce, one"; "dist2, one"; "dist2, one" ], frame.GetColumn<string>("Variant") |> Series.values |> List.ofSeq)
    Assert.Equal("toy-quick", unbox<string> (RunFrames.cell "Experiment" 0 frame).Value)
    Assert.Equal("completed", unbox<string> (RunFrames.cell "Status" 3 frame).Value)
    Assert.True(Double.IsNaN(unbox<float> (RunFrames.cell "Mae" 1 frame).Value))
    Assert.Equal(None, RunFrames.cell "Mae" 3 frame)
    Assert.Equal(box 300L, (RunFrames.cell "Steps" 0 frame).Value)
    Assert.Equal<string list>([ "Mae" ], RunFrames.measureColumns frame)

[<Fact>]
let ``Whole-number columns summarize as numbers when named; a text column is an error that names it`` () =
    use dir = new TempDir()
    let path = dir.File "toy-quick.csv"
    writeCsv path [ "setting,seed,bounds,note"; "\"learned, pgd\",1,0,x"; "\"learned, pgd\",2,3,y" ]
    let frame = RunFrames.ofCsv [ "setting" ] path
    Assert.Equal("learned, pgd", unbox<string> (RunFrames.cell "Variant" 0 frame).Value)
    let bounds = RunSummary.byMeasures [ "setting" ] [ "bounds" ] frame |> fun s -> unbox<Stat> (RunFrames.cell "bounds" 0 s).Value
    Assert.Equal(1.5, bounds.Mean)
    Assert.Equal(2, bounds.Count)
    let e = Assert.Throws<ArgumentException>(fun () -> RunSummary.byMeasures [ "setting" ] [ "note" ] frame |> ignore)
    Assert.Contains("column 'note' holds String values ('x'), expected numbers", e.Message)

let badCsvCases: obj[] list =
    [ [| [ "Variant,Mae"; "a,1" ]; [ "Variant" ]; "no seed column" |]
      [| [ "Variant,Seed,Mae"; "a,one,1" ]; [ "Variant" ]; "row 2, column Seed: expected a whole number, got 'one'" |]
      [| [ "Variant,Seed,Mae"; "a,1,1" ]; [ "Arm" ]; "no column 'Arm'; the columns are Variant, Seed, Mae" |] ]

[<Theory; MemberData(nameof badCsvCases)>]
let ``A malformed results CSV is named with what is wrong`` (lines: string list) (variants: string list) (message: string) =
    use dir = new TempDir()
    let path = dir.File "bad.csv"
    writeCsv path lines
    let e = Assert.ThrowsAny<Exception>(fun () -> RunFrames.ofCsv variants path |> ignore)
    Assert.Contains(message, e.Message)

let private statAt (frame: Frame<int, string>) (column: string) (row: int) = unbox<Stat> (RunFrames.cell column row frame).Value

[<Fact>]
let ``Mean and std per variant over completed runs, the others counted as left out`` () =
    use dir = new TempDir()
    use store = RunStore.Open(dir.File "runs.db")
    fillStore store
    let summary = RunFrames.ofStore [ "variant" ] "toy" store |> RunSummary.byMeasures [ "Variant" ] [ "loss"; "accuracy" ]
    Assert.Equal<string list>([ "Variant"; "loss"; "accuracy"; "n"; "left out" ], List.ofSeq summary.ColumnKeys)
    // a: loss 1, 2, 4 → mean 7/3, std sqrt(((−4/3)² + (−1/3)² + (5/3)²)/2) = sqrt(7/3); accuracy 0.5, 0.6 (seed 3 has none).
    let lossA = statAt summary "loss" 0
    Assert.Equal(7.0 / 3.0, lossA.Mean, 12)
    Assert.Equal(sqrt (7.0 / 3.0), lossA.Std, 12)
    Assert.Equal(3, lossA.Count)
    let accuracyA = statAt summary "accuracy" 0
    Assert.Equal(0.55, accuracyA.Mean, 12)
    Assert.Equal(2, accuracyA.Count)
    // b: the diverged seed 3 is left out, so its NaN does not reach the mean.
    let lossB = statAt summary "loss" 1
    Assert.Equal(0.75, lossB.Mean, 12)
    Assert.Equal(sqrt 0.125, lossB.Std, 12)
    Assert.Equal<obj list>([ box 3; box 2 ], [ for r in 0..1 -> (RunFrames.cell "n" r summary).Value ])
    Assert.Equal<obj list>([ box 0; box 1 ], [ for r in 0..1 -> (RunFrames.cell "left out" r summary).Value ])

[<Fact>]
let ``Asked to, the summary counts every run, and a NaN makes the mean NaN`` () =
    use dir = new TempDir()
    use store = RunStore.Open(dir.File "runs.db")
    fillStore store
    let summary = RunFrames.ofStore [ "variant" ] "toy" store |> RunSummary.everyRunByMeasures [ "Variant" ] [ "loss" ]
    let lossB = statAt summary "loss" 1
    Assert.True(Double.IsNaN lossB.Mean)
    Assert.Equal(3, lossB.Count)
    Assert.Equal(box 3, (RunFrames.cell "n" 1 summary).Value)

[<Fact>]
let ``Paired differences over shared seeds match the hand computation, naming missing and NaN seeds`` () =
    // a − b on seeds 1..3: 0.5, 1.0, 2.0; seed 4 only in a; seed 5 NaN in a; seed 6 only in b.
    let d =
        PairedDifference.ofSeeds "loss" "a" "b"
            [ 1, 1.0; 2, 2.0; 3, 4.0; 4, 9.0; 5, nan ]
            [ 3, 2.0; 1, 0.5; 2, 1.0; 5, 1.0; 6, 3.0 ]
    Assert.Equal<int list>([ 1; 2; 3 ], d.Seeds)
    Assert.Equal(3, d.N)
    Assert.Equal(7.0 / 6.0, d.Mean, 12)
    // deviations −2/3, −1/6, 5/6: sum of squares 7/6, over n − 1 = 2.
    let std = sqrt (7.0 / 12.0)
    Assert.Equal(std, d.Std, 12)
    let half = 4.302652729749464 * std / sqrt 3.0
    Assert.Equal(7.0 / 6.0 - half, d.Low, 9)
    Assert.Equal(7.0 / 6.0 + half, d.High, 9)
    Assert.Equal<int list>([ 4 ], d.OnlyA)
    Assert.Equal<int list>([ 6 ], d.OnlyB)
    Assert.Equal<int list>([ 5 ], d.NaNSeeds)

[<Fact>]
let ``One pair gives a mean but no interval, and a seed twice in a variant is an error`` () =
    let d = PairedDifference.ofSeeds "loss" "a" "b" [ 1, 3.0 ] [ 1, 1.0; 2, 5.0 ]
    Assert.Equal(1, d.N)
    Assert.Equal(2.0, d.Mean)
    Assert.True(Double.IsNaN d.Low && Double.IsNaN d.High && Double.IsNaN d.Std)
    let e = Assert.Throws<ArgumentException>(fun () -> PairedDifference.ofSeeds "loss" "a" "b" [ 1, 3.0; 1, 4.0 ] [ 1, 1.0 ] |> ignore)
    Assert.Contains("variant 'a' has 2 values of loss for seed 1: expected one per seed", e.Message)

[<Fact>]
let ``Paired from a store frame uses completed runs only`` () =
    use dir = new TempDir()
    use store = RunStore.Open(dir.File "runs.db")
    fillStore store
    let d = RunFrames.ofStore [ "variant" ] "toy" store |> RunSummary.paired "loss" "a" "b"
    // b's seed 3 diverged: left out as a run, so seed 3 is a's alone.
    Assert.Equal<int list>([ 1; 2 ], d.Seeds)
    Assert.Equal(0.75, d.Mean, 12)
    Assert.Equal<int list>([ 3 ], d.OnlyA)
    Assert.Empty(d.NaNSeeds)
