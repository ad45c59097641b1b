namespace Research.Fsx

open System
open System.Text.Json
open System.Text.Json.Nodes
open System.Text.Json.Serialization

/// JSON values for Vega-Lite specs.
module internal VegaJson =
    let node (value: 'T) = JsonTree.value value

    let obj (properties: (string * JsonNode) list) = JsonTree.obj properties

    let channel (field: string) (kind: string) = obj [ "field", node field; "type", node kind ]

    /// Writes NaN and infinities as null, which Vega-Lite leaves out of a plot (a diverged seed's loss).
    type private FiniteOrNull() =
        inherit JsonConverter<float>()
        override _.Read(reader, _, _) = reader.GetDouble()
        override _.Write(writer, value, _) = if Double.IsFinite value then writer.WriteNumberValue value else writer.WriteNullValue()

    let private options =
        let o = JsonSerializerOptions()
        o.Converters.Add(FiniteOrNull())
        o

    /// Rows of records as a JSON array of objects, one property per field.
    let rows (records: seq<'T>) =
        match JsonSerializer.SerializeToNode(Array.ofSeq records, options) with
        | :? JsonArray as rows -> rows
        | _ -> invalidArg (nameof records) "chart rows must serialize to a JSON array"

    let indented = JsonSerializerOptions(WriteIndented = true)

/// A Vega-Lite v5 chart: inline data, one or more layers (mark and encoding) drawn on shared axes, and
/// optionally a facet that repeats the view for each value of a field. In a notebook it displays inline.
type Chart =
    { Data: JsonArray
      Layers: JsonObject list
      Title: string option
      Width: int
      Height: int
      /// The field whose values get a panel each, and the number of panels per row.
      Facet: (string * int) option }

    /// The Vega-Lite spec (a fresh JSON tree each time).
    member this.Spec: JsonObject =
        let view =
            match this.Layers with
            | [ single ] -> single.DeepClone().AsObject()
            | layers -> VegaJson.obj [ "layer", JsonArray(layers |> List.map (fun l -> l.DeepClone()) |> Array.ofList) ]
        view["width"] <- VegaJson.node this.Width
        view["height"] <- VegaJson.node this.Height
        let top =
            VegaJson.obj
                [ "$schema", VegaJson.node "https://vega.github.io/schema/vega-lite/v5.json"
                  if this.Title.IsSome then "title", VegaJson.node this.Title.Value
                  "data", VegaJson.obj [ "values", this.Data.DeepClone() ] ]
        match this.Facet with
        | None ->
            for KeyValue(name, value) in List.ofSeq view do
                view.Remove name |> ignore
                top[name] <- value
        | Some(field, columns) ->
            top["facet"] <- VegaJson.channel field "nominal"
            top["columns"] <- VegaJson.node columns
            top["spec"] <- view
        top

    interface IDisplayable with
        member this.Bundle =
            let spec = this.Spec.ToJsonString()
            let name = this.Title |> Option.defaultValue "untitled"
            let id = "vl-" + Guid.NewGuid().ToString("N")
            // Polyglot Notebooks shows text/html; vega-embed draws the chart there (it needs the network).
            let html =
                $"<div id=\"{id}\"></div>\n<script type=\"module\">\nimport embed from \"https://cdn.jsdelivr.net/npm/vega-embed@6/+esm\";\nembed(\"#{id}\", {spec});\n</script>"
            [ "application/vnd.vegalite.v5+json", spec
              "text/html", html
              "text/plain", $"Chart: {name}" ]

/// Building charts from rows of records; field names are the records' field names.
module Chart =
    let private defaultWidth, defaultHeight = 360, 220

    let private fieldsOf (data: JsonArray) =
        match Seq.tryHead data with
        | Some(:? JsonObject as first) -> [ for KeyValue(name, _) in first -> name ]
        | _ -> []

    let private requireFields (chart: string) (data: JsonArray) (fields: (string * string) list) =
        if data.Count = 0 then invalidArg "rows" $"{chart}: there are no rows to plot"
        let known = fieldsOf data
        for role, field in fields do
            if not (List.contains field known) then
                let names = String.Join(", ", known)
                invalidArg field $"{chart}: {role} field '{field}' is not in the data; its fields are {names}"

    let private layer (mark: JsonNode) (encoding: (string * JsonNode) list) =
        VegaJson.obj [ "mark", mark; "encoding", VegaJson.obj encoding ]

    let private make data layers =
        { Data = data; Layers = layers; Title = None; Width = defaultWidth; Height = defaultHeight; Facet = None }

    let private tooltip (fields: (string * string) list) =
        JsonArray([| for field, kind in fields -> VegaJson.channel field kind :> JsonNode |])

    /// A line through (x, y), e.g. a training curve.
    let line (x: string) (y: string) (rows: seq<'T>) =
        let data = VegaJson.rows rows
        requireFields "line" data [ "x", x; "y", y ]
        make data [ layer (VegaJson.node "line") [ "x", VegaJson.channel x "quantitative"; "y", VegaJson.channel y "quantitative" ] ]

    /// Points at (x, y).
    let scatter (x: string) (y: string) (rows: seq<'T>) =
        let data = VegaJson.rows rows
        requireFields "scatter" data [ "x", x; "y", y ]
        let mark = VegaJson.obj [ "type", VegaJson.node "point"; "filled", VegaJson.node true ]
        let encoding =
            [ "x", VegaJson.channel x "quantitative" :> JsonNode
              "y", VegaJson.channel y "quantitative"
              "tooltip", tooltip [ x, "quantitative"; y, "quantitative" ] ]
        make data [ layer mark encoding ]

    /// Categories in the order of the rows, labels upright.
    let private categoryAxis (field: string) =
        let c = VegaJson.channel field "nominal"
        c["sort"] <- null
        c["axis"] <- VegaJson.obj [ "labelAngle", VegaJson.node 0 ]
        c

    /// One bar per category, in the order of the rows.
    let bar (category: string) (value: string) (rows: seq<'T>) =
        let data = VegaJson.rows rows
        requireFields "bar" data [ "category", category; "value", value ]
        make data [ layer (VegaJson.node "bar") [ "x", categoryAxis category; "y", VegaJson.channel value "quantitative" ] ]

    /// A grid of cells at (x, y) coloured by value, e.g. accuracy over two hyper-parameters.
    let heatmap (x: string) (y: string) (value: string) (rows: seq<'T>) =
        let data = VegaJson.rows rows
        requireFields "heatmap" data [ "x", x; "y", y; "value", value ]
        let color = VegaJson.channel value "quantitative"
        color["scale"] <- VegaJson.obj [ "scheme", VegaJson.node "viridis" ]
        let encoding =
            [ "x", VegaJson.channel x "ordinal" :> JsonNode
              "y", VegaJson.channel y "ordinal"
              "color", color
              "tooltip", tooltip [ x, "ordinal"; y, "ordinal"; value, "quantitative" ] ]
        make data [ layer (VegaJson.node "rect") encoding ]

    /// Mean and std of y over the rows that share x (and group): the rows of a band chart.
    let private summarizeBy (group: string option) (x: string) (y: string) (data: JsonArray) =
        let key (row: JsonObject) (name: string) = JsonTree.at [ name ] row |> Option.map (fun n -> n.ToJsonString()) |> Option.defaultValue "null"
        let rows = JsonTree.objects (Some data)
        rows
        |> List.groupBy (fun r -> (group |> Option.map (key r)), key r x)
        |> List.map (fun (_, members) ->
            let first = members.Head
            let values = members |> List.choose (fun r -> JsonTree.tryFloat (JsonTree.at [ y ] r))
            let stat = if values.IsEmpty then { Mean = nan; Std = nan; Count = 0 } else Stats.ofSeq values
            // a field left out is what Vega-Lite makes of a missing value
            let copied name = JsonTree.at [ name ] first |> Option.map (fun n -> name, n.DeepClone())
            let number name v = if Double.IsFinite v then Some(name, VegaJson.node v) else None
            VegaJson.obj (
                List.choose id
                    [ group |> Option.bind copied
                      copied x
                      number y stat.Mean
                      number (y + "_lower") (stat.Mean - stat.Std)
                      number (y + "_upper") (stat.Mean + stat.Std)
                      Some("n", VegaJson.node stat.Count) ]
            )
            :> JsonNode)
        |> Array.ofList
        |> JsonArray

    let private band (chartName: string) (group: string option) (x: string) (y: string) (rows: seq<'T>) =
        let raw = VegaJson.rows rows
        requireFields chartName raw ([ "x", x; "y", y ] @ (group |> Option.map (fun g -> "group", g) |> Option.toList))
        let data = summarizeBy group x y raw
        let color () = group |> Option.map (fun g -> "color", VegaJson.channel g "nominal" :> JsonNode) |> Option.toList
        let yTitled field =
            let c = VegaJson.channel field "quantitative"
            c["title"] <- VegaJson.node y
            c
        let area =
            layer (VegaJson.obj [ "type", VegaJson.node "area"; "opacity", VegaJson.node 0.25 ])
                ([ "x", VegaJson.channel x "quantitative" :> JsonNode; "y", yTitled (y + "_lower"); "y2", VegaJson.obj [ "field", VegaJson.node (y + "_upper") ] ] @ color ())
        let mean = layer (VegaJson.node "line") ([ "x", VegaJson.channel x "quantitative" :> JsonNode; "y", yTitled y ] @ color ())
        make data [ area; mean ]

    /// Training curves over seeds: the mean of y at each x, with a band of ± one standard deviation.
    let lineBand (x: string) (y: string) (rows: seq<'T>) = band "lineBand" None x y rows

    /// lineBand with one curve and band per value of the group field (e.g. the objective).
    let lineBandBy (group: string) (x: string) (y: string) (rows: seq<'T>) = band "lineBandBy" (Some group) x y rows

    /// Bars of the mean of value per category, with error bars of ± one standard deviation (results over seeds).
    let barSummary (category: string) (value: string) (rows: seq<'T>) =
        let raw = VegaJson.rows rows
        requireFields "barSummary" raw [ "category", category; "value", value ]
        let data = summarizeBy None category value raw
        let bars = layer (VegaJson.node "bar") [ "x", categoryAxis category :> JsonNode; "y", VegaJson.channel value "quantitative" ]
        let errors =
            layer (VegaJson.node "rule")
                [ "x", categoryAxis category :> JsonNode
                  "y", VegaJson.channel (value + "_lower") "quantitative"
                  "y2", VegaJson.obj [ "field", VegaJson.node (value + "_upper") ] ]
        make data [ bars; errors ]

    let private mapEncodings (f: JsonObject -> unit) (chart: Chart) =
        let layers =
            chart.Layers |> List.map (fun l ->
                let copy = l.DeepClone().AsObject()
                match copy["encoding"] with
                | :? JsonObject as encoding -> f encoding
                | _ -> ()
                copy)
        { chart with Layers = layers }

    /// Colours marks by a field (one colour per value).
    let color (field: string) (chart: Chart) =
        requireFields "color" chart.Data [ "color", field ]
        chart |> mapEncodings (fun e -> e["color"] <- VegaJson.channel field "nominal")

    /// One panel per value of the field, `columns` panels to a row.
    let facet (field: string) (columns: int) (chart: Chart) =
        requireFields "facet" chart.Data [ "facet", field ]
        if columns < 1 then invalidArg (nameof columns) $"facet columns must be at least 1, got {columns}"
        { chart with Facet = Some(field, columns) }

    let title (text: string) (chart: Chart) = { chart with Title = Some text }

    let size (width: int) (height: int) (chart: Chart) =
        if width <= 0 || height <= 0 then invalidArg (nameof width) $"chart size must be positive, got {width} x {height}"
        { chart with Width = width; Height = height }

    let private setOnChannel (channel: string) (name: string) (value: unit -> JsonNode) (chart: Chart) =
        chart |> mapEncodings (fun e -> match e[channel] with :? JsonObject as c -> c[name] <- value () | _ -> ())

    let xTitle (text: string) chart = setOnChannel "x" "title" (fun () -> VegaJson.node text) chart

    let yTitle (text: string) chart = setOnChannel "y" "title" (fun () -> VegaJson.node text) chart

    /// A logarithmic y axis (losses spanning decades).
    let logY chart = setOnChannel "y" "scale" (fun () -> VegaJson.obj [ "type", VegaJson.node "log" ]) chart

    /// Whether the y axis must include zero (Vega-Lite's default); false lets it start near the data, for
    /// accuracies close to 1, say. Kept alongside a log scale.
    let yZero (zero: bool) chart =
        chart
        |> mapEncodings (fun e ->
            match e["y"] with
            | :? JsonObject as channel ->
                match channel["scale"] with
                | :? JsonObject as scale -> scale["zero"] <- VegaJson.node zero
                | _ -> channel["scale"] <- VegaJson.obj [ "zero", VegaJson.node zero ]
            | _ -> ())

    /// The Vega-Lite spec as indented JSON.
    let toJson (chart: Chart) = chart.Spec.ToJsonString VegaJson.indented

    /// Shows the chart in the notebook.
    let display (chart: Chart) = Display.show (chart :> IDisplayable).Bundle

    /// Writes the spec to a .vl.json file (render it with `research figures`).
    let save (path: string) (chart: Chart) =
        Folders.createFor path
        IO.File.WriteAllText(path, toJson chart)

    /// Renders the chart to an SVG file (node and tools/figures; see Figures).
    let saveSvg (path: string) (chart: Chart) =
        Folders.createFor path
        IO.File.WriteAllText(path, Figures.renderSvg [ toJson chart ] |> List.head)
