module Research.Fsx.Tests.ProgressTests

open System
open System.IO
open Xunit
open Research.Core.Training

/// A run of `steps` steps reported at `secondsPerStep` of fake time each, with text every `interval` seconds.
let private linesFor (interval: float) (secondsPerStep: float) (epochs: int) (steps: int64) =
    let mutable now = TimeSpan.Zero
    use writer = new StringWriter()
    let progress = ProgressText(writer, TimeSpan.FromSeconds interval, (fun () -> now)) :> ITrainingProgress
    progress.Start("demo", epochs, steps)
    for epoch in 1..epochs do
        for step in 1L .. steps do
            now <- now + TimeSpan.FromSeconds secondsPerStep
            progress.Report(ProgressUpdate(epoch, epochs, step, steps, 1.0 / float step))
    progress.Finish "test accuracy 99.0 %"
    writer.ToString().TrimEnd().Split('\n') |> Array.map (fun l -> l.TrimEnd()) |> List.ofArray

[<Fact>]
let ``Text progress shows the first step, one line per interval, and the last step`` () =
    // 2 epochs of 100 steps at 0.1 s a step: 20 s in all, a line every 5 s.
    let lines = linesFor 5.0 0.1 2 100L
    Assert.Equal<string list>(
        [ "demo: epoch 1/2  step 1/100  loss 1.0000  elapsed 0s  ETA 20s"
          "demo: epoch 1/2  step 51/100  loss 0.0196  elapsed 5s  ETA 15s"
          "demo: epoch 2/2  step 1/100  loss 1.0000  elapsed 10s  ETA 10s"
          "demo: epoch 2/2  step 51/100  loss 0.0196  elapsed 15s  ETA 5s"
          "demo: epoch 2/2  step 100/100  loss 0.0100  elapsed 20s"
          "demo: done in 20s. test accuracy 99.0 %" ],
        lines)

[<Fact>]
let ``Thousands of fast steps print a handful of lines, not a flood`` () =
    let lines = linesFor 5.0 0.001 1 100_000L // 100 s
    Assert.InRange(lines.Length, 20, 23)

let etaCases: obj[] list =
    [ [| 1; 4; 50L; 100L; 10.0; 0.125; 70.0 |]
      [| 4; 4; 100L; 100L; 40.0; 1.0; 0.0 |]
      [| 2; 2; 0L; 10L; 5.0; 0.5; 5.0 |] ]

[<Theory; MemberData(nameof etaCases)>]
let ``The ETA assumes the pace so far`` (epoch: int) (epochs: int) (step: int64) (steps: int64) (elapsed: float) (fraction: float) (eta: float) =
    let update = ProgressUpdate(epoch, epochs, step, steps, 0.0)
    Assert.Equal(fraction, update.Fraction, 12)
    Assert.Equal(eta, update.Eta(TimeSpan.FromSeconds elapsed).Value.TotalSeconds, 9)

[<Fact>]
let ``A step outside the epoch names the bound`` () =
    use writer = new StringWriter()
    let progress = ProgressText(writer) :> ITrainingProgress
    let e = Assert.Throws<ArgumentOutOfRangeException>(fun () -> progress.Report(ProgressUpdate(1, 2, 101L, 100L, 0.0)))
    Assert.Contains("step must be in [0, 100], got 101", e.Message)

[<Fact>]
let ``Notebook progress writes to the cell's output`` () =
    let original = Console.Out
    use captured = new StringWriter()
    Console.SetOut captured
    try
        let progress = Research.Fsx.Progress.every 0.0
        progress.Start("cell", 1, 2L)
        progress.Report(ProgressUpdate(1, 1, 2L, 2L, 0.5))
    finally
        Console.SetOut original
    Assert.StartsWith("cell: epoch 1/1  step 2/2  loss 0.5000", captured.ToString())
