/// `research reproduce`: runs every notebook at one scale and writes reports/index.html, which links each
/// executed notebook (its HTML export) and its figures.
module Research.Fsx.Notebooks.Reproduce

open System
open System.IO
open System.Net
open Research.Core.Experiments
open Research.Fsx
open Research.Fsx.Notebooks.Ipynb
open Research.Fsx.Notebooks.NotebookRunner

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

let private relative (reportsDir: string) (path: string) = Path.GetRelativePath(reportsDir, path).Replace('\\', '/')

let private escape (s: string) = string (WebUtility.HtmlEncode s)

/// The index page: one row per notebook with its status, time, link and figure thumbnails.
let indexHtml (reportsDir: string) (scale: string) (revision: string) (runs: NotebookRun list) =
    let row (run: NotebookRun) =
        let name = Folders.stem run.Notebook
        let status =
            match run.Failure with
            | None -> "<span class=\"ok\">ok</span>"
            | Some f -> $"<span class=\"failed\">failed at code cell {f.CodeCell}: {escape f.EName}: {escape f.EValue}</span>"
        let figures =
            run.Figures
            |> List.filter (fun f -> f.EndsWith(".svg", StringComparison.Ordinal))
            |> List.map (fun svg ->
                let href = relative reportsDir svg
                let png = relative reportsDir (Folders.withExtension ".png" svg)
                let alt = escape (Folders.stem svg)
                $"<a href=\"{href}\"><img src=\"{href}\" alt=\"{alt}\"></a> <a class=\"minor\" href=\"{png}\">PNG</a>")
            |> String.concat "\n"
        let seconds = run.TotalSeconds.ToString("F1", Globalization.CultureInfo.InvariantCulture)
        let link = relative reportsDir run.Html
        let notebookLink = relative reportsDir run.Output
        $"<tr><td><a href=\"{link}\">{escape name}</a><br><a class=\"minor\" href=\"{notebookLink}\">.ipynb</a></td><td>{status}</td><td>{run.CellsRun}</td><td>{seconds} s</td><td class=\"figures\">{figures}</td></tr>"
    let rows = runs |> List.map row |> String.concat "\n"
    let generated = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'")
    String.concat
        "\n"
        [ "<!DOCTYPE html>"
          "<html lang=\"en\">"
          "<head><meta charset=\"utf-8\"><title>Research: reproduced results</title>"
          "<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:24px auto;color:#222}table{border-collapse:collapse;width:100%}"
          + "td,th{border-bottom:1px solid #ddd;padding:8px;vertical-align:top;text-align:left}.ok{color:#1a7f37}.failed{color:#b42318}"
          + ".figures img{height:150px;border:1px solid #eee;margin:2px}.minor{font-size:12px;color:#666}</style></head>"
          "<body>"
          "<h1>Reproduced results</h1>"
          $"<p>Scale <b>{escape scale}</b>, code revision <code>{escape revision}</code>, generated {generated}.</p>"
          "<table><thead><tr><th>notebook</th><th>status</th><th>cells run</th><th>time</th><th>figures</th></tr></thead>"
          "<tbody>"
          rows
          "</tbody></table>"
          "</body></html>"
          "" ]

/// Runs each notebooks/*.ipynb into reports/notebooks, its figures into reports/figures/<name>, then writes
/// reports/index.html. A failing notebook does not stop the others.
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
                  { NotebookRunner.defaultOptions with
                      Parameters = overridesFor options (Ipynb.load path)
                      Output = Some(Path.Combine(reportsDir, "notebooks", name + ".ipynb"))
                      FiguresDir = Some(Path.Combine(reportsDir, "figures", name))
                      Echo = options.Echo }
              NotebookRunner.run runOptions path ]
    let index = Path.Combine(reportsDir, "index.html")
    File.WriteAllText(index, indexHtml reportsDir options.Scale (CodeRevision.Of notebooksDir) runs)
    { Runs = runs; Index = index }
