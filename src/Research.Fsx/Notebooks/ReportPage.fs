/// reports/index.html: per paper, the run `research reproduce` just made (status, time, figures, executed notebook)
/// next to the committed full-scale results and the paper's claims checked on them. A pure function of its inputs.
module Research.Fsx.Notebooks.ReportPage

open System
open System.Globalization
open System.IO
open System.Net
open Research.Fsx
open Research.Fsx.Claims

/// A paper's committed full-scale results (notebooks/results/).
type FullScale =
    { /// The executed full-scale notebook's HTML export, when one is committed.
      Html: string option
      /// Figures (SVG, else PNG) and tables (CSV) committed for the paper.
      Figures: string list
      Tables: string list }

let private escape (s: string) = string (WebUtility.HtmlEncode s)

let private relative (reportsDir: string) (path: string) = Path.GetRelativePath(reportsDir, path).Replace('\\', '/')

/// The number a notebook or paper name starts with (5 of "05-tying" and of "5 Tying"), if any.
let private numberOf (name: string) =
    let digits = name |> Seq.takeWhile Char.IsDigit |> Array.ofSeq |> String
    match Int32.TryParse digits with
    | true, n -> Some n
    | _ -> None

/// Whether a claim's Paper ("5 Tying", as PaperClaims names them) names this notebook ("05-tying"): the same leading
/// number, or the same name.
let belongsTo (notebookStem: string) (claim: ClaimCheck) =
    String.Equals(claim.Paper, notebookStem, StringComparison.OrdinalIgnoreCase)
    || (numberOf claim.Paper).IsSome && numberOf claim.Paper = numberOf notebookStem

let private verdictText verdict =
    match verdict with
    | Reproduced -> "reproduced", "reproduced"
    | WithinNoise -> "within-noise", "within noise"
    | NotReproduced -> "not-reproduced", "not reproduced"
    | NoData -> "no-data", "no data"

let private figureLinks (reportsDir: string) (files: string list) =
    let isImage (f: string) = f.EndsWith(".svg", StringComparison.Ordinal) || f.EndsWith(".png", StringComparison.Ordinal)
    let shown =
        files
        |> List.filter isImage
        |> List.groupBy (fun f -> Path.ChangeExtension(f, null))
        // One picture per figure: the SVG when there is one (sharp at any size), else the PNG.
        |> List.map (fun (_, forms) -> forms |> List.tryFind (fun f -> f.EndsWith ".svg") |> Option.defaultValue forms.Head)
    match shown with
    | [] -> "<span class=\"minor\">no figures</span>"
    | _ ->
        shown
        |> List.map (fun f ->
            let href = relative reportsDir f
            $"<a href=\"{href}\"><img src=\"{href}\" alt=\"{escape (Folders.stem f)}\"></a>")
        |> String.concat "\n"

let private quickRun (reportsDir: string) (run: NotebookRun) =
    let status =
        match run.Failure with
        | None -> "<span class=\"ok\">ok</span>"
        | Some f -> $"<span class=\"failed\">failed at code cell {f.CodeCell}: {escape f.EName}: {escape f.EValue}</span>"
    let seconds = run.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)
    String.concat
        "\n"
        [ $"<p>{status}, {run.CellsRun} cells in {seconds} s: <a href=\"{relative reportsDir run.Html}\">executed notebook</a>"
          + $" <a class=\"minor\" href=\"{relative reportsDir run.Output}\">.ipynb</a></p>"
          $"<div class=\"figures\">{figureLinks reportsDir run.Figures}</div>" ]

let private fullScale (reportsDir: string) (full: FullScale option) =
    match full with
    | None -> "<p class=\"minor\">No full-scale results are committed in notebooks/results/.</p>"
    | Some f ->
        let notebook =
            match f.Html with
            | Some html -> $"<a href=\"{relative reportsDir html}\">executed full-scale notebook</a>"
            | None -> "<span class=\"minor\">no executed full-scale notebook committed</span>"
        let tables =
            match f.Tables with
            | [] -> ""
            | files -> "; tables: " + (files |> List.map (fun t -> $"<a href=\"{relative reportsDir t}\">{escape (string (Path.GetFileName t))}</a>") |> String.concat ", ")
        String.concat
            "\n"
            [ $"<p>{notebook}{tables}</p>"
              $"<div class=\"figures\">{figureLinks reportsDir f.Figures}</div>" ]

let private claimsTable (claims: ClaimCheck list) =
    match claims with
    | [] -> "<p class=\"minor\">No claim checks were given for this paper.</p>"
    | _ ->
        let row (c: ClaimCheck) =
            let css, text = verdictText c.Verdict
            $"<tr><td>{escape c.Claim}</td><td>{escape c.Scale}</td><td class=\"verdict {css}\">{text}</td><td>{escape c.Evidence}</td><td class=\"minor\">{escape c.Source}</td></tr>"
        String.concat
            "\n"
            [ "<table class=\"claims\"><thead><tr><th>claim</th><th>scale</th><th>verdict</th><th>evidence</th><th>source</th></tr></thead><tbody>"
              claims |> List.map row |> String.concat "\n"
              "</tbody></table>" ]

let private style =
    "body{font-family:system-ui,sans-serif;max-width:1100px;margin:24px auto;padding:0 12px;color:#222}"
    + "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:6px;vertical-align:top;text-align:left}"
    + ".ok{color:#1a7f37}.failed{color:#b42318}.figures img{height:150px;border:1px solid #eee;margin:2px}.minor{font-size:12px;color:#666}"
    + ".verdict{font-weight:600;white-space:nowrap}.reproduced{color:#1a7f37;background:#e6f4ea}.within-noise{color:#8a6100;background:#fff4d6}"
    + ".not-reproduced{color:#b42318;background:#fdecea}.no-data{color:#555;background:#eee}"

/// The page. `runs` are this run's notebooks (00 is the tour, the others a paper each); `fullScale` gives a paper's
/// committed results by notebook name; claims go under the paper they name (see belongsTo), any left over at the end.
let render (reportsDir: string) (scale: string) (revision: string) (generated: DateTime) (runs: NotebookRun list) (fullScaleOf: string -> FullScale option) (claims: ClaimCheck list) =
    let stems = runs |> List.map (fun r -> Folders.stem r.Notebook)
    let section (run: NotebookRun) =
        let stem = Folders.stem run.Notebook
        if numberOf stem = Some 0 then
            [ $"<section id=\"{escape stem}\"><h2>{escape stem} (the tour)</h2>"; quickRun reportsDir run; "</section>" ]
        else
            [ $"<section id=\"{escape stem}\"><h2>{escape stem}</h2>"
              $"<h3>{escape scale}-scale run</h3>"
              quickRun reportsDir run
              "<h3>full-scale results</h3>"
              fullScale reportsDir (fullScaleOf stem)
              "<h3>claims</h3>"
              claimsTable (claims |> List.filter (belongsTo stem))
              "</section>" ]
    let unplaced = claims |> List.filter (fun c -> not (stems |> List.exists (fun s -> numberOf s <> Some 0 && belongsTo s c)))
    let others = if unplaced.IsEmpty then [] else [ "<section id=\"other-claims\"><h2>claims of papers without a notebook here</h2>"; claimsTable unplaced; "</section>" ]
    let stamp = generated.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
    String.concat
        "\n"
        ([ "<!DOCTYPE html>"
           "<html lang=\"en\">"
           $"<head><meta charset=\"utf-8\"><title>Research: reproduced results</title><style>{style}</style></head>"
           "<body>"
           "<h1>Reproduced results</h1>"
           $"<p>Runs at <b>{escape scale}</b> scale, code revision <code>{escape revision}</code>, generated {stamp}.</p>" ]
         @ (runs |> List.collect section)
         @ others
         @ [ "</body></html>"; "" ])
