/// Static SVG and PNG images of Plotly.NET charts (drawn by ChartRenderer's one browser), and the figure files a
/// notebook run collects: with RESEARCH_FIGURES_DIR set, each displayed chart is also written there.
module Research.Fsx.ChartImages

open System
open System.Collections.Generic
open System.IO
open System.Runtime.CompilerServices
open System.Text.Json.Nodes
open Plotly.NET

/// Environment variable naming the folder where displayed charts are written as <slug of title>.svg and .png.
[<Literal>]
let FiguresVariable = "RESEARCH_FIGURES_DIR"

/// Image size when the chart sets none (plotly.js's own default is 700 x 450).
let defaultWidth, defaultHeight = 640, 420

/// A file-name stem from a title: lower-case words joined by dashes, at most 60 characters.
let slug (title: string) =
    let stem = Text.RegularExpressions.Regex.Replace(title.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-')
    if stem = "" then "figure" else stem.Substring(0, min 60 stem.Length).TrimEnd('-')

let figureJson (chart: GenericChart) = GenericChart.toFigureJson chart

let private layoutOfJson (json: string) =
    try
        match JsonNode.Parse json with
        | :? JsonObject as figure ->
            match figure["layout"] with
            | :? JsonObject as layout -> Some layout
            | _ -> None
        | _ -> None
    with :? Text.Json.JsonException -> None

let private layoutOf (chart: GenericChart) = layoutOfJson (figureJson chart)

/// The chart's title text, when it has one.
let titleOf (chart: GenericChart) =
    layoutOf chart
    |> Option.bind (fun layout ->
        match layout["title"] with
        | :? JsonObject as title -> title["text"] |> Option.ofObj |> Option.map (fun t -> t.ToString())
        | :? JsonValue as text -> Some(text.ToString())
        | _ -> None)
    |> Option.filter (String.IsNullOrWhiteSpace >> not)

let private sizeOfJson (json: string) =
    let layout = layoutOfJson json
    let dimension (name: string) fallback =
        layout
        |> Option.bind (fun layout ->
            match layout[name] with
            | :? JsonValue as v ->
                match v.TryGetValue<int>() with
                | true, n when n > 0 -> Some n
                | _ -> None
            | _ -> None)
        |> Option.defaultValue fallback
    dimension "width" defaultWidth, dimension "height" defaultHeight

/// The chart's size in pixels: its layout's width and height, or the defaults.
let sizeOf (chart: GenericChart) = sizeOfJson (figureJson chart)

// One render per chart value: a kernel formats a displayed value once per MIME type.
let private svgs = ConditionalWeakTable<GenericChart, string>()

/// The chart as SVG text, drawn by plotly.js; fails naming what to install when Chromium is missing.
let svg (chart: GenericChart) =
    svgs.GetValue(chart, fun c ->
        let json = figureJson c
        let width, height = sizeOfJson json
        ChartRenderer.svg json width height)

/// The chart as PNG bytes, at twice its pixel size.
let png (chart: GenericChart) =
    let json = figureJson chart
    let width, height = sizeOfJson json
    ChartRenderer.png json width height 2.0

let saveSvg (path: string) (chart: GenericChart) =
    Folders.createFor path
    File.WriteAllText(path, svg chart)

let savePng (path: string) (chart: GenericChart) =
    Folders.createFor path
    File.WriteAllBytes(path, png chart)

let private figuresDir () =
    match Environment.GetEnvironmentVariable FiguresVariable with
    | null -> None
    | dir when String.IsNullOrWhiteSpace dir -> None
    | dir -> Some dir

let private written = ConditionalWeakTable<GenericChart, string list>()
let private stemsTaken = HashSet<string>()

/// With RESEARCH_FIGURES_DIR set, writes the chart there as <slug>.svg and <slug>.png (once per chart value;
/// a second chart with the same title gets <slug>-2) and returns the paths; without it, writes nothing.
let writeFigures (chart: GenericChart) : string list =
    match figuresDir () with
    | None -> []
    | Some dir ->
        written.GetValue(chart, fun c ->
            let baseName = Path.Combine(Path.GetFullPath dir, slug (defaultArg (titleOf c) "figure"))
            let stem =
                lock stemsTaken (fun () ->
                    let stem = Seq.initInfinite id |> Seq.map (fun i -> if i = 0 then baseName else $"{baseName}-{i + 1}") |> Seq.find (stemsTaken.Contains >> not)
                    stemsTaken.Add stem |> ignore
                    stem)
            saveSvg (stem + ".svg") c
            savePng (stem + ".png") c
            [ stem + ".svg"; stem + ".png" ])
