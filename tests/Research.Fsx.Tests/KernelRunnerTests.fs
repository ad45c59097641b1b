/// Notebooks on the real .NET Interactive kernel (the dotnet-interactive tool, driven by nbclient): parameters
/// injected, the kit and TorchSharp usable, fail-fast with the failing cell named, counts filled, nbformat-valid.
module Research.Fsx.Tests.KernelRunnerTests

open System.IO
open System.Text.Json
open Xunit
open Research.Fsx.Notebooks
open Research.Fsx.Tests.TestSetup

[<Fact>]
let ``the kernel version is the one dotnet-tools.json installs`` () =
    use manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(repoRoot, "dotnet-tools.json")))
    let pinned = manifest.RootElement.GetProperty("tools").GetProperty("microsoft.dotnet-interactive").GetProperty("version").GetString()
    Assert.Equal(KernelRunner.KernelVersion, pinned)
    Assert.True(File.Exists(KernelRunner.kernelAssembly ()))

[<Fact>]
let ``a notebook runs on the kernel with its parameters, stops at the first failing cell and names it`` () =
    use dir = new TempDir()
    let kit = Path.GetDirectoryName(typeof<Research.Fsx.Html>.Assembly.Location)
    let marker = dir.File "ran-after-failure.txt"
    let path =
        writeNotebook (dir.File "kernel.ipynb")
            [ Tagged("let scale = \"quick\"\nlet steps = 2", [ "parameters" ])
              Code $"#I \"{kit}\"\n#r \"TorchSharp.dll\"\n#r \"Research.Core.dll\"\n#r \"Research.Fsx.dll\"\nResearch.Fsx.Kit.init ()"
              Code "let total = TorchSharp.torch.ones(int64 steps).sum().item<float32>()\nprintfn \"scale=%s total=%g gc=%b\" scale total System.Runtime.GCSettings.IsServerGC"
              Code "Research.Fsx.Table.ofRecords [ {| Name = \"kernel\"; Value = 1 |} ] |> Research.Fsx.Table.display"
              Code "(failwith \"the fifth cell fails\" : unit)"
              Code $"System.IO.File.WriteAllText(@\"{marker}\", \"ran\")" ]
    let options = { NotebookRunner.defaultOptions with Parameters = [ "scale", "full"; "steps", "3" ]; Output = Some(dir.File "out/kernel.ipynb") }
    let result = KernelRunner.run options path
    let failure = Assert.Single(Option.toList result.Failure)
    Assert.Equal(6, failure.CodeCell)   // counting the injected parameters cell
    Assert.Contains("the fifth cell fails", failure.EValue + String.concat "\n" failure.Details)
    Assert.False(File.Exists marker, "a cell after the failing one ran")
    assertValidNotebook result.Output
    let outputs = codeOutputs result.Output
    Assert.Equal<Ipynb.CellOutput list>([ Ipynb.Stream("stdout", "scale=full total=3 gc=true\n") ], outputs[3])   // the kernel runs server GC
    let counts =
        Ipynb.load result.Output
        |> Ipynb.cells
        |> List.filter (fun c -> Ipynb.cellType c = "code")
        |> List.map (fun c -> c["execution_count"] |> Option.ofObj |> Option.map (fun n -> n.GetValue<int>()))
    // The kit's displays reach the kernel's own display channel (what Polyglot shows), as HTML.
    match outputs[4] with
    | [ Ipynb.DisplayData data ] -> Assert.Contains(">kernel</td>", data |> List.find (fst >> (=) "text/html") |> snd)
    | other -> failwith $"expected one HTML display from Table.display, got %A{other}"
    Assert.Equal<int option list>([ Some 1; Some 2; Some 3; Some 4; Some 5; Some 6; None ], counts)
    Assert.True(File.Exists result.Html)
