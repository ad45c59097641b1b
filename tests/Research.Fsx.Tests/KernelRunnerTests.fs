/// Notebooks on the real .NET Interactive kernel (the dotnet-interactive tool, driven by nbclient): parameters
/// injected papermill-style, the kit and TorchSharp usable, cells sharing one session in the notebook's folder,
/// fail-fast with the failing cell named, counts filled, nbformat-valid output and its HTML export, figures collected.
module Research.Fsx.Tests.KernelRunnerTests

open System
open System.IO
open System.Text.Json
open Xunit
open Research.Fsx.Notebooks
open Research.Fsx.Notebooks.Ipynb
open Research.Fsx.Tests.TestSetup

let private texts (outputs: CellOutput list) =
    outputs |> List.map (function
        | Stream(name, text) -> $"{name}: {text}"
        | DisplayData bundle -> "display " + String.Join(",", bundle |> List.map fst)
        | ExecuteResult(_, bundle) -> "result " + (bundle |> List.find (fst >> (=) "text/plain") |> snd)
        | ErrorOutput(ename, _, _) -> "error " + ename)

let private executionCounts (path: string) =
    Ipynb.load path
    |> Ipynb.cells
    |> List.filter (fun c -> Ipynb.cellType c = "code")
    |> List.map (fun c -> c["execution_count"] |> Option.ofObj |> Option.map (fun n -> n.GetValue<int>()))

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
    File.WriteAllText(dir.File "data.txt", "from the notebook's folder")
    let path =
        writeNotebook (dir.File "kernel.ipynb")
            [ Tagged("let scale = \"quick\"\nlet steps = 2", [ "parameters" ])
              Code $"#I \"{kit}\"\n#r \"TorchSharp.dll\"\n#r \"Research.Core.dll\"\n#r \"Research.Fsx.dll\"\nResearch.Fsx.Kit.init ()"
              Code "type Point = { X: int; Y: int }\nlet shift p = { p with X = p.X + 1 }\nlet total = TorchSharp.torch.ones(int64 steps).sum().item<float32>()\nprintfn \"scale=%s total=%g latency=%A\" scale total System.Runtime.GCSettings.LatencyMode"
              Code "Research.Fsx.Table.ofRecords [ {| Name = \"kernel\"; Value = 1 |} ] |> Research.Fsx.Table.display"
              Code "let figures = System.Environment.GetEnvironmentVariable \"RESEARCH_FIGURES_DIR\"\nSystem.IO.File.WriteAllText(System.IO.Path.Combine(figures, \"curve.svg\"), \"<svg/>\")\nprintfn \"%d %s\" (shift { X = 1; Y = 2 }).X (System.IO.File.ReadAllText \"data.txt\")"
              Code "(failwith \"the sixth cell fails\" : unit)"
              Code $"System.IO.File.WriteAllText(@\"{marker}\", \"ran\")" ]
    let before = File.ReadAllText path
    let options =
        { RunOptions.defaults with
            Parameters = [ "scale", "full"; "steps", "3" ]
            Output = Some(dir.File "out/kernel.ipynb")
            FiguresDir = Some(dir.File "figures") }
    let result = KernelRunner.run options path
    let failure = Assert.Single(Option.toList result.Failure)
    Assert.Equal(7, failure.CodeCell)   // counting the injected parameters cell
    Assert.Equal(("Exception", "the sixth cell fails"), (failure.EName, failure.EValue))
    Assert.Contains("(failwith \"the sixth cell fails\" : unit)", string failure)
    Assert.False(File.Exists marker, "a cell after the failing one ran")
    Assert.Equal(7, result.CellsRun)   // the failing cell ran too
    Assert.True(result.StartupSeconds > 0.0 && result.StartupSeconds < result.TotalSeconds, $"start-up {result.StartupSeconds} s of {result.TotalSeconds} s")
    assertValidNotebook result.Output
    Assert.Equal((dir.File "out/kernel.ipynb", dir.File "out/kernel.html"), (result.Output, result.Html))
    Assert.Equal(before, File.ReadAllText path)   // the source is left as it was
    let outputs = codeOutputs result.Output
    Assert.Equal<string list>([ "injected-parameters" ], Ipynb.load result.Output |> Ipynb.cells |> List.item 1 |> Ipynb.tags)
    // Batch latency: the kernel runs with concurrent GC off (TorchSharp 0.107's Scalar race, STACK.md).
    Assert.Equal<CellOutput list>([ Stream("stdout", "scale=full total=3 latency=Batch\n") ], outputs[3])
    // The kit's displays reach the kernel's own display channel (what Polyglot shows), as HTML.
    match outputs[4] with
    | [ DisplayData data ] -> Assert.Contains(">kernel</td>", data |> List.find (fst >> (=) "text/html") |> snd)
    | other -> failwith $"expected one HTML display from Table.display, got %A{other}"
    // A type defined in one cell is used in a later one, which runs in the notebook's own folder.
    Assert.Equal<string list>([ "stdout: 2 from the notebook's folder\n" ], texts outputs[5])
    Assert.Equal<string list>([ dir.File "figures/curve.svg" ], result.Figures)
    Assert.Equal<int option list>([ Some 1; Some 2; Some 3; Some 4; Some 5; Some 6; Some 7; None ], executionCounts result.Output)
    Assert.Contains(">kernel</td>", File.ReadAllText result.Html)

let compileErrorCases: obj[] list =
    [ [| "let c = a + \"text\""; "typecheck error" |]
      [| "let d = (1 +"; "parse error" |] ]

[<Theory; MemberData(nameof compileErrorCases)>]
let ``a cell that does not compile reports the compiler's error with its line`` (line2: string) (error: string) =
    use dir = new TempDir()
    let nb = writeNotebook (dir.File "typo.ipynb") [ Code "let a = 1"; Code $"let b = 2\n{line2}"; Code "printfn \"never\"" ]
    let result = KernelRunner.run RunOptions.defaults nb
    let failure = result.Failure |> Option.get
    Assert.Equal((2, "CompilationError"), (failure.CodeCell, failure.EName))
    Assert.Contains(error, failure.EValue)
    Assert.Contains(failure.Details, fun d -> d.Contains "(2," && d.Contains error)
    Assert.Empty(codeOutputs nb |> List.last)
    Assert.Equal<int option list>([ Some 1; Some 2; None ], executionCounts nb)   // run in place

[<Fact>]
let ``a run without overrides drops the previous run's injected cell and uses the defaults again`` () =
    use dir = new TempDir()
    let nb =
        writeNotebook (dir.File "params.ipynb")
            [ Tagged("let scale = \"quick\"\nlet seeds = [ 1; 2 ]\nlet lr = 0.1", [ "parameters" ])
              Code "printfn \"%s %A %g\" scale seeds lr" ]
    let first = KernelRunner.run { RunOptions.defaults with Parameters = [ "scale", "full"; "seeds", "3,4,5" ] } nb
    Assert.True(first.Succeeded, string first.Failure)
    Assert.Equal<string list list>([ []; []; [ "stdout: full [3; 4; 5] 0.1\n" ] ], codeOutputs nb |> List.map texts)
    let second = KernelRunner.run RunOptions.defaults nb
    Assert.True(second.Succeeded, string second.Failure)
    Assert.Equal<string list list>([ []; [ "stdout: quick [1; 2] 0.1\n" ] ], codeOutputs nb |> List.map texts)
    assertValidNotebook nb

/// In a `research` process: -p reaches the parameters cell, --out NAME.ipynb writes that file (how full-scale copies
/// go to notebooks/results/), --figures names the folder per notebook, and a failing notebook makes the exit code 1
/// with the notebook, the cell and the error on stderr.
[<Fact>]
let ``research nb run applies -p, writes --out and exits non-zero on a failing cell naming it`` () =
    use dir = new TempDir()
    let good =
        writeNotebook (dir.File "good.ipynb")
            [ Tagged("let n = 1", [ "parameters" ])
              Code "printfn \"n=%d figures=%s\" n (System.IO.Path.GetFileName(System.Environment.GetEnvironmentVariable \"RESEARCH_FIGURES_DIR\"))" ]
    let code, stdout, stderr = runProcess research [ "nb"; "run"; good; "-p"; "n"; "7"; "--out"; "results/good-full.ipynb"; "--figures"; "figures" ] dir.Path
    Assert.True((code = 0), stdout + stderr)
    assertValidNotebook (dir.File "results/good-full.ipynb")
    Assert.True(File.Exists(dir.File "results/good-full.html"))
    Assert.Equal<string list>([ "stdout: n=7 figures=good\n" ], codeOutputs (dir.File "results/good-full.ipynb") |> List.concat |> texts)
    let bad = writeNotebook (dir.File "bad.ipynb") [ Code "1"; Code "(invalidOp \"boom\" : unit)" ]
    let code, _, stderr = runProcess research [ "nb"; "run"; bad; "--in-place" ] dir.Path
    Assert.Equal(1, code)
    Assert.Contains("bad.ipynb: code cell 2", stderr)
    Assert.Contains("InvalidOperationException: boom", stderr)
    Assert.Contains("(invalidOp \"boom\" : unit)", stderr)
    Assert.Equal<int option list>([ Some 1; Some 2 ], executionCounts bad)

/// Kernels started together each find their own HTTP ports (with the kernel's default range they collided and one
/// died before its first cell).
[<Fact>]
let ``notebooks started at the same moment each get a kernel`` () =
    use dir = new TempDir()
    let notebooks = [ for i in 1..3 -> writeNotebook (dir.File $"together-{i}.ipynb") [ Code $"printfn \"notebook {i}\"" ] ]
    let runs = notebooks |> List.map (fun nb -> async { return KernelRunner.run RunOptions.defaults nb }) |> Async.Parallel |> Async.RunSynchronously
    for run in runs do
        Assert.True(run.Succeeded, string run.Failure)
    Assert.Equal<string list list>([ for i in 1..3 -> [ $"stdout: notebook {i}\n" ] ], [ for nb in notebooks -> codeOutputs nb |> List.concat |> texts ])
