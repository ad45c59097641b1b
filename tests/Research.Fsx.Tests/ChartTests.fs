/// The chart helpers' data: which traces they build from rows, the band's mean ± std over seeds, what happens to
/// NaN, and their errors. Read from the plotly.js figure JSON that Plotly.NET writes.
module Research.Fsx.Tests.ChartTests

open System
open System.Text.Json.Nodes
open Plotly.NET
open Xunit
open Research.Fsx

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

let private figure (chart: GenericChart) = JsonNode.Parse(GenericChart.toFigureJson chart) |> nonNull

let private traces chart = (figure chart)["data"] |> nonNull |> fun d -> d.AsArray() |> Seq.map (nonNull >> fun t -> t.AsObject()) |> List.ofSeq

let private layout chart = (figure chart)["layout"] |> nonNull |> fun l -> l.AsObject()

/// A JSON array of numbers, null read as NaN.
let private numbers (node: JsonNode | null) =
    (node |> nonNull).AsArray() |> Seq.map (fun v -> match v with null -> nan | v -> v.GetValue<float>()) |> List.ofSeq

let private floats (trace: JsonObject) (key: string) = numbers trace[key]

let private strings (trace: JsonObject) (key: string) = (trace[key] |> nonNull).AsArray() |> Seq.map (nonNull >> string) |> List.ofSeq

let private text (node: JsonNode | null) = match node with null -> None | n -> Some(string n)

let private axes (prefix: string) chart =
    [ for KeyValue(key, value) in layout chart do
          if key.StartsWith prefix then yield value |> nonNull |> fun v -> v.AsObject() ]

let private near (expected: float list) (actual: float list) =
    Assert.Equal(expected.Length, actual.Length)
    for e, a in List.zip expected actual do
        Assert.Equal(e, a, 12)

[<Fact>]
let ``line draws one trace through the rows, with the field names as axis titles`` () =
    let chart = curves |> List.filter (fun p -> p.Seed = 1 && p.Objective = "ce") |> Chart.line "Step" "Loss"
    let trace = traces chart |> List.exactlyOne
    near [ 1.0; 2.0; 3.0 ] (floats trace "x")
    near [ 1.5; 2.5; 3.5 ] (floats trace "y")
    Assert.Equal(Some "Step", JsonTree.tryString (JsonTree.at [ "xaxis"; "title"; "text" ] (layout chart)))
    Assert.Equal(Some "Loss", JsonTree.tryString (JsonTree.at [ "yaxis"; "title"; "text" ] (layout chart)))

[<Fact>]
let ``Non-finite values are left out of the plot`` () =
    let rows = [ {| x = 1; y = 1.0 |}; {| x = 2; y = nan |}; {| x = 3; y = infinity |}; {| x = 4; y = 4.0 |} ]
    let trace = traces (Chart.line "x" "y" rows) |> List.exactlyOne
    near [ 1.0; 4.0 ] (floats trace "x")
    near [ 1.0; 4.0 ] (floats trace "y")

[<Fact>]
let ``lineBy draws one named trace per group`` () =
    let chart = curves |> List.filter (fun p -> p.Seed = 1) |> Chart.lineBy "Objective" "Step" "Loss"
    let all = traces chart
    Assert.Equal<string list>([ "ce"; "dist2" ], all |> List.map (fun t -> string t["name"]))
    near [ 2.5; 3.5; 4.5 ] (floats all[1] "y")

/// Each group of a band chart is three traces: the upper edge, the lower edge filled up to it, and the mean.
let private band (chart: GenericChart) (group: string) =
    let mine = traces chart |> List.filter (fun t -> text t["legendgroup"] = Some group)
    Assert.Equal(3, mine.Length)
    mine[0], mine[1], mine[2]

[<Fact>]
let ``The band is the mean ± sample std over seeds at each step, one band and mean per group`` () =
    let chart = Chart.lineBandBy "Objective" "Step" "Loss" curves
    Assert.Equal(6, (traces chart).Length)
    let upper, lower, mean = band chart "dist2"
    // the seeds give x + 1.5 and x + 0.5: mean x + 1, sample std sqrt(0.5)
    near [ 2.0; 3.0; 4.0 ] (floats mean "y")
    near [ 2.0 + sqrt 0.5; 3.0 + sqrt 0.5; 4.0 + sqrt 0.5 ] (floats upper "y")
    near [ 2.0 - sqrt 0.5; 3.0 - sqrt 0.5; 4.0 - sqrt 0.5 ] (floats lower "y")
    Assert.Equal(Some "tonexty", text lower["fill"])
    Assert.Equal(Some "dist2", text mean["name"])
    Assert.Equal(Some "true", text mean["showlegend"])
    Assert.Equal(Some "false", text upper["showlegend"])

[<Fact>]
let ``A diverged seed's NaN is left out of the band's mean, and a step with no finite value is left out`` () =
    let rows = [ {| step = 1; loss = 1.0 |}; {| step = 1; loss = nan |}; {| step = 1; loss = 3.0 |}; {| step = 2; loss = nan |} ]
    let _, _, mean = band (Chart.lineBand "step" "loss" rows) "mean"
    near [ 1.0 ] (floats mean "x")
    near [ 2.0 ] (floats mean "y")

[<Fact>]
let ``The band reads integer values as numbers`` () =
    let upper, _, mean = band (Chart.lineBand "x" "y" [ {| x = 1; y = 2 |}; {| x = 1; y = 4 |} ]) "mean"
    near [ 3.0 ] (floats mean "y")
    near [ 3.0 + sqrt 2.0 ] (floats upper "y")

[<Fact>]
let ``barSummary draws the mean per category with ± std error bars`` () =
    let trace = traces (Chart.barSummary "Objective" "Loss" curves) |> List.exactlyOne
    Assert.Equal<string list>([ "ce"; "dist2" ], strings trace "x")
    near [ 2.0; 3.0 ] (floats trace "y")
    // over seeds and steps: ce is 1.5 2.5 3.5 0.5 1.5 2.5, mean 2, sample std sqrt(5.5 / 5)
    let errors = JsonTree.at [ "error_y"; "array" ] trace |> Option.map (fun a -> a.AsArray() |> Seq.map (nonNull >> fun v -> v.GetValue<float>()) |> List.ofSeq)
    near [ sqrt 1.1; sqrt 1.1 ] (errors |> Option.defaultValue [])

[<Fact>]
let ``bar keeps the rows' category order on a category axis`` () =
    let chart = Chart.bar "Lr" "Accuracy" (grid |> List.filter (fun c -> c.Width = 16))
    let trace = traces chart |> List.exactlyOne
    Assert.Equal<string list>([ "0.1"; "0.01" ], strings trace "x")
    Assert.Equal(Some "category", JsonTree.tryString (JsonTree.at [ "xaxis"; "type" ] (layout chart)))

[<Fact>]
let ``barBy draws one named series of bars per group on a category axis`` () =
    let chart = Chart.barBy "Lr" "Width" "Accuracy" grid
    let series = traces chart
    Assert.Equal<string list>([ "0.1"; "0.01" ], series |> List.map (fun t -> string t["name"]))
    Assert.All(series, fun t -> Assert.Equal<string list>([ "16"; "64" ], strings t "x"))
    near [ 0.916; 0.964 ] (floats series[0] "y")
    near [ 0.816; 0.864 ] (floats series[1] "y")
    Assert.Equal(Some "category", JsonTree.tryString (JsonTree.at [ "xaxis"; "type" ] (layout chart)))

[<Fact>]
let ``heatmap puts each value in its cell in sorted categories, and a missing or NaN cell stays empty`` () =
    let rows = grid |> List.filter (fun c -> not (c.Lr = "0.01" && c.Width = 64)) |> List.map (fun c -> if c.Width = 16 && c.Lr = "0.1" then { c with Accuracy = nan } else c)
    let trace = traces (Chart.heatmap "Width" "Lr" "Accuracy" rows) |> List.exactlyOne
    // categories ascending, numbers by value: 0.01 before 0.1
    Assert.Equal<string list>([ "16"; "64" ], strings trace "x")
    Assert.Equal<string list>([ "0.01"; "0.1" ], strings trace "y")
    let z = (trace["z"] |> nonNull).AsArray() |> Seq.map numbers |> List.ofSeq
    Assert.Equal(0.816, z[0][0], 12)
    Assert.True(Double.IsNaN(z[0][1]))
    Assert.True(Double.IsNaN(z[1][0]))
    Assert.Equal(0.964, z[1][1], 12)

[<Fact>]
let ``facet draws one titled panel per value, keeps one legend, and titles every panel's axes`` () =
    let chart =
        Chart.facet "Objective" 2 (Chart.lineBy "Seed" "Step" "Loss") curves
        |> Chart.xTitle "step"
        |> Chart.yTitle "loss"
        |> Chart.logY
    let all = traces chart
    Assert.Equal(4, all.Length)
    Assert.Equal<string list>([ "x"; "x"; "x2"; "x2" ], all |> List.map (fun t -> defaultArg (text t["xaxis"]) "x"))
    Assert.Equal(2, all |> List.filter (fun t -> text t["showlegend"] = Some "false") |> List.length)
    let titles = JsonTree.objects (JsonTree.at [ "annotations" ] (layout chart)) |> List.choose (fun a -> JsonTree.tryString (JsonTree.at [ "text" ] a))
    Assert.Equal<string list>([ "Objective = ce"; "Objective = dist2" ], titles)
    for axis in axes "xaxis" chart do
        Assert.Equal(Some "step", JsonTree.tryString (JsonTree.at [ "title"; "text" ] axis))
    let yAxes = axes "yaxis" chart
    Assert.Equal(2, yAxes.Length)
    for axis in yAxes do
        Assert.Equal(Some "loss", JsonTree.tryString (JsonTree.at [ "title"; "text" ] axis))
        Assert.Equal(Some "log", JsonTree.tryString (JsonTree.at [ "type" ] axis))

[<Fact>]
let ``title, size and yZero reach the layout`` () =
    let chart = Chart.line "Step" "Loss" curves |> Chart.title "Loss" |> Chart.size 500 300 |> Chart.yZero true
    Assert.Equal(Some "Loss", JsonTree.tryString (JsonTree.at [ "title"; "text" ] (layout chart)))
    Assert.Equal(Some 500, JsonTree.tryInt (JsonTree.at [ "width" ] (layout chart)))
    Assert.Equal(Some "tozero", JsonTree.tryString (JsonTree.at [ "yaxis"; "rangemode" ] (layout chart)))
    Assert.Equal((500, 300), ChartImages.sizeOf chart)
    Assert.Equal(Some "Loss", ChartImages.titleOf chart)

[<Fact>]
let ``A returned chart takes Plotly.NET's own styling`` () =
    let chart = Chart.line "Step" "Loss" curves |> Chart.withLegendStyle (Orientation = StyleParam.Orientation.Horizontal)
    Assert.Equal(Some "h", JsonTree.tryString (JsonTree.at [ "legend"; "orientation" ] (layout chart)))

/// Each helper with a field that is not there: (what is called, the message it must give).
let private unknownFields: (string * (unit -> GenericChart) * string) list =
    [ "line", (fun () -> Chart.line "Step" "Los" curves), "line: y field 'Los' is not in the data; its fields are Step, Loss, Seed, Objective"
      "lineBandBy", (fun () -> Chart.lineBandBy "Objectiv" "Step" "Loss" curves), "lineBandBy: group field 'Objectiv' is not in the data"
      "barSummary", (fun () -> Chart.barSummary "Objective" "Acc" curves), "barSummary: value field 'Acc' is not in the data"
      "heatmap", (fun () -> Chart.heatmap "Width" "lr" "Accuracy" grid), "heatmap: y field 'lr' is not in the data; its fields are Lr, Width, Accuracy"
      "facet", (fun () -> Chart.facet "Task" 2 (Chart.line "Step" "Loss") curves), "facet: facet field 'Task' is not in the data" ]

let unknownFieldCases: obj[] list = [ for name, _, _ in unknownFields -> [| name |] ]

[<Theory; MemberData(nameof unknownFieldCases)>]
let ``An unknown field names the chart, the field and the fields there are`` (name: string) =
    let _, build, message = unknownFields |> List.find (fun (n, _, _) -> n = name)
    let e = Assert.Throws<ArgumentException>(fun () -> build () |> ignore)
    Assert.Contains(message, e.Message)

[<Fact>]
let ``No rows or a bad size is an error that says so`` () =
    let e = Assert.Throws<ArgumentException>(fun () -> Chart.lineBand "Step" "Loss" ([]: Point list) |> ignore)
    Assert.Contains("lineBand: there are no rows to plot", e.Message)
    let e = Assert.Throws<ArgumentException>(fun () -> Chart.facet "Objective" 0 (Chart.line "Step" "Loss") curves |> ignore)
    Assert.Contains("facet columns must be at least 1, got 0", e.Message)
    let e = Assert.Throws<ArgumentException>(fun () -> Chart.line "Step" "Loss" curves |> Chart.size 0 100 |> ignore)
    Assert.Contains("chart size must be positive, got 0 x 100", e.Message)

[<Fact>]
let ``A band of one point shows as a marker with ± std error bars`` () =
    let _, _, mean = band (Chart.lineBand "x" "y" [ {| x = 100; y = 2.0 |}; {| x = 100; y = 4.0 |} ]) "mean"
    Assert.Equal(Some "lines+markers", text mean["mode"])
    Assert.Equal(Some(sqrt 2.0), JsonTree.at [ "error_y"; "array" ] mean |> Option.map (fun a -> a.AsArray()[0] |> nonNull |> fun v -> v.GetValue<float>()))
