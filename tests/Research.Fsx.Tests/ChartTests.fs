module Research.Fsx.Tests.ChartTests

open System
open System.IO
open System.Text.Json.Nodes
open Xunit
open Research.Fsx
open Research.Fsx.Tests.TestSetup

type Point = { Step: int; Loss: float; Seed: int; Objective: string }

// Two objectives, two seeds, three steps: at each step the seeds differ by a known amount.
let private curves =
    [ for objective, offset in [ "ce", 0.0; "dist2", 1.0 ] do
          for seed in [ 1; 2 ] do
              for step in 1..3 -> { Step = step; Loss = offset + float step + (if seed = 1 then 0.5 else -0.5); Seed = seed; Objective = objective } ]

type Cell = { Lr: string; Width: int; Accuracy: float }

let private grid =
    [ for lr in [ "0.1"; "0.01" ] do
          for width in [ 16; 64 ] -> { Lr = lr; Width = width; Accuracy = (if lr = "0.1" then 0.9 else 0.8) + float width / 1000.0 } ]

/// Each chart kind, built from fixed data; its spec is compared with a golden file.
let private charts: (string * (unit -> Chart) * string list) list =
    [ "line", (fun () -> curves |> List.filter (fun p -> p.Seed = 1 && p.Objective = "ce") |> Chart.line "Step" "Loss" |> Chart.title "Loss"), [ "line" ]
      "line-band", (fun () -> Chart.lineBandBy "Objective" "Step" "Loss" curves |> Chart.logY |> Chart.xTitle "step"), [ "area"; "line" ]
      "scatter-facet", (fun () -> Chart.scatter "Step" "Loss" curves |> Chart.color "Seed" |> Chart.facet "Objective" 2 |> Chart.size 200 150), [ "symbol" ]
      "bar", (fun () -> Chart.bar "Lr" "Accuracy" (grid |> List.filter (fun c -> c.Width = 16))), [ "rect" ]
      "bar-summary", (fun () -> Chart.barSummary "Objective" "Loss" curves |> Chart.yTitle "loss"), [ "rect"; "rule" ]
      "heatmap", (fun () -> Chart.heatmap "Width" "Lr" "Accuracy" grid |> Chart.title "Accuracy by width and learning rate"), [ "rect" ] ]

let chartNames: obj[] list = [ for name, _, _ in charts -> [| name |] ]

let private build name = charts |> List.find (fun (n, _, _) -> n = name) |> fun (_, make, _) -> make ()

let private goldenPath name = Path.Combine(repoRoot, "tests", "Research.Fsx.Tests", "goldens", "charts", name + ".vl.json")

/// Set RESEARCH_UPDATE_GOLDENS=1 to rewrite the goldens after an intended change (then review the diff).
[<Theory; MemberData(nameof chartNames)>]
let ``Chart specs match their golden JSON`` (name: string) =
    let json = build name |> Chart.toJson
    let path = goldenPath name
    if Environment.GetEnvironmentVariable "RESEARCH_UPDATE_GOLDENS" = "1" then File.WriteAllText(path, json)
    Assert.True(File.Exists path, $"golden {path} is missing")
    Assert.Equal(File.ReadAllText path, json)

[<Fact>]
let ``yZero false reaches the y scale of every layer and keeps a log scale`` () =
    let layers chart = JsonTree.objects (JsonTree.at [ "layer" ] (chart: Chart).Spec)
    let scaleOf (layer: JsonObject) =
        match JsonTree.at [ "encoding"; "y"; "scale" ] layer with
        | Some(:? JsonObject as scale) -> scale
        | other -> failwithf "expected a y scale object, got %A" other
    let banded = Chart.lineBandBy "Objective" "Step" "Loss" curves |> Chart.yZero false
    Assert.Equal(2, (layers banded).Length)
    for layer in layers banded do
        let scale = scaleOf layer
        Assert.False((nonNull scale["zero"]).GetValue<bool>())
    let logged = Chart.lineBandBy "Objective" "Step" "Loss" curves |> Chart.logY |> Chart.yZero false
    for layer in layers logged do
        let scale = scaleOf layer
        Assert.Equal("log", (nonNull scale["type"]).GetValue<string>())
        Assert.False((nonNull scale["zero"]).GetValue<bool>())

[<Fact>]
let ``The band is the mean ± sample std over seeds at each step`` () =
    let rows = JsonTree.objects (JsonTree.at [ "data"; "values" ] (Chart.lineBandBy "Objective" "Step" "Loss" curves).Spec)
    Assert.Equal(6, rows.Length) // 2 objectives x 3 steps
    let field name (row: JsonObject) = JsonTree.tryFloat (JsonTree.at [ name ] row) |> Option.defaultValue nan
    let row = rows |> List.find (fun r -> JsonTree.tryString (JsonTree.at [ "Objective" ] r) = Some "dist2" && field "Step" r = 2.0)
    // the seeds give 3.5 and 2.5: mean 3, sample std sqrt(0.5)
    Assert.Equal(3.0, field "Loss" row, 12)
    Assert.Equal(3.0 - sqrt 0.5, field "Loss_lower" row, 12)
    Assert.Equal(3.0 + sqrt 0.5, field "Loss_upper" row, 12)
    Assert.Equal(2.0, field "n" row)

[<Fact>]
let ``The band reads integer values as numbers`` () =
    let spec = (Chart.lineBand "x" "y" [ {| x = 1; y = 2 |}; {| x = 1; y = 4 |} ]).Spec
    let row = JsonTree.objects (JsonTree.at [ "data"; "values" ] spec) |> List.exactlyOne
    Assert.Equal(Some 3.0, JsonTree.tryFloat (JsonTree.at [ "y" ] row))
    Assert.Equal(Some(3.0 + sqrt 2.0), JsonTree.tryFloat (JsonTree.at [ "y_upper" ] row))

[<Fact>]
let ``Non-finite values become null so that Vega-Lite leaves them out`` () =
    let spec = (Chart.line "Step" "Loss" [ { Step = 1; Loss = nan; Seed = 1; Objective = "ce" } ]).Spec
    let row = JsonTree.objects (JsonTree.at [ "data"; "values" ] spec) |> List.exactlyOne
    Assert.True(row.ContainsKey "Loss")
    Assert.Equal(None, JsonTree.at [ "Loss" ] row)

[<Fact>]
let ``An unknown field names the chart, the field and the fields there are`` () =
    let e = Assert.Throws<ArgumentException>(fun () -> Chart.line "Step" "Los" curves |> ignore)
    Assert.Contains("line: y field 'Los' is not in the data; its fields are Step, Loss, Seed, Objective", e.Message)

[<Fact>]
let ``A chart displays as a Vega-Lite spec, with HTML for Polyglot and a text fallback`` () =
    let bundle = (build "line" :> IDisplayable).Bundle
    Assert.Equal<string list>([ "application/vnd.vegalite.v5+json"; "text/html"; "text/plain" ], bundle |> List.map fst)
    Assert.Equal("Chart: Loss", bundle |> List.last |> snd)
    let spec = JsonTree.parse "the chart's spec" (snd bundle.Head)
    Assert.Equal(Some "https://vega.github.io/schema/vega-lite/v5.json", JsonTree.tryString (JsonTree.at [ "$schema" ] spec))

/// Headless rendering with node + vega (tools/figures, installed by ./kit setup) and rsvg-convert.
[<Fact>]
let ``Every chart renders to SVG, and SVG to PNG`` () =
    Assert.Equal(None, Figures.unavailableReason ())
    let svgs = Figures.renderSvg [ for name, _, _ in charts -> build name |> Chart.toJson ]
    for (name, _, marks), svg in List.zip charts svgs do
        Assert.StartsWith("<svg", svg)
        for mark in marks do
            Assert.True(svg.Contains $"class=\"mark-{mark} ", $"{name}: the SVG has no group of {mark} marks")
    use dir = new TempDir()
    File.WriteAllText(dir.File "line.svg", svgs.Head)
    Figures.svgToPng 1.0 (dir.File "line.svg") (dir.File "line.png")
    let png = File.ReadAllBytes(dir.File "line.png")
    Assert.Equal<byte[]>([| 0x89uy; byte 'P'; byte 'N'; byte 'G' |], png[0..3])
