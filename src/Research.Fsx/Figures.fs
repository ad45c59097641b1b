/// Headless rendering of Vega-Lite specs: SVG with node and the npm packages vega and vega-lite (installed in
/// tools/figures by ./kit setup), PNG from the SVG with rsvg-convert (Debian's librsvg2-bin).
module Research.Fsx.Figures

open System
open System.Diagnostics
open System.IO

/// Environment variable naming the tools/figures folder, for a kit used outside its repository.
[<Literal>]
let ToolVariable = "RESEARCH_FIGURES_TOOL"

let private script = "render.mjs"

/// tools/figures, found from the variable, then upwards from the current folder and from this assembly.
let tryToolDir () =
    let fromVariable = Environment.GetEnvironmentVariable ToolVariable |> Option.ofObj |> Option.filter (String.IsNullOrWhiteSpace >> not)
    let upwards (start: string) =
        Seq.unfold (Option.map (fun (d: DirectoryInfo) -> d.FullName, Option.ofObj d.Parent)) (Some(DirectoryInfo start))
        |> Seq.map (fun d -> Path.Combine(d, "tools", "figures"))
    Seq.concat
        [ Option.toList fromVariable |> Seq.ofList
          upwards Environment.CurrentDirectory
          upwards (Folders.ofFile typeof<Html>.Assembly.Location) ]
    |> Seq.tryFind (fun d -> File.Exists(Path.Combine(d, script)) && Directory.Exists(Path.Combine(d, "node_modules", "vega-lite")))

/// Why SVG rendering is not available here, or None when it is.
let unavailableReason () =
    match tryToolDir () with
    | Some _ -> None
    | None ->
        Some(
            "the figure renderer was not found: expected tools/figures/render.mjs with node_modules/vega-lite "
            + $"(run ./kit setup, which runs npm ci there, or set {ToolVariable})"
        )

let private run (fileName: string) (arguments: string list) (workingDir: string) =
    let info = ProcessStartInfo(fileName, arguments, WorkingDirectory = workingDir, RedirectStandardError = true, RedirectStandardOutput = true)
    let cannotStart reason =
        failwith $"could not start {fileName} ({reason}): install it (setup/apt/notebooks.txt lists nodejs and librsvg2-bin)"
    use proc =
        try
            match Process.Start info with
            | null -> cannotStart "no process"
            | started -> started
        with :? ComponentModel.Win32Exception as e -> cannotStart e.Message
    let stderr = proc.StandardError.ReadToEndAsync()
    proc.StandardOutput.ReadToEnd() |> ignore
    proc.WaitForExit()
    if proc.ExitCode <> 0 then
        failwith $"{fileName} {String.Join(' ', arguments)} exited with {proc.ExitCode}: {stderr.Result.Trim()}"

/// Renders each (Vega-Lite spec file, SVG file) pair, all in one node process.
let renderSvgFiles (pairs: (string * string) list) =
    if not pairs.IsEmpty then
        let dir = tryToolDir () |> Option.defaultWith (fun () -> failwith (unavailableReason () |> Option.get))
        let arguments = pairs |> List.collect (fun (spec, svg) -> [ Path.GetFullPath spec; Path.GetFullPath svg ])
        run "node" (script :: arguments) dir

/// Converts an SVG file to PNG at the given scale (2 gives sharp images on high-density screens).
let svgToPng (scale: float) (svg: string) (png: string) =
    run "rsvg-convert" [ "--zoom"; string scale; "--format"; "png"; "--output"; Path.GetFullPath png; Path.GetFullPath svg ] Environment.CurrentDirectory

/// Renders Vega-Lite specs given as JSON text to SVG text, through temporary files.
let renderSvg (specs: string list) : string list =
    let dir = Directory.CreateTempSubdirectory "research-figures-"
    try
        let pairs =
            specs |> List.mapi (fun i spec ->
                let specPath = Path.Combine(dir.FullName, $"{i}.vl.json")
                File.WriteAllText(specPath, spec)
                specPath, Path.Combine(dir.FullName, $"{i}.svg"))
        renderSvgFiles pairs
        pairs |> List.map (snd >> File.ReadAllText)
    finally
        dir.Delete(recursive = true)

/// A file-name stem from a title: lower-case words joined by dashes, at most 60 characters.
let slug (title: string) =
    let stem = Text.RegularExpressions.Regex.Replace(title.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-')
    if stem = "" then "figure" else stem.Substring(0, min 60 stem.Length).TrimEnd('-')
