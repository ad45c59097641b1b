namespace Research.Fsx

open System
open Plotly.NET
open Plotly.NET.LayoutObjects
open Research.Fsx.ChartRows

/// Plotly.NET charts from rows of records (field names are the records' field names). Each helper returns a
/// Plotly.NET GenericChart, so Plotly.NET's own API styles it further; `display` shows it in a notebook.
/// Non-finite values (a diverged seed) are left out of the plot.
// Inside this module `Chart.X` is Plotly.NET's Chart: a module is not in scope under its own name while it is
// being defined. Outside, with both opened, `Chart.withLegendStyle` and the like still reach Plotly.NET's.
module Chart =
    /// plotly.js's default colour sequence, so that a group keeps its colour across a band and its mean line.
    let private palette =
        [| 31, 119, 180; 255, 127, 14; 44, 160, 44; 214, 39, 40; 148, 103, 189
           140, 86, 75; 227, 119, 194; 127, 127, 127; 188, 189, 34; 23, 190, 207 |]

    let private colorAt (i: int) (alpha: float) =
        let r, g, b = palette[i % palette.Length]
        let a = alpha.ToString(Globalization.CultureInfo.InvariantCulture)
        Color.fromString $"rgba({r},{g},{b},{a})"

    let private xs (points: (obj * obj) list) = points |> List.map (fst >> axisValue)

    let private ys (points: (obj * obj) list) = points |> List.map (snd >> number)

    /// Axis titles from the field names, and a size that suits a notebook column (Plotly.NET's default is a
    /// 600 x 600 square).
    let private titled (x: string) (y: string) (chart: GenericChart) =
        chart
        |> Chart.withXAxisStyle (TitleText = x)
        |> Chart.withYAxisStyle (TitleText = y)
        |> Chart.withSize (ChartImages.defaultWidth, ChartImages.defaultHeight)

    let private lineOf (name: string option) (i: int) (points: (obj * obj) list) =
        Chart.Line(xs points, ys points, ?Name = name, ShowLegend = name.IsSome, LineColor = colorAt i 1.0)

    /// A line through (x, y), e.g. a training curve.
    let line (x: string) (y: string) (rows: seq<'T>) =
        let data = read "line" [ "x", x; "y", y ] rows
        lineOf None 0 (finitePoints (data.Values x) (data.Values y)) |> titled x y

    /// One line through (x, y) per value of the group field, with a legend.
    let lineBy (group: string) (x: string) (y: string) (rows: seq<'T>) =
        let data = read "lineBy" [ "group", group; "x", x; "y", y ] rows
        splitBy group data
        |> List.mapi (fun i (name, part) -> lineOf (Some name) i (finitePoints (part.Values x) (part.Values y)))
        |> Chart.combine
        |> titled x y

    /// Points at (x, y).
    let scatter (x: string) (y: string) (rows: seq<'T>) =
        let data = read "scatter" [ "x", x; "y", y ] rows
        let points = finitePoints (data.Values x) (data.Values y)
        Chart.Point(xs points, ys points, MarkerColor = colorAt 0 1.0) |> titled x y

    let private categoryX (chart: GenericChart) = chart |> Chart.withXAxisStyle (AxisType = StyleParam.AxisType.Category)

    /// One bar per category, in the order of the rows.
    let bar (category: string) (value: string) (rows: seq<'T>) =
        let data = read "bar" [ "category", category; "value", value ] rows
        let points = finitePoints (data.Values category |> List.map (label >> box)) (data.Values value)
        Chart.Column(ys points, Keys = xs points, MarkerColor = colorAt 0 1.0) |> titled category value |> categoryX

    /// Bars per category, one coloured series per value of the group field side by side, categories in the order of
    /// the rows.
    let barBy (group: string) (category: string) (value: string) (rows: seq<'T>) =
        let data = read "barBy" [ "group", group; "category", category; "value", value ] rows
        splitBy group data
        |> List.mapi (fun i (name, part) ->
            let points = finitePoints (part.Values category |> List.map (label >> box)) (part.Values value)
            Chart.Column(ys points, Keys = xs points, Name = name, ShowLegend = true, MarkerColor = colorAt i 1.0))
        |> Chart.combine
        |> titled category value
        |> categoryX

    /// A grid of cells at (x, y) coloured by value, e.g. accuracy over two hyper-parameters; categories in
    /// ascending order (numbers by value), and a cell without a finite value stays empty.
    let heatmap (x: string) (y: string) (value: string) (rows: seq<'T>) =
        let data = read "heatmap" [ "x", x; "y", y; "value", value ] rows
        let columns = sortedDistinct (data.Values x) |> List.map label
        let lines = sortedDistinct (data.Values y) |> List.map label
        let cells =
            List.zip3 (data.Values x) (data.Values y) (data.Values value)
            |> List.map (fun (cx, cy, v) -> (label cx, label cy), number v)
            |> Map.ofList
        let z =
            [ for row in lines ->
                  [ for column in columns ->
                        match Map.tryFind (column, row) cells with
                        | Some v when Double.IsFinite v -> v :> IConvertible
                        | _ -> null ] ]
        Chart.Heatmap(z, X = columns, Y = lines, ColorScale = StyleParam.Colorscale.Viridis, ColorBar = ColorBar.init (Title = Title.init value))
        |> titled x y
        |> categoryX
        // the first category on top, as in a table or a confusion matrix
        |> Chart.withYAxisStyle (AxisType = StyleParam.AxisType.Category, CategoryOrder = StyleParam.CategoryOrder.Array, CategoryArray = List.rev lines)

    /// A mean line with a band of ± one std around it, in colour i; the three traces share a legend entry. A curve
    /// of one point (a quick run at one size) has no line or band to see: it gets a marker with ± std error bars.
    let private bandOf (name: string option) (i: int) (summary: Summary list) =
        let x = summary |> List.map (fun s -> axisValue s.X)
        let lower = summary |> List.map (fun s -> s.Mean - s.Std)
        let upper = summary |> List.map (fun s -> s.Mean + s.Std)
        let group = defaultArg name "mean"
        let single = summary.Length = 1
        let mean =
            Chart.Line(x, summary |> List.map (fun s -> s.Mean), Name = group, ShowLegend = name.IsSome, ShowMarkers = single, LineColor = colorAt i 1.0, MarkerColor = colorAt i 1.0)
        [ Chart.Line(x, upper, Name = $"{group} + std", ShowLegend = false, LineWidth = 0.0, LineColor = colorAt i 0.0)
          Chart.Line(x, lower, Name = $"{group} − std", ShowLegend = false, LineWidth = 0.0, LineColor = colorAt i 0.0,
                     Fill = StyleParam.Fill.ToNext_y, FillColor = colorAt i 0.2)
          if single then mean |> Chart.withYErrorStyle (Array = (summary |> List.map (fun s -> s.Std)), Symmetric = true, Color = colorAt i 1.0) else mean ]
        |> Chart.combine
        |> Chart.withTraceInfo (LegendGroup = group)

    /// Training curves over seeds: the mean of y at each x, with a band of ± one (sample) standard deviation.
    let lineBand (x: string) (y: string) (rows: seq<'T>) =
        let data = read "lineBand" [ "x", x; "y", y ] rows
        bandOf None 0 (summarize (data.Values x) (data.Values y)) |> titled x y

    /// lineBand with one curve and band per value of the group field (e.g. the objective).
    let lineBandBy (group: string) (x: string) (y: string) (rows: seq<'T>) =
        let data = read "lineBandBy" [ "group", group; "x", x; "y", y ] rows
        splitBy group data
        |> List.mapi (fun i (name, part) -> bandOf (Some name) i (summarize (part.Values x) (part.Values y)))
        |> Chart.combine
        |> titled x y

    /// Bars of the mean of value per category, with error bars of ± one (sample) standard deviation (results over
    /// seeds).
    let barSummary (category: string) (value: string) (rows: seq<'T>) =
        let data = read "barSummary" [ "category", category; "value", value ] rows
        let summary = summarize (data.Values category |> List.map (label >> box)) (data.Values value)
        Chart.Column(summary |> List.map (fun s -> s.Mean), Keys = (summary |> List.map (fun s -> label s.X)), MarkerColor = colorAt 0 1.0)
        |> Chart.withYErrorStyle (Array = (summary |> List.map (fun s -> s.Std)), Symmetric = true)
        |> titled category value
        |> categoryX

    /// One panel per value of the field, `columns` panels to a row, each drawn by `panel` from its rows (e.g.
    /// `Chart.facet "Task" 3 (Chart.lineBy "Objective" "Step" "Loss") rows`). Only the first panel keeps a legend.
    let facet (field: string) (columns: int) (panel: 'T list -> GenericChart) (rows: seq<'T>) =
        if columns < 1 then invalidArg (nameof columns) $"facet columns must be at least 1, got {columns}"
        let data = read "facet" [ "facet", field ] rows
        let parts = splitBy field data
        let keys = List.map fst parts
        let panels =
            parts
            |> List.mapi (fun i (_, part) ->
                let chart = part.Items |> List.map unbox<'T> |> panel
                if i = 0 then chart else chart |> Chart.withTraceInfo (ShowLegend = false))
        let rowCount = (keys.Length + columns - 1) / columns
        Chart.Grid(rowCount, min columns keys.Length, SubPlotTitles = (keys |> List.map (fun k -> $"{field} = {k}")), YGap = 0.35) panels
        // room per panel, plus the title above and the legend on the right
        |> Chart.withSize (360 * min columns keys.Length + 140, 300 * rowCount + 100)

    let title (text: string) (chart: GenericChart) = chart |> Chart.withTitle text

    let size (width: int) (height: int) (chart: GenericChart) =
        if width <= 0 || height <= 0 then invalidArg (nameof width) $"chart size must be positive, got {width} x {height}"
        chart |> Chart.withSize (width, height)

    /// Applies a style to every axis whose layout key starts with the prefix ("xaxis", "yaxis"): a faceted chart
    /// has one per panel.
    let private styleAxes (prefix: string) (style: LinearAxis -> LinearAxis) (chart: GenericChart) =
        chart
        |> GenericChart.mapLayout (fun layout ->
            let axes =
                layout.GetProperties(true)
                |> Seq.filter (fun kv -> kv.Key.StartsWith(prefix, StringComparison.Ordinal))
                |> Seq.choose (fun kv -> match kv.Value with :? LinearAxis as a -> Some(kv.Key, a) | _ -> None)
                |> List.ofSeq
            if axes.IsEmpty then layout.SetProperty(prefix, style (LinearAxis.init ()))
            else for key, axis in axes do layout.SetProperty(key, style axis)
            layout)

    let xTitle (text: string) chart = styleAxes "xaxis" (LinearAxis.style (Title = Title.init text)) chart

    let yTitle (text: string) chart = styleAxes "yaxis" (LinearAxis.style (Title = Title.init text)) chart

    /// A logarithmic y axis (losses spanning decades).
    let logY chart = styleAxes "yaxis" (LinearAxis.style (AxisType = StyleParam.AxisType.Log)) chart

    /// Whether the y axis must include zero; false lets it start near the data (accuracies close to 1, say).
    let yZero (zero: bool) chart =
        let mode = if zero then StyleParam.RangeMode.ToZero else StyleParam.RangeMode.Normal
        styleAxes "yaxis" (LinearAxis.style (RangeMode = mode)) chart

    /// Shows the chart in the notebook: a static SVG drawn by plotly.js and the interactive chart (see
    /// ChartDisplay). With RESEARCH_FIGURES_DIR set, also writes it there as <slug of title>.svg and .png.
    let display (chart: GenericChart) = ChartDisplay.display chart

    /// Writes the chart as an SVG file (drawn by plotly.js in headless Chromium).
    let saveSvg (path: string) (chart: GenericChart) = ChartImages.saveSvg path chart

    /// Writes the chart as a PNG file at twice its pixel size.
    let savePng (path: string) (chart: GenericChart) = ChartImages.savePng path chart
