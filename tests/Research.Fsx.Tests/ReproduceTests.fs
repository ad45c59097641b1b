/// `research reproduce` on the .NET Interactive kernel: every notebook at the scale, the report per paper, a failing
/// notebook named with its cell and a non-zero exit, and every figure drawn offline in headless Chromium.
module Research.Fsx.Tests.ReproduceTests

open System
open System.IO
open Xunit
open Research.Fsx.Notebooks
open Research.Fsx.Notebooks.Ipynb
open Research.Fsx.Tests.TestSetup

/// A small drawing, as the kit's chart displays show one.
let private svg = """<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><path d="M0 60 L60 10 L120 40" stroke="navy" fill="none"/></svg>"""

/// A committed full-scale copy: an executed notebook whose one output is an SVG, with a figure and a table beside it.
let private commitFullScale (results: string) (stem: string) =
    let executed = writeNotebook (Path.Combine(results, stem + "-full.ipynb")) [ Code "figure ()" ]
    let notebook = Ipynb.load executed
    Ipynb.setOutputs (Ipynb.cells notebook).Head (Some 1) [ DisplayData [ "image/svg+xml", svg; "text/plain", "figure" ] ]
    Ipynb.save executed notebook
    Directory.CreateDirectory(Path.Combine(results, stem)) |> ignore
    File.WriteAllText(Path.Combine(results, stem, "curve.svg"), svg)
    File.WriteAllText(Path.Combine(results, stem + "-full.csv"), "Variant,Seed,TestPerplexity\nbaseline,1,100\n")

[<Fact>]
let ``a paper's committed full-scale tables are every results CSV of its notebook marked full`` () =
    use dir = new TempDir()
    for name in [ "01-dist2loss-task-a-full.csv"; "01-dist2loss-task-b-full.csv"; "01-dist2loss-task-a-quick.csv"; "05-tying-full.csv"; "05-tying-full-libtorch113.csv" ] do
        File.WriteAllText(dir.File name, "A\n1\n")
    let tables stem =
        Reproduce.fullScaleOf dir.Path (dir.File "html") stem |> Option.map (fun f -> f.Tables |> List.map Path.GetFileName)
    Assert.Equal(Some [ "01-dist2loss-task-a-full.csv"; "01-dist2loss-task-b-full.csv" ], tables "01-dist2loss")
    Assert.Equal(Some [ "05-tying-full-libtorch113.csv"; "05-tying-full.csv" ], tables "05-tying")
    Assert.Equal(None, tables "03-labo")

[<Fact>]
let ``research reproduce runs every notebook on the kernel, reports each paper and names a failing notebook's cell`` () =
    use dir = new TempDir()
    let notebooks = Directory.CreateDirectory(dir.File "notebooks").FullName
    let kit = Path.GetDirectoryName(typeof<Research.Fsx.Html>.Assembly.Location)
    // The figure file stands for what the chart displays save in RESEARCH_FIGURES_DIR.
    writeNotebook (Path.Combine(notebooks, "01-scaled.ipynb"))
        [ Tagged("let scale = \"full\"\nlet seeds = [ 1 ]", [ "parameters" ])
          // Kit.init lets the kit's assemblies (FSharp.Core 10.1) load in the kernel (FSharp.Core 10.0), as in every notebook.
          Code $"#I \"{kit}\"\n#r \"TorchSharp.dll\"\n#r \"Research.Core.dll\"\n#r \"Research.Fsx.dll\"\nResearch.Fsx.Kit.init ()"
          Code(
              $"let svg = \"\"\"{svg}\"\"\"\nResearch.Fsx.Display.showHtml svg\n"
              + "System.IO.File.WriteAllText(System.IO.Path.Combine(System.Environment.GetEnvironmentVariable \"RESEARCH_FIGURES_DIR\", \"curve.svg\"), svg)\n"
              + "printfn \"scale=%s seeds=%A\" scale seeds"
          ) ]
    |> ignore
    writeNotebook (Path.Combine(notebooks, "02-plain.ipynb")) [ Code "printfn \"no parameters\"" ] |> ignore
    writeNotebook (Path.Combine(notebooks, "03-broken.ipynb")) [ Code "1 + 1"; Code "(failwith \"broken notebook\" : unit)"; Code "printfn \"never\"" ] |> ignore
    commitFullScale (Path.Combine(notebooks, "results")) "01-scaled"
    let reports = dir.File "reports"

    let code, stdout, stderr = runProcess research [ "reproduce"; "--notebooks"; notebooks; "--reports"; reports; "--seeds"; "5,6" ] dir.Path

    Assert.True((code = 1), $"exit code {code}: {stdout}{stderr}")
    Assert.Contains("03-broken.ipynb: code cell 2", stderr)
    Assert.Contains("broken notebook", stderr)
    let executed name = Path.Combine(reports, "notebooks", name + ".ipynb")
    for name in [ "01-scaled"; "02-plain"; "03-broken" ] do
        assertValidNotebook (executed name)
    let scaled = File.ReadAllText(executed "01-scaled")
    Assert.True(scaled.Contains "scale=quick seeds=[5; 6]", $"01-scaled did not print its parameters: {scaled}\n{stdout}{stderr}")
    Assert.Empty(codeOutputs (executed "03-broken") |> List.last)   // nothing after the failing cell ran
    Assert.DoesNotContain("scale=quick", File.ReadAllText(Path.Combine(notebooks, "01-scaled.ipynb")))   // sources untouched

    let index = File.ReadAllText(Path.Combine(reports, "index.html"))
    Assert.Contains("href=\"notebooks/01-scaled.html\"", index)
    Assert.Contains("<img src=\"figures/01-scaled/curve.svg\"", index)
    Assert.Contains("href=\"full/01-scaled-full.html\"", index)
    Assert.Contains("<img src=\"../notebooks/results/01-scaled/curve.svg\"", index)
    Assert.Contains("href=\"../notebooks/results/01-scaled-full.csv\"", index)
    Assert.Contains("failed at code cell 2: Exception: broken notebook", index)

    // Offline, in a browser: the report's figures (this run's and the committed ones) and each notebook's drew.
    let report = HeadlessChromium.assertFiguresDrawn (Path.Combine(reports, "index.html"))
    Assert.Equal(2, report.Images.Length)
    let scaled = HeadlessChromium.assertFiguresDrawn (Path.Combine(reports, "notebooks", "01-scaled.html"))
    Assert.Equal(1, scaled.Svgs.Length)
    let full = HeadlessChromium.assertFiguresDrawn (Path.Combine(reports, "full", "01-scaled-full.html"))
    Assert.Equal(1, full.Svgs.Length)
    for name in [ "02-plain"; "03-broken" ] do
        HeadlessChromium.assertFiguresDrawn (Path.Combine(reports, "notebooks", name + ".html")) |> ignore

/// The probe itself: a page whose image is missing, whose SVG draws nothing, or which asks a CDN, is caught.
[<Fact>]
let ``the Chromium probe sees an undrawn SVG, a broken image and a network request`` () =
    use dir = new TempDir()
    let page = dir.File "page.html"
    File.WriteAllText(
        page,
        "<!DOCTYPE html><html><body><svg width=\"10\" height=\"10\"><path d=\"\"/></svg>"
        + $"<img src=\"missing.png\"><script src=\"https://cdn.example.org/plotly.min.js\"></script>{svg}</body></html>")
    let figures = HeadlessChromium.figuresOf page
    Assert.Equal<int list>([ 0; 1 ], figures.Svgs |> List.map (fun s -> s.Marks))
    Assert.Equal<int list>([ 0 ], figures.Images |> List.map (fun i -> i.NaturalWidth))
    Assert.Equal<string list>([ "https://cdn.example.org/plotly.min.js" ], figures.NetworkRequests)
