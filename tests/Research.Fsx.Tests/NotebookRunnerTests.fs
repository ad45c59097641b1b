module Research.Fsx.Tests.NotebookRunnerTests

open System
open System.IO
open Xunit
open Research.Fsx.Notebooks
open Research.Fsx.Notebooks.Ipynb
open Research.Fsx.Tests.TestSetup

let private run (options: NotebookRunner.RunOptions) (path: string) = NotebookRunner.run options path

let private quiet = NotebookRunner.defaultOptions

let private texts (outputs: CellOutput list) =
    outputs |> List.map (function
        | Stream(name, text) -> $"{name}: {text}"
        | DisplayData bundle -> "display " + String.Join(",", bundle |> List.map fst)
        | ExecuteResult(_, bundle) -> "result " + (bundle |> List.find (fst >> (=) "text/plain") |> snd)
        | ErrorOutput(ename, _, _) -> "error " + ename)

[<Fact>]
let ``Cells share one session: values, functions and types flow from cell to cell`` () =
    use dir = new TempDir()
    let nb =
        writeNotebook (dir.File "shared.ipynb")
            [ Markdown "# Shared state"
              Code "type Point = { X: int; Y: int }\nlet origin = { X = 0; Y = 0 }\nlet shift p = { p with X = p.X + 1 }"
              Code "let mutable counter = 0\nprintfn \"defined\""
              Code "counter <- counter + 41\nshift origin"
              Code "counter + 1" ]
    let result = run quiet nb
    Assert.True(result.Succeeded, string result.Failure)
    Assert.Equal(4, result.CellsRun)
    let outputs = codeOutputs nb |> List.map texts
    Assert.Equal<string list list>(
        [ []; [ "stdout: defined\n" ]; [ "result { X = 1\n  Y = 0 }" ]; [ "result 42" ] ], outputs)
    assertValidNotebook nb
    Assert.True(File.Exists(Path.ChangeExtension(nb, ".html")))

[<Fact>]
let ``An error in cell 2 stops the run, shows the error and the cell, and leaves later cells unrun`` () =
    use dir = new TempDir()
    let nb =
        writeNotebook (dir.File "broken.ipynb")
            [ Code "printfn \"first\""
              Code "let x = 1\n(failwith \"deliberate failure in cell 2\" : unit)"
              Code "printfn \"never\"" ]
    let result = run quiet nb
    let failure = result.Failure |> Option.get
    Assert.Equal((2, "Exception", "deliberate failure in cell 2"), (failure.CodeCell, failure.EName, failure.EValue))
    Assert.Equal(2, result.CellsRun)
    let cells = Ipynb.load nb |> Ipynb.cells
    match Ipynb.readOutputs cells[1] with
    | [ ErrorOutput(ename, evalue, traceback) ] ->
        Assert.Equal(("Exception", "deliberate failure in cell 2"), (ename, evalue))
        Assert.Contains("    2 | (failwith \"deliberate failure in cell 2\" : unit)", String.concat "\n" traceback)
    | other -> failwithf "expected one error output, got %A" other
    Assert.Empty(Ipynb.readOutputs cells[2])
    Assert.Null(cells[2]["execution_count"])
    assertValidNotebook nb

let compileErrorCases: obj[] list =
    [ [| "let c = a + \"text\""; "error FS0001" |] // a type error
      [| "invalidOp \"boom\" : unit"; "error FS0010" |] ] // a parse error, which F# Interactive reports without an exception

[<Theory; MemberData(nameof compileErrorCases)>]
let ``A cell that does not compile reports the compiler's error with its line`` (line2: string) (error: string) =
    use dir = new TempDir()
    let nb = writeNotebook (dir.File "typo.ipynb") [ Code "let a = 1"; Code $"let b = 2\n{line2}"; Code "printfn \"never\"" ]
    let failure = (run quiet nb).Failure |> Option.get
    Assert.Equal((2, "CompilationError"), (failure.CodeCell, failure.EName))
    Assert.Contains(failure.Details, fun d -> d.StartsWith "(2," && d.Contains error)
    Assert.Empty(codeOutputs nb |> List.last)

[<Fact>]
let ``The parameters cell is overridden papermill-style by an injected cell`` () =
    use dir = new TempDir()
    let nb =
        writeNotebook (dir.File "params.ipynb")
            [ Tagged("let scale = \"quick\"\nlet seeds = [ 1; 2 ]\nlet lr = 0.1", [ "parameters" ])
              Code "printfn \"%s %A %g\" scale seeds lr" ]
    let first = run { quiet with Parameters = [ "scale", "full"; "seeds", "3,4,5" ] } nb
    Assert.True(first.Succeeded, string first.Failure)
    Assert.Equal<string list list>([ []; []; [ "stdout: full [3; 4; 5] 0.1\n" ] ], codeOutputs nb |> List.map texts)
    let injected = Ipynb.load nb |> Ipynb.cells |> List.item 1
    Assert.Equal<string list>([ "injected-parameters" ], Ipynb.tags injected)
    assertValidNotebook nb
    // a second run without overrides drops the injected cell and uses the defaults again
    run quiet nb |> ignore
    Assert.Equal<string list list>([ []; [ "stdout: quick [1; 2] 0.1\n" ] ], codeOutputs nb |> List.map texts)

[<Fact>]
let ``Polyglot's display and HTML helpers and the kit's charts and tables display richly`` () =
    use dir = new TempDir()
    let nb =
        writeNotebook (dir.File "display.ipynb")
            [ Code $"#r \"{typeof<Research.Fsx.Html>.Assembly.Location}\"\nopen Research.Fsx"
              Code "display (HTML \"<b>bold</b>\")\nprintfn \"between\"\nTable.create [ \"a\" ] [ [ Whole 1L ] ] |> Table.display"
              Code "Chart.bar \"Name\" \"Value\" [ {| Name = \"x\"; Value = 1.0 |} ] |> Chart.title \"Bars\"" ]
    let result = run { quiet with FiguresDir = Some(dir.File "figures") } nb
    Assert.True(result.Succeeded, string result.Failure)
    let outputs = codeOutputs nb
    Assert.Equal<string list>(
        [ "display text/html,text/plain"; "stdout: between\n"; "display text/html,text/markdown,text/plain" ], texts outputs[1])
    match outputs[2] with
    | [ ExecuteResult(3, bundle) ] ->
        Assert.Equal<string list>([ "image/svg+xml"; "text/html"; "text/plain" ], bundle |> List.map fst)
    | other -> failwithf "expected the chart as the cell's result, got %A" other
    Assert.Equal<string list>([ "bars.png"; "bars.svg" ], Directory.GetFiles(dir.File "figures") |> Array.map (Path.GetFileName >> string) |> Array.sort |> List.ofArray)
    assertValidNotebook nb
    let html = File.ReadAllText result.Html
    Assert.Contains("<b>bold</b>", html)
    Assert.Contains("<svg", html)

[<Fact>]
let ``Output goes to another folder when asked, leaving the source notebook as it was`` () =
    use dir = new TempDir()
    let nb = writeNotebook (dir.File "source.ipynb") [ Code "1 + 1" ]
    let before = File.ReadAllText nb
    let result = run { quiet with Output = Some(dir.File "out/run.ipynb") } nb
    Assert.Equal(before, File.ReadAllText nb)
    Assert.Equal((dir.File "out/run.ipynb", dir.File "out/run.html"), (result.Output, result.Html))
    assertValidNotebook result.Output

[<Fact>]
let ``Cells run in the notebook's folder, as in Polyglot Notebooks`` () =
    use dir = new TempDir()
    File.WriteAllText(dir.File "data.txt", "from the notebook's folder")
    let nb = writeNotebook (dir.File "cwd.ipynb") [ Code "System.IO.File.ReadAllText \"data.txt\"" ]
    Assert.True((run quiet nb).Succeeded)
    Assert.Equal<string list list>([ [ "result \"from the notebook's folder\"" ] ], codeOutputs nb |> List.map texts)

[<Fact>]
let ``A cell of another language stops the run with a clear message`` () =
    use dir = new TempDir()
    let nb = writeNotebook (dir.File "csharp.ipynb") [ Code "#!csharp\nConsole.WriteLine(1);" ]
    let failure = (run quiet nb).Failure |> Option.get
    Assert.Equal("code cell 1 uses the Polyglot magic command '#!csharp', which the headless runner does not support", failure.EValue)

/// In a fresh `research` process: -p reaches the parameters cell, the cells see TorchSharp loaded by the runner
/// (F# Interactive has no deps.json of its own), and they run under the CLI's GC settings, concurrent GC off
/// (TorchSharp 0.107's Scalar race, STACK.md).
[<Fact>]
let ``research nb run applies -p, loads TorchSharp and runs cells with concurrent GC off`` () =
    use dir = new TempDir()
    let nb =
        writeNotebook (dir.File "good.ipynb")
            [ Tagged("let n = 1", [ "parameters" ])
              Code "printfn \"n=%d\" n"
              Code $"#r \"{kitDir}/TorchSharp.dll\"\nprintfn \"sum=%%d\" (TorchSharp.torch.arange(5L).sum().item<int64>())"
              Code "printfn \"gc=%A\" System.Runtime.GCSettings.LatencyMode" ]
    let code, stdout, stderr = runProcess research [ "nb"; "run"; nb; "-p"; "n"; "7" ] dir.Path
    Assert.True((code = 0), stdout + stderr)
    let printed = codeOutputs nb |> List.concat |> List.map (function Stream(_, text) -> text.Trim() | _ -> "") |> List.filter ((<>) "")
    Assert.Equal<string list>([ "n=7"; "sum=10"; "gc=Batch" ], printed)

/// `research nb run` exits non-zero when a cell fails, and prints the error and the cell.
[<Fact>]
let ``research nb run exits non-zero on a failing cell`` () =
    use dir = new TempDir()
    let bad = writeNotebook (dir.File "bad.ipynb") [ Code "1"; Code "(invalidOp \"boom\" : unit)" ]
    let code, _, stderr = runProcess research [ "nb"; "run"; bad ] dir.Path
    Assert.Equal(1, code)
    Assert.Contains("code cell 2", stderr)
    Assert.Contains("InvalidOperationException: boom", stderr)
    Assert.Contains("(invalidOp \"boom\" : unit)", stderr)
