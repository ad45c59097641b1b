/// How charts display and become figure files: the static SVG drawn by plotly.js in headless Chromium, the HTML
/// that holds it and the interactive chart, RESEARCH_FIGURES_DIR, and XPlot.Plotly charts. These need Debian's
/// chromium (./kit setup installs it): without it they fail, saying so.
module Research.Fsx.Tests.ChartDisplayTests

open System
open System.IO
open System.Xml.Linq
open Xunit
open Research.Fsx
open Research.Fsx.Tests.TestSetup

let private requireChromium () =
    match ChartRenderer.unavailableReason () with
    | Some reason -> Assert.Fail $"these tests draw charts in headless Chromium: {reason}"
    | None -> ()

let private rows =
    [ for seed in [ 1; 2 ] do
          for step in 1..4 -> {| Step = step; Loss = 1.0 / float step + 0.1 * float seed; Seed = seed |} ]

let private chart () = Chart.lineBand "Step" "Loss" rows |> Chart.title "Loss over steps"

let private mime (name: string) (bundle: MimeBundle) =
    bundle |> List.tryFind (fst >> (=) name) |> Option.map snd |> Option.defaultWith (fun () -> failwith $"the bundle has no {name}: {bundle |> List.map fst}")

let private withVariable (name: string) (value: string | null) (f: unit -> 'T) =
    let previous = Environment.GetEnvironmentVariable name
    Environment.SetEnvironmentVariable(name, value)
    try f () finally Environment.SetEnvironmentVariable(name, previous)

let private pngSignature = [| 0x89uy; 0x50uy; 0x4Euy; 0x47uy; 0x0Duy; 0x0Auy; 0x1Auy; 0x0Auy |]

/// The SVG parses as XML and holds plotly.js's drawn traces: the scatter layer's paths.
let private assertDrawnSvg (svg: string) =
    let doc = XDocument.Parse svg
    let ns = XNamespace.Get "http://www.w3.org/2000/svg"
    Assert.Equal(ns + "svg", (nonNull doc.Root).Name)
    let classOf (e: XElement) = match e.Attribute(XName.Get "class") with null -> "" | a -> a.Value
    let traces = doc.Descendants(ns + "g") |> Seq.filter (fun g -> (classOf g).Contains "trace scatter") |> List.ofSeq
    Assert.NotEmpty(traces)
    let paths = traces |> Seq.collect (fun g -> g.Descendants(ns + "path")) |> Seq.filter (fun p -> (p.Attribute(XName.Get "d") |> Option.ofObj |> Option.map (fun a -> a.Value.Length) |> Option.defaultValue 0) > 10)
    Assert.NotEmpty(paths)

[<Fact>]
let ``A chart displays as a drawn SVG, and HTML that holds the same SVG and the interactive chart`` () =
    requireChromium ()
    let bundle = withVariable ChartImages.FiguresVariable null (fun () -> ChartDisplay.bundle (chart ()))
    Assert.Equal<string list>([ "image/svg+xml"; "text/html"; "text/plain" ], bundle |> List.map fst)
    let svg = mime "image/svg+xml" bundle
    assertDrawnSvg svg
    Assert.Contains("Loss over steps", svg)
    let html = mime "text/html" bundle
    Assert.Contains(svg, html)
    Assert.Contains("Plotly.newPlot(target, figure.data, figure.layout", html)
    Assert.Contains("\"Loss over steps\"", html)
    Assert.Equal("Chart: Loss over steps", mime "text/plain" bundle)

/// Where plotly.js is there (Polyglot, or a page with network), the HTML's script swaps the static SVG for the
/// interactive chart. Checked in a Chromium page of its own, with Plotly.NET's plotly.js loaded first.
[<Fact>]
let ``The HTML swaps in the interactive chart where plotly.js loads`` () =
    requireChromium ()
    let html = withVariable ChartImages.FiguresVariable null (fun () -> ChartDisplay.bundle (chart ())) |> mime "text/html"
    let plotlyJs =
        let assembly = typeof<Plotly.NET.GenericChart>.Assembly
        let name = assembly.GetManifestResourceNames() |> Array.find (fun n -> n.StartsWith "Plotly.NET.plotly-" && n.EndsWith ".min.js")
        use reader = new StreamReader(assembly.GetManifestResourceStream name |> nonNull)
        reader.ReadToEnd()
    let options = PuppeteerSharp.LaunchOptions(Headless = true, ExecutablePath = ChartRenderer.chromiumPath (), Args = [| "--no-sandbox"; "--disable-gpu" |])
    let wait (t: Threading.Tasks.Task<'T>) = t.GetAwaiter().GetResult()
    use browser = wait (PuppeteerSharp.Puppeteer.LaunchAsync options)
    use page = wait (browser.NewPageAsync())
    wait (page.SetContentAsync($"<html><head><script>{plotlyJs}</script></head><body>{html}</body></html>").ContinueWith(fun _ -> true)) |> ignore
    wait (page.WaitForSelectorAsync(".research-chart .plot-container .main-svg")) |> ignore
    Assert.Equal(0, wait (page.EvaluateExpressionAsync<int> "document.querySelectorAll('.research-static').length"))
    Assert.True(wait (page.EvaluateExpressionAsync<int> "document.querySelectorAll('.research-chart .scatterlayer .trace').length") > 0)

[<Fact>]
let ``One browser draws every chart of the process`` () =
    requireChromium ()
    for i in 1..3 do
        Chart.line "Step" "Loss" rows |> Chart.title $"chart {i}" |> ChartImages.svg |> assertDrawnSvg
    Assert.Equal(1, ChartRenderer.browserLaunches ())

[<Fact>]
let ``With RESEARCH_FIGURES_DIR set, display writes the chart there as SVG and PNG`` () =
    requireChromium ()
    use dir = new TempDir()
    let figures = dir.File "figures"
    withVariable ChartImages.FiguresVariable figures (fun () -> Chart.display (chart ()))
    Assert.Equal<string list>([ "loss-over-steps.png"; "loss-over-steps.svg" ], Directory.GetFiles figures |> Array.map (Path.GetFileName >> string) |> Array.sort |> List.ofArray)
    assertDrawnSvg (File.ReadAllText(Path.Combine(figures, "loss-over-steps.svg")))
    Assert.Equal<byte[]>(pngSignature, File.ReadAllBytes(Path.Combine(figures, "loss-over-steps.png"))[0..7])

[<Fact>]
let ``Without RESEARCH_FIGURES_DIR, display writes nothing`` () =
    requireChromium ()
    use dir = new TempDir()
    let previous = Environment.CurrentDirectory
    Environment.CurrentDirectory <- dir.Path
    try
        withVariable ChartImages.FiguresVariable null (fun () ->
            Chart.display (chart ())
            Assert.Empty(ChartImages.writeFigures (chart ())))
    finally
        Environment.CurrentDirectory <- previous
    Assert.Empty(Directory.GetFileSystemEntries dir.Path)

[<Fact>]
let ``saveSvg and savePng write one file each`` () =
    requireChromium ()
    use dir = new TempDir()
    chart () |> Chart.saveSvg (dir.File "out/band.svg")
    chart () |> Chart.savePng (dir.File "out/band.png")
    assertDrawnSvg (File.ReadAllText(dir.File "out/band.svg"))
    Assert.Equal<byte[]>(pngSignature, File.ReadAllBytes(dir.File "out/band.png")[0..7])

[<Fact>]
let ``An XPlot.Plotly chart displays as its drawn SVG and its own plotting code`` () =
    requireChromium ()
    let xplot = XPlot.Plotly.Chart.Line [ 1, 2.0; 2, 4.0; 3, 3.0 ] |> XPlot.Plotly.Chart.WithTitle "xplot line"
    let bundle = ChartDisplay.bundleOf (box xplot) |> Option.get
    let svg = mime "image/svg+xml" bundle
    assertDrawnSvg svg
    Assert.Contains("xplot line", svg)
    let html = mime "text/html" bundle
    Assert.Contains(svg, html)
    Assert.Contains(xplot.GetPlottingJS(), html)

[<Fact>]
let ``Without Chromium, saving fails saying how to install it, and display falls back to the HTML`` () =
    withVariable ChartRenderer.ChromiumVariable "/nonexistent/chromium" (fun () ->
        let e = Assert.Throws<InvalidOperationException>(fun () -> Chart.line "Step" "Loss" rows |> Chart.saveSvg "/tmp/never.svg")
        Assert.Contains("Chromium was not found at /nonexistent/chromium: install it (./kit setup installs Debian's chromium", e.Message)
        let bundle = ChartDisplay.bundle (Chart.line "Step" "Loss" rows)
        Assert.Equal<string list>([ "text/html"; "text/plain" ], bundle |> List.map fst)
        Assert.Contains("Plotly.newPlot", mime "text/html" bundle))
