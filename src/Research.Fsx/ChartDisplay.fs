/// How a chart shows in a notebook: a Plotly.NET chart (or an XPlot.Plotly chart a user made) as a static SVG
/// drawn by plotly.js, plus HTML that holds the same SVG inline and swaps in the interactive plotly.js chart
/// where scripts run and plotly.js loads.
///
/// Why this bundle ("image/svg+xml" and "text/html"), from each front end's own preference order (none of them
/// runs here; the kit's tests check the bundle, the swap in Chromium, and the kernel's outputs):
/// - VS Code / Polyglot ranks text/html before image/svg+xml: its script draws the interactive chart.
/// - JupyterLab also ranks text/html first, and for an untrusted notebook sanitizes it (scripts go, its
///   allow-list keeps SVG): the inline SVG stays.
/// - nbconvert's HTML export takes text/html with its script; offline, the inline SVG stays.
/// - GitHub's notebook view drops scripts; the SVG (inline, or the image/svg+xml output) is what it can show.
/// plotly.js itself comes from Plotly's CDN in the HTML (Plotly.NET's own notebook output does the same):
/// embedding it would add 3.6 MB per chart.
module Research.Fsx.ChartDisplay

open System
open System.IO
open System.Reflection
open Plotly.NET

let private plotlyCdn () = $"https://cdn.plot.ly/plotly-{ChartRenderer.plotlyVersion.Value}.min"

let private warned = ref false

/// The static SVG, or None after a one-line warning (once per process) when it cannot be drawn.
let private trySvg (draw: unit -> string) =
    match ChartRenderer.unavailableReason () with
    | Some reason ->
        if not warned.Value then
            warned.Value <- true
            eprintfn $"warning: charts show without a static SVG: {reason}"
        None
    | None ->
        try Some(draw ()) with e ->
            eprintfn $"warning: the chart's static SVG failed: {e.Message.Split('\n')[0]}"
            None

let private withoutProlog (svg: string) =
    match svg.IndexOf("<svg", StringComparison.Ordinal) with
    | -1 -> svg
    | start -> svg.Substring start

/// HTML: the static SVG in a div, and a script that loads plotly.js (plain script tag, or requirejs where a
/// page has it: plotly.js then registers as a module) and runs `draw(Plotly, host)`, which removes the static SVG
/// once the interactive chart is drawn.
let private html (svg: string option) (draw: string) =
    let id = "research-chart-" + Guid.NewGuid().ToString("N")
    let cdn = plotlyCdn ()
    let staticPart = svg |> Option.map (fun s -> $"<div class=\"research-static\">{withoutProlog s}</div>") |> Option.defaultValue ""
    $"""<div id="{id}" class="research-chart">{staticPart}</div>
<script type="text/javascript">
(function () {{
  var host = document.getElementById('{id}');
  if (!host) return;
  var draw = function (Plotly) {{
    window.Plotly = window.Plotly || Plotly;
    var done = function () {{ var s = host.querySelector('.research-static'); if (s) s.remove(); }};
    {draw}
  }};
  if (window.Plotly) {{ draw(window.Plotly); return; }}
  if (typeof window.requirejs === 'function') {{
    window.requirejs.config({{ paths: {{ plotly: '{cdn}' }} }});
    window.requirejs(['plotly'], draw);
    return;
  }}
  var script = document.createElement('script');
  script.src = '{cdn}.js';
  script.onload = function () {{ draw(window.Plotly); }};
  document.head.appendChild(script);
}})();
</script>"""

let private plainText (title: string option) = "Chart: " + defaultArg title "untitled"

let private bundleWith (svg: string option) (htmlText: string) (text: string) : MimeBundle =
    [ match svg with
      | Some s -> "image/svg+xml", withoutProlog s
      | None -> ()
      "text/html", htmlText
      "text/plain", text ]

/// The display bundle of a Plotly.NET chart; with RESEARCH_FIGURES_DIR set, also writes its figure files.
let bundle (chart: GenericChart) : MimeBundle =
    let svg = trySvg (fun () -> ChartImages.svg chart)
    if svg.IsSome then ChartImages.writeFigures chart |> ignore
    let draw =
        $"var target = document.createElement('div'); host.appendChild(target);\n    var figure = {ChartImages.figureJson chart};\n"
        + "    Plotly.newPlot(target, figure.data, figure.layout, { responsive: true }).then(done);"
    bundleWith svg (html svg draw) (plainText (ChartImages.titleOf chart))

/// The display bundle of an XPlot.Plotly chart: its own plotting code (which loads nothing here: the loader
/// above brings plotly.js), and the static SVG drawn from that code in the same browser.
let xplotBundle (chart: XPlot.Plotly.PlotlyChart) : MimeBundle =
    let script = chart.GetPlottingJS()
    let width, height = (if chart.Width > 0 then chart.Width else ChartImages.defaultWidth), (if chart.Height > 0 then chart.Height else ChartImages.defaultHeight)
    let svg = trySvg (fun () -> ChartRenderer.svgOfPlottingScript chart.Id script width height)
    let draw =
        $"var target = document.createElement('div'); target.id = '{chart.Id}'; target.style.width = '{width}px'; target.style.height = '{height}px'; host.appendChild(target);\n"
        + $"    {script}\n    done();"
    bundleWith svg (html svg draw) "XPlot.Plotly chart"

/// The bundle for a value the kit draws (Plotly.NET and XPlot.Plotly charts).
let bundleOf (value: obj) : MimeBundle option =
    match value with
    | :? GenericChart as chart -> Some(bundle chart)
    | :? XPlot.Plotly.PlotlyChart as chart -> Some(xplotBundle chart)
    | _ -> None

/// Microsoft.DotNet.Interactive.Formatting's Formatter and DisplayExtensions, when a kernel hosts the kit.
let private kernelTypes () =
    AppDomain.CurrentDomain.GetAssemblies()
    |> Seq.filter (fun a -> a.GetName().Name = "Microsoft.DotNet.Interactive.Formatting")
    |> Seq.tryPick (fun a ->
        match a.GetType "Microsoft.DotNet.Interactive.Formatting.Formatter", a.GetType "System.DisplayExtensions" with
        | null, _
        | _, null -> None
        | formatter, extensions -> Some(formatter, extensions))

let private registered = ref false

/// The MIME types a kernel shows for charts: text/html first (see the top of this file).
let private kernelMimeTypes () =
    if ChartRenderer.unavailableReason().IsNone then [| "text/html"; "image/svg+xml" |] else [| "text/html" |]

/// Registers the kernel formatters for Plotly.NET's GenericChart (each union case's class too) and XPlot.Plotly's
/// PlotlyChart, so that a bare chart as a cell's last value shows as Chart.display shows it. True when a kernel
/// is there; calling it again does nothing.
let registerFormatters () =
    match kernelTypes () with
    | None -> false
    | Some(formatter, _) ->
        lock registered (fun () ->
            if not registered.Value then
                let register = formatter.GetMethod("Register", [| typeof<Type>; typeof<Action<obj, TextWriter>>; typeof<string> |]) |> nonNull
                let prefer = formatter.GetMethod("SetPreferredMimeTypesFor", [| typeof<Type>; typeof<string[]> |]) |> nonNull
                let generic = typeof<GenericChart>
                let types =
                    [ generic :: (generic.GetNestedTypes(BindingFlags.Public ||| BindingFlags.NonPublic) |> Array.filter (fun t -> t.IsSubclassOf generic) |> List.ofArray)
                      [ typeof<XPlot.Plotly.PlotlyChart> ] ]
                    |> List.concat
                for t in types do
                    for mime in [ "text/html"; "image/svg+xml" ] do
                        let write =
                            Action<obj, TextWriter>(fun value writer ->
                                match bundleOf value |> Option.bind (List.tryFind (fst >> (=) mime)) with
                                | Some(_, content) -> writer.Write content
                                | None -> ())
                        register.Invoke(null, [| box t; box write; box mime |]) |> ignore
                    prefer.Invoke(null, [| box t; box (kernelMimeTypes ()) |]) |> ignore
                registered.Value <- true)
        true

/// Shows a value, charts as above: in the headless runner as a whole bundle, in a .NET Interactive kernel through
/// its formatters (so Polyglot and Jupyter get text/html and image/svg+xml), else as text on the console.
let display (value: obj) =
    let isChart = value :? GenericChart || value :? XPlot.Plotly.PlotlyChart
    match kernelTypes () with
    | Some(_, extensions) when isChart && not (Display.hasHost ()) && registerFormatters () ->
        let show = extensions.GetMethod("Display", [| typeof<obj>; typeof<string[]> |]) |> nonNull
        show.Invoke(null, [| value; box (kernelMimeTypes ()) |]) |> ignore
    | _ ->
        match bundleOf value with
        | Some bundle -> Display.show bundle
        | None -> Display.value value
