/// The kit's own notebooks run as CI runs them: on the kernel, into a temporary folder with a run store of its own,
/// with the figure files and the HTML export's figures checked (offline, in headless Chromium).
module Research.Fsx.Tests.KitNotebooks

open System
open System.IO
open Xunit
open Research.Fsx.Notebooks
open Research.Fsx.Tests.TestSetup

/// Whether a displayed bundle is a chart: a static SVG, or a web page that draws one (an inline <svg>, Vega-Lite's
/// or Plotly's script).
let isChart (bundle: (string * string) list) =
    let html = bundle |> List.tryFind (fst >> (=) "text/html") |> Option.map snd |> Option.defaultValue ""
    bundle |> List.exists (fst >> (=) "image/svg+xml")
    || [ "<svg"; "vega-embed"; "Plotly.newPlot" ] |> List.exists (fun marker -> html.Contains(marker, StringComparison.Ordinal))

/// How many charts the executed notebook shows.
let chartDisplays (result: NotebookRun) =
    codeOutputs result.Output
    |> List.concat
    |> List.filter (function
        | Ipynb.DisplayData bundle
        | Ipynb.ExecuteResult(_, bundle) -> isChart bundle
        | _ -> false)
    |> List.length

/// Runs one of the kit's notebooks (notebooks/NAME) on the .NET Interactive kernel with the given parameters into a
/// temporary folder, with a run store (and so checkpoints) of its own, checking that nothing lands in the tree's
/// runs/, as CI and `research reproduce` run it; checks that it succeeded, filled every code cell's count and is
/// nbformat-valid, then hands the run and its store to `check`.
let runKitNotebook (name: string) (parameters: (string * string) list) (check: NotebookRun -> Research.Core.Experiments.RunStore -> unit) =
    use dir = new TempDir()
    let store = dir.File "runs.db"
    let started = DateTime.UtcNow
    Environment.SetEnvironmentVariable(Research.Core.Experiments.RunStore.PathVariable, store)
    try
        let options =
            { RunOptions.defaults with
                Parameters = parameters
                Output = Some(dir.File name)
                FiguresDir = Some(dir.File "figures") }
        // The store's variable reaches the kernel: it inherits the runner's environment.
        let result = KernelRunner.run options (Path.Combine(repoRoot, "notebooks", name))
        Assert.True(result.Succeeded, string result.Failure)
        let counts = Ipynb.load result.Output |> Ipynb.cells |> List.filter (fun c -> Ipynb.cellType c = "code") |> List.map (fun c -> c["execution_count"])
        Assert.DoesNotContain(null, counts)
        Assert.Equal(counts.Length, result.CellsRun)
        assertValidNotebook result.Output
        // Every chart the notebook shows is saved as a figure (SVG and PNG) and draws in the HTML export, offline.
        let saved pattern =
            let folder = dir.File "figures"
            if Directory.Exists folder then Directory.GetFiles(folder, pattern, SearchOption.AllDirectories) else [||]
        let svgs = saved "*.svg"
        Assert.Equal(chartDisplays result, svgs.Length)
        Assert.Equal(svgs.Length, (saved "*.png").Length)
        let names (files: string seq) = files |> Seq.filter (fun f -> f.EndsWith ".svg") |> Seq.map (Path.GetFileName >> string) |> Seq.sort |> List.ofSeq
        Assert.Equal<string list>(names svgs, names result.Figures)
        let drawn = HeadlessChromium.assertFiguresDrawn result.Html
        Assert.True(drawn.Svgs.Length >= svgs.Length, $"{name}: {drawn.Svgs.Length} SVGs drew in the HTML export, {svgs.Length} charts were shown")
        use runs = Research.Core.Experiments.RunStore.Open store
        check result runs
        // Runs, checkpoints included, went to the temporary folder, never to runs/ in the tree.
        let tree = Path.Combine(repoRoot, "runs")
        let touched =
            if Directory.Exists tree then
                Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories) |> Seq.filter (fun f -> File.GetLastWriteTimeUtc f >= started) |> List.ofSeq
            else []
        Assert.True(touched.IsEmpty, $"{name} wrote into the tree's runs/: {touched}")
    finally
        Environment.SetEnvironmentVariable(Research.Core.Experiments.RunStore.PathVariable, null)
