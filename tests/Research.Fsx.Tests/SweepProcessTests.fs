/// `research sweep dist2`, `guidance`, `labo` and `labo-mt` train notebook 01's, 04's and 03's grids in parallel child
/// processes into one run store, and a second sweep finds every run there and trains none.
module Research.Fsx.Tests.SweepProcessTests

open System.Diagnostics
open System.IO
open Xunit
open Research.Core.Experiments
open Research.Core.Experiments.Dist2
open Research.Core.Experiments.Guidance
open Research.Fsx.Tests.TestSetup

let private sweepWith (arguments: string list) (store: string) =
    // From the repository, so every child sees the same code revision as the parent.
    let info =
        ProcessStartInfo(research, arguments,
                         WorkingDirectory = repoRoot, RedirectStandardOutput = true, RedirectStandardError = true)
    info.Environment["RESEARCH_RUNS_DB"] <- store
    use proc = nonNull (Process.Start info)
    let stdout = proc.StandardOutput.ReadToEndAsync()
    let stderr = proc.StandardError.ReadToEndAsync()
    proc.WaitForExit()
    proc.ExitCode, stdout.Result, stderr.Result

let private sweep = sweepWith [ "sweep"; "dist2"; "--scale"; "quick"; "--seeds"; "1"; "--steps"; "3"; "--workers"; "2" ]

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

[<Fact>]
let ``a guidance sweep runs the gate, the learning-rate sweeps and every arm, and a second sweep trains nothing`` () =
    use dir = new TempDir()
    let storePath = dir.File "runs.db"
    let guidance = sweepWith [ "sweep"; "guidance"; "--scale"; "toy"; "--seeds"; "1"; "--copy-seeds"; "1"; "--workers"; "2" ]
    let code, stdout, stderr = guidance storePath
    Assert.True((code = 0), $"sweep failed ({code}): {stdout}\n{stderr}")
    // toy: 5 learning rates for each of E1's data sets and a gate of 2 depths × (plain, ResNet); then E2's 5 rates and
    // E1's 2 × 4 arms; then E2's 3 arms and E3's 3 on the copy task and 3 on parity. Runs with the config of one already stored are read back.
    Assert.Contains("E1 learning rates and the gate: 0 of 14 runs already in the store, 14 to train", stdout)
    Assert.Contains("E2's gate: plain-", stdout)
    Assert.Contains("learning rate", stdout)
    Assert.Contains("E2 learning rates and E1: ", stdout)
    Assert.Contains("E2 and E3: ", stdout)
    use store = RunStore.Open storePath
    let runs = store.Runs()
    Assert.All(runs, fun r -> Assert.Equal(RunStatus.Completed, r.Status))
    Assert.Equal(6, runs |> Seq.filter (fun r -> r.Experiment = CopyGuidanceRunner.Experiment) |> Seq.length)   // copy and parity
    Assert.Equal(2, runs |> Seq.filter (fun r -> r.Config.Contains "\"target\":\"resnet\"") |> Seq.length)   // the gate's references
    Assert.Single(runs |> Seq.map (fun r -> r.Revision) |> Seq.distinct) |> ignore

    let again, stdout2, stderr2 = guidance storePath
    Assert.True((again = 0), $"second sweep failed ({again}): {stdout2}\n{stderr2}")
    Assert.Contains("E1 learning rates and the gate: 14 of 14 runs already in the store, 0 to train", stdout2)
    Assert.Contains("E2 and E3: 9 of 9 runs already in the store, 0 to train", stdout2)
    Assert.Equal(runs.Count, store.Runs().Count)

[<Fact>]
let ``a LABO-R sweep tunes every setting on the first seed, runs the chosen ones on the others, and a second sweep trains nothing`` () =
    use dir = new TempDir()
    let storePath = dir.File "runs.db"
    let labo = sweepWith [ "sweep"; "labo"; "--scale"; "toy"; "--seeds"; "1,2"; "--workers"; "2" ]
    let code, stdout, stderr = labo storePath
    Assert.True((code = 0), $"sweep failed ({code}): {stdout}\n{stderr}")
    // toy: one noise rate and one setting per family (CE, LS, TF-KD_reg, LABO-R, the budget form) on seed 1, then the
    // same five on seed 2.
    Assert.Contains("tuning: 0 of 5 runs already in the store, 5 to train, 2 at a time", stdout)
    Assert.Contains("noise 40 %, labo-r: LABO-R α=0.3 T=10 chosen on validation top-1", stdout)
    Assert.Contains("the chosen settings on the other seeds: 0 of 5 runs already in the store, 5 to train", stdout)
    use store = RunStore.Open storePath
    let runs = store.Runs Research.Core.Experiments.Labo.LaboRunner.Experiment
    Assert.Equal(10, runs.Count)
    Assert.All(runs, fun r -> Assert.Equal(RunStatus.Completed, r.Status))
    Assert.Equal<int list>([ 1; 1; 1; 1; 1; 2; 2; 2; 2; 2 ], runs |> Seq.map (fun r -> r.Seed) |> Seq.sort |> List.ofSeq)
    Assert.True(Directory.Exists(dir.File "checkpoints/03-labo"), "the children checkpoint beside the store")

    let again, stdout2, stderr2 = labo storePath
    Assert.True((again = 0), $"second sweep failed ({again}): {stdout2}\n{stderr2}")
    Assert.Contains("tuning: 5 of 5 runs already in the store, 0 to train", stdout2)
    Assert.Contains("the chosen settings on the other seeds: 5 of 5 runs already in the store, 0 to train", stdout2)
    Assert.Equal(10, store.Runs().Count)

[<Fact>]
let ``a translation sweep chooses LABO-R's temperature on the first seed, runs the rest, and a second sweep trains nothing`` () =
    use dir = new TempDir()
    let storePath = dir.File "runs.db"
    let mt = sweepWith [ "sweep"; "labo-mt"; "--scale"; "toy"; "--data"; "word-mapping"; "--seeds"; "1,2"; "--epochs"; "2"; "--workers"; "2" ]
    let code, stdout, stderr = mt storePath
    Assert.True((code = 0), $"sweep failed ({code}): {stdout}\n{stderr}")
    // CE, LS and LABO-R at T = 2 and 10 on seed 1; then CE, LS and the chosen LABO-R on seed 2, and LS and that LABO-R
    // with misaligned targets on seeds 1 and 2.
    Assert.Contains("tuning: 0 of 4 runs already in the store, 4 to train, 2 at a time", stdout)
    Assert.Contains("LABO-R's temperature chosen on validation BLEU: ", stdout)
    Assert.Contains("the other seeds and misaligned targets: 0 of 7 runs already in the store, 7 to train", stdout)
    use store = RunStore.Open storePath
    let runs = store.Runs Research.Core.Experiments.Labo.TranslationRunner.Experiment
    Assert.Equal(11, runs.Count)
    Assert.All(runs, fun r -> Assert.Equal(RunStatus.Completed, r.Status))
    Assert.Equal(4, runs |> Seq.filter (fun r -> r.Config.Contains "\"Noise\":0.2") |> Seq.length)

    let again, stdout2, stderr2 = mt storePath
    Assert.True((again = 0), $"second sweep failed ({again}): {stdout2}\n{stderr2}")
    Assert.Contains("tuning: 4 of 4 runs already in the store, 0 to train", stdout2)
    Assert.Contains("the other seeds and misaligned targets: 7 of 7 runs already in the store, 0 to train", stdout2)
    Assert.Equal(11, store.Runs().Count)
