/// The committed executed full-scale notebooks (notebooks/results/*-full.ipynb) show every chart as a static SVG in a
/// plain Jupyter view, with no kernel and no Polyglot: nbconvert's HTML (Debian's python3-nbconvert, what Jupyter's
/// viewers render from) opened offline in headless Chromium.
module Research.Fsx.Tests.ResultsNotebooksTests

open System.IO
open Xunit
open Research.Fsx.Notebooks
open Research.Fsx.Tests.TestSetup

let private resultsDir = Path.Combine(repoRoot, "notebooks", "results")

let executed: obj[] list =
    Directory.GetFiles(resultsDir, "*-full.ipynb") |> Array.sort |> Array.map (fun p -> [| box (Path.GetFileName p) |]) |> List.ofArray

/// How many outputs carry a static SVG (every chart the kit displays does).
let private svgOutputs (path: string) =
    Ipynb.cells (Ipynb.load path)
    |> List.sumBy (fun c ->
        Ipynb.readOutputs c
        |> List.filter (function
            | Ipynb.DisplayData bundle
            | Ipynb.ExecuteResult(_, bundle) -> bundle |> List.exists (fun (mime, _) -> mime = "image/svg+xml")
            | _ -> false)
        |> List.length)

[<Fact>]
let ``at least one executed full-scale notebook is committed`` () = Assert.NotEmpty executed

[<Theory>]
[<MemberData(nameof executed)>]
let ``a committed executed notebook shows every chart as a static SVG in a plain Jupyter view`` (name: string) =
    let path = Path.Combine(resultsDir, name)
    assertValidNotebook path
    let charts = svgOutputs path
    Assert.True(charts > 0, $"{name} has no chart output with a static SVG")
    use dir = new TempDir()
    let code, _, stderr = runProcess "/usr/bin/python3" [ "-m"; "nbconvert"; "--to"; "html"; "--output-dir"; dir.Path; path ] dir.Path
    Assert.True((code = 0), $"nbconvert failed on {name}: {stderr}")
    let html = Path.Combine(dir.Path, Path.ChangeExtension(name, ".html"))
    let drawn = (HeadlessChromium.figuresOf html).Svgs |> List.filter (fun s -> s.Width > 0.0 && s.Height > 0.0 && s.Marks > 0)
    Assert.True(drawn.Length >= charts, $"{name}: {charts} charts, but only {drawn.Length} SVGs drew in nbconvert's HTML")
