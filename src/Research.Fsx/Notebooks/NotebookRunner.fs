/// Runs a notebook's F# cells in order in one F# Interactive session (papermill's job for Polyglot notebooks):
/// captures what each cell prints, displays and returns, stops at the first failing cell, and writes the
/// outputs back with an HTML export alongside.
module Research.Fsx.Notebooks.NotebookRunner

open System
open System.Diagnostics
open System.IO
open System.Text.Json.Nodes
open System.Text.RegularExpressions
open Research.Fsx
open Research.Fsx.Notebooks.Ipynb

type RunOptions =
    { /// Overrides of the `parameters` cell, by name.
      Parameters: (string * string) list
      /// Where the executed notebook goes; None writes it back in place. The HTML export goes alongside.
      Output: string option
      /// Where each displayed chart is saved as .svg and .png (through RESEARCH_FIGURES_DIR); None saves none.
      FiguresDir: string option
      /// Also copy what cells print to this writer as they run.
      Echo: TextWriter option }

let defaultOptions = { Parameters = []; Output = None; FiguresDir = None; Echo = None }

type CellFailure =
    { /// 1-based position among the notebook's code cells.
      CodeCell: int
      CellId: string
      Source: string
      EName: string
      EValue: string
      Details: string list }

    override this.ToString() =
        let details = this.Details |> List.collect (fun d -> d.Split('\n') |> List.ofArray) |> List.map (fun l -> "  " + l.TrimEnd()) |> String.concat "\n"
        let numbered = this.Source.Split('\n') |> Array.mapi (fun i l -> $"  {i + 1,3} | {l.TrimEnd()}") |> String.concat "\n"
        $"code cell {this.CodeCell} (id {this.CellId}) failed: {this.EName}: {this.EValue}\n{details}\n  cell source:\n{numbered}"

type NotebookRun =
    { Notebook: string
      Output: string
      Html: string
      Figures: string list
      Failure: CellFailure option
      CellsRun: int
      Warnings: string list
      /// Seconds from the start of the run until the session could take the first cell.
      StartupSeconds: float
      TotalSeconds: float }

    member this.Succeeded = this.Failure.IsNone

/// Polyglot lines a cell may start with: `#!fsharp` (or `#!f#`) selects the kernel it already runs in.
let private kernelMagic = Regex(@"^\s*#!(fsharp|f#)\s*$", RegexOptions.IgnoreCase ||| RegexOptions.Multiline)

let private code (notebook: Notebook) (cell: JsonObject) (number: int) =
    match kernelName notebook cell with
    | "fsharp" ->
        let source = Ipynb.source cell
        match Regex.Match(source, @"^\s*#!(\S+)", RegexOptions.Multiline) with
        | m when m.Success && not (kernelMagic.IsMatch m.Value) ->
            Error $"code cell {number} uses the Polyglot magic command '#!{m.Groups[1].Value}', which the headless runner does not support"
        | _ -> Ok(kernelMagic.Replace(source, ""))
    | other -> Error $"code cell {number} runs in the '{other}' kernel; the headless runner runs F# cells only"

/// The names a Polyglot F# kernel provides, so that the same cells run here (`display`, `HTML`).
let private prelude =
    let kit = typeof<Html>.Assembly.Location.Replace("\\", "/")
    $"#r \"{kit}\"\nlet display (value: obj) = Research.Fsx.ChartDisplay.display value\nlet HTML (content: string) = Research.Fsx.Html content\n"

let private resultBundle (session: FsiSession) (value: obj, t: Type) =
    match Display.bundleOf value |> Option.orElseWith (fun () -> ChartDisplay.bundleOf value) with
    | Some bundle -> bundle
    | None -> Display.text (session.Format(value, t))

let private failureOutput (f: CellFailure) =
    ErrorOutput(f.EName, f.EValue, (string f).Split('\n') |> List.ofArray)

let private inDirectory (dir: string) (f: unit -> 'T) =
    let previous = Environment.CurrentDirectory
    Environment.CurrentDirectory <- dir
    try f () finally Environment.CurrentDirectory <- previous

/// Runs one notebook.
let run (options: RunOptions) (path: string) : NotebookRun =
    let clock = Stopwatch.StartNew()
    // F# Interactive has no deps.json to find libtorch's natives by: the engine is loaded before the first cell,
    // so a notebook's own Kit.init () (which Polyglot needs) is optional here.
    Kit.init ()
    let notebook = Ipynb.load path
    ensureCellIds notebook
    Parameters.apply notebook options.Parameters
    let dir = Folders.ofFile notebook.Path
    let warnings = ResizeArray<string>()
    let failure = ref None
    let startup = ref 0.0
    // F# Interactive resolves #r and #I paths against the folder it starts in, and Polyglot Notebooks runs
    // a notebook in its own folder: so does this runner.
    let figuresBefore = options.FiguresDir |> Option.map (fun d -> Path.GetFullPath d) |> Option.filter Directory.Exists |> Option.map (Directory.GetFiles >> Set.ofArray) |> Option.defaultValue Set.empty
    let previousFigures = Environment.GetEnvironmentVariable ChartImages.FiguresVariable
    options.FiguresDir |> Option.iter (fun d -> Environment.SetEnvironmentVariable(ChartImages.FiguresVariable, Path.GetFullPath d))
    let results =
      try
        inDirectory dir (fun () ->
            use session = new FsiSession(Path.Combine(dir, Folders.stem notebook.Path + ".fsx"))
            session.Define prelude
            startup.Value <- clock.Elapsed.TotalSeconds
            let mutable number = 0
            [ for cell in cells notebook |> List.filter (fun c -> cellType c = "code") do
                  number <- number + 1
                  match failure.Value with
                  | Some _ -> cell, None, []
                  | None ->
                      let capture = CellCapture(options.Echo)
                      let fail ename evalue details =
                          let cellId = JsonTree.tryString (JsonTree.at [ "id" ] cell) |> Option.defaultValue ""
                          let f = { CodeCell = number; CellId = cellId; Source = Ipynb.source cell; EName = ename; EValue = evalue; Details = details }
                          failure.Value <- Some f
                          capture.Outputs @ [ failureOutput f ]
                      let outputs =
                          match code notebook cell number with
                          | Error message -> fail "UnsupportedCell" message []
                          | Ok source ->
                              match CellRedirect.during capture DisplayData (fun () -> session.Evaluate source) with
                              | Evaluated(value, cellWarnings) ->
                                  warnings.AddRange(cellWarnings |> List.map (fun w -> $"code cell {number} {w}"))
                                  capture.Outputs @ (value |> Option.map (fun v -> ExecuteResult(number, resultBundle session v)) |> Option.toList)
                              | Failed(ename, evalue, details) -> fail ename evalue details
                      cell, Some number, outputs ])
      finally
        Environment.SetEnvironmentVariable(ChartImages.FiguresVariable, previousFigures)
    for cell, count, outputs in results do
        setOutputs cell count outputs
    let output = options.Output |> Option.defaultValue notebook.Path |> Path.GetFullPath
    Ipynb.save output notebook
    let html = Folders.withExtension ".html" output
    File.WriteAllText(html, HtmlExport.render { notebook with Path = output })
    // The charts' figure files, in the order they were written.
    let figures =
        options.FiguresDir
        |> Option.map Path.GetFullPath
        |> Option.filter Directory.Exists
        |> Option.map (fun d -> Directory.GetFiles d |> Array.filter (figuresBefore.Contains >> not) |> Array.sortBy File.GetLastWriteTimeUtc |> List.ofArray)
        |> Option.defaultValue []
    { Notebook = notebook.Path
      Output = output
      Html = html
      Figures = figures
      Failure = failure.Value
      CellsRun = results |> List.filter (fun (_, count, _) -> count.IsSome) |> List.length
      Warnings = List.ofSeq warnings
      StartupSeconds = startup.Value
      TotalSeconds = clock.Elapsed.TotalSeconds }
