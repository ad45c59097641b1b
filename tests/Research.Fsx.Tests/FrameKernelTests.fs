/// Deedle frames on the real .NET Interactive kernel: the kit's compact HTML is what the kernel's formatter uses for
/// a frame that is a cell's value (Deedle's own display is megabytes).
module Research.Fsx.Tests.FrameKernelTests

open System.IO
open Xunit
open Research.Fsx.Notebooks
open Research.Fsx.Tests.TestSetup

[<Fact>]
let ``a frame as a cell's value displays as the kit's small table on the kernel`` () =
    use dir = new TempDir()
    let kit = Path.GetDirectoryName(typeof<Research.Fsx.Html>.Assembly.Location)
    let csv = dir.File "toy-quick.csv"
    File.WriteAllLines(csv, [ "Variant,Seed,Loss"; "a,1,0.25"; "a,2,NaN"; "b,1,0.5" ])
    let path =
        writeNotebook (dir.File "frames.ipynb")
            [ Tagged("let scale = \"quick\"", [ "parameters" ])
              Code $"#I \"{kit}\"\n#r \"Deedle.dll\"\n#r \"Research.Core.dll\"\n#r \"Research.Fsx.dll\"\nResearch.Fsx.Kit.init ()"
              // The kit's loader registers the formatter; then any frame, the kit's or the user's, shows compactly.
              Code $"Research.Fsx.RunFrames.ofCsv [ \"Variant\" ] @\"{csv}\""
              Code "open Deedle\nFrame.ofColumns [ \"user\", Series.ofValues [ 1.5; 2.5 ] ]" ]
    let result = KernelRunner.run { RunOptions.defaults with Output = Some(dir.File "out/frames.ipynb") } path
    Assert.True(result.Failure.IsNone, sprintf "%A" result.Failure)
    let html (outputs: Ipynb.CellOutput list) =
        match outputs with
        | [ Ipynb.ExecuteResult(_, data) ] -> data |> List.find (fst >> (=) "text/html") |> snd
        | other -> failwith $"expected the frame as the cell's result, got %A{other}"
    let outputs = codeOutputs result.Output
    let runs, user = html outputs[2], html outputs[3]
    Assert.StartsWith("<table class=\"research-table\">", runs)
    Assert.Contains(">NaN</td>", runs)
    Assert.True(runs.Length < 4096, $"{runs.Length} characters")
    Assert.StartsWith("<table class=\"research-table\">", user)
    Assert.Contains(">2.500</td>", user)
    Assert.True(user.Length < 1024, $"{user.Length} characters")
