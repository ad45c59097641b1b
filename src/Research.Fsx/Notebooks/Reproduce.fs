/// `research reproduce`: runs every notebook at one scale on the .NET Interactive kernel and writes
/// reports/index.html (ReportPage): each executed notebook, its figures, the committed full-scale results and claims.
module Research.Fsx.Notebooks.Reproduce

open System
open System.IO
open Research.Core.Experiments
open Research.Fsx
open Research.Fsx.Notebooks.Ipynb

type ReproduceOptions =
    { /// "quick" (minutes, for CI) or "full" (the papers' settings); passed to notebooks that define `scale`.
      Scale: string
      /// Seeds for notebooks that define `seeds`; None keeps each notebook's own.
      Seeds: string option
      NotebooksDir: string
      ReportsDir: string
      Echo: IO.TextWriter option }

type ReproduceResult =
    { Runs: NotebookRun list
      Index: string }

    member this.Succeeded = this.Runs |> List.forall (fun r -> r.Succeeded)

let scales = [ "quick"; "full" ]

/// The overrides a notebook accepts among scale and seeds (a notebook without them runs as it is).
let overridesFor (options: ReproduceOptions) (notebook: Notebook) =
    let defined =
        cells notebook
        |> List.filter (fun c -> cellType c = "code" && tags c |> List.contains Parameters.ParametersTag)
        |> List.collect (Ipynb.source >> Parameters.defaults)
        |> List.map fst
    [ "scale", Some options.Scale; "seeds", options.Seeds ]
    |> List.choose (fun (name, value) -> match value with Some v when List.contains name defined -> Some(name, v) | _ -> None)

/// A paper's committed full-scale results in resultsDir: NAME-full.ipynb (its HTML export is written to htmlDir),
/// NAME-full*.csv, and the figures in NAME/.
let fullScaleOf (resultsDir: string) (htmlDir: string) (stem: string) : ReportPage.FullScale option =
    let executed = Path.Combine(resultsDir, stem + "-full.ipynb")
    let html =
        if File.Exists executed then
            let page = Path.Combine(htmlDir, stem + "-full.html")
            Directory.CreateDirectory htmlDir |> ignore
            File.WriteAllText(page, HtmlExport.render (Ipynb.load executed))
            Some page
        else None
    let files folder pattern = if Directory.Exists folder then Directory.GetFiles(folder, pattern) |> Array.sort |> List.ofArray else []
    let figures = files (Path.Combine(resultsDir, stem)) "*.*" |> List.filter (fun f -> f.EndsWith ".svg" || f.EndsWith ".png")
    // 05-tying-full.csv, 05-tying-full-libtorch113.csv, 01-dist2loss-task-a-full.csv: a notebook's full-scale tables
    let tables = files resultsDir (stem + "*.csv") |> List.filter (fun f -> Path.GetFileName(f).Contains "-full")
    if html.IsNone && figures.IsEmpty && tables.IsEmpty then None else Some { Html = html; Figures = figures; Tables = tables }

/// Runs each notebooks/*.ipynb into reports/notebooks, its figures into reports/figures/<name>, then writes
/// reports/index.html. A failing notebook does not stop the others; the result says which failed.
let run (options: ReproduceOptions) : ReproduceResult =
    if not (List.contains options.Scale scales) then
        let known = String.Join(", ", scales)
        invalidArg (nameof options.Scale) $"scale must be one of {known}, got '{options.Scale}'"
    let notebooksDir = Path.GetFullPath options.NotebooksDir
    if not (Directory.Exists notebooksDir) then raise (DirectoryNotFoundException $"{notebooksDir}: the notebooks folder does not exist")
    let reportsDir = Path.GetFullPath options.ReportsDir
    let runs =
        [ for path in Directory.GetFiles(notebooksDir, "*.ipynb") |> Array.sort do
              let name = Folders.stem path
              let runOptions =
                  { RunOptions.defaults with
                      Parameters = overridesFor options (Ipynb.load path)
                      Output = Some(Path.Combine(reportsDir, "notebooks", name + ".ipynb"))
                      FiguresDir = Some(Path.Combine(reportsDir, "figures", name))
                      Echo = options.Echo }
              options.Echo |> Option.iter (fun w -> w.WriteLine $"running {path}")
              KernelRunner.run runOptions path ]
    let index = Path.Combine(reportsDir, "index.html")
    let fullScale = fullScaleOf (Path.Combine(notebooksDir, "results")) (Path.Combine(reportsDir, "full"))
    // The claims on the results this run's notebooks just wrote, and on the committed full-scale ones.
    let resultsDir = Path.Combine(notebooksDir, "results")
    let claims = (if options.Scale = "full" then [] else Claims.checkAll resultsDir options.Scale) @ Claims.checkAll resultsDir "full"
    let page = ReportPage.render reportsDir options.Scale (CodeRevision.Of notebooksDir) DateTime.UtcNow runs fullScale claims
    File.WriteAllText(index, page)
    { Runs = runs; Index = index }
