/// Static images of plotly.js figures, drawn by plotly.js itself (the full copy Plotly.NET embeds, so offline) in
/// headless Chromium through PuppeteerSharp. Plotly.NET.ImageExport launches a browser per image (about 6 s each);
/// here one browser and one page with plotly.js loaded serve every image of the process: started at the first
/// image, reused, closed when the process exits.
module Research.Fsx.ChartRenderer

open System
open System.IO
open System.Threading.Tasks
open PuppeteerSharp

/// Environment variable naming the Chromium executable; Debian's /usr/bin/chromium without it.
[<Literal>]
let ChromiumVariable = "RESEARCH_CHROMIUM"

let chromiumPath () =
    match Environment.GetEnvironmentVariable ChromiumVariable with
    | null
    | "" -> "/usr/bin/chromium"
    | path -> path

/// Why static images cannot be drawn here, or None when they can.
let unavailableReason () =
    let path = chromiumPath ()
    if File.Exists path then None
    else
        Some(
            $"Chromium was not found at {path}: install it (./kit setup installs Debian's chromium, listed in "
            + $"setup/apt/charts.txt) or set {ChromiumVariable} to a Chromium executable"
        )

let private plotlyResource =
    lazy
        (let assembly = typeof<Plotly.NET.GenericChart>.Assembly
         assembly.GetManifestResourceNames()
         |> Array.tryPick (fun n ->
             let m = Text.RegularExpressions.Regex.Match(n, @"^Plotly\.NET\.plotly-(\d+\.\d+\.\d+)\.min\.js$")
             if m.Success then Some(n, m.Groups[1].Value) else None)
         |> Option.defaultWith (fun () -> failwith $"{assembly.GetName().Name} has no embedded plotly-*.min.js resource"))

/// The version of the plotly.js that Plotly.NET bundles (the one its charts are written for).
let plotlyVersion = lazy (snd plotlyResource.Value)

/// The full plotly.js bundled in Plotly.NET.
let private plotlyJs =
    lazy
        (use stream = typeof<Plotly.NET.GenericChart>.Assembly.GetManifestResourceStream(fst plotlyResource.Value) |> nonNull
         use reader = new StreamReader(stream)
         reader.ReadToEnd())

type private Session = { Browser: IBrowser; Page: IPage }

let private gate = obj ()
let mutable private session: Session option = None
let mutable private launches = 0

/// How many browsers this process has started (one, unless one crashed or was closed).
let browserLaunches () = launches

// PuppeteerSharp is async; callers here are synchronous (notebook cells, formatters), and a kernel may run them
// under a synchronization context, so each wait happens on the thread pool.
let private wait (work: unit -> Task<'T>) = Task.Run<'T>(fun () -> work ()).GetAwaiter().GetResult()

let private close () =
    lock gate (fun () ->
        match session with
        | Some s ->
            session <- None
            try wait (fun () -> s.Browser.CloseAsync().ContinueWith(fun (_: Task) -> true)) |> ignore with _ -> ()
        | None -> ())

let private start () =
    let options =
        LaunchOptions(
            Headless = true,
            ExecutablePath = chromiumPath (),
            // --no-sandbox: Debian's chromium cannot set up its sandbox as root or in most containers.
            Args = [| "--no-sandbox"; "--disable-gpu"; "--disable-dev-shm-usage" |],
            Timeout = 60000
        )
    let browser = wait (fun () -> Puppeteer.LaunchAsync options)
    launches <- launches + 1
    if launches = 1 then AppDomain.CurrentDomain.ProcessExit.Add(fun _ -> close ())
    let page = wait (fun () -> browser.NewPageAsync())
    wait (fun () -> page.SetContentAsync("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body></body></html>").ContinueWith(fun (_: Task) -> true)) |> ignore
    wait (fun () -> page.AddScriptTagAsync(AddTagOptions(Content = plotlyJs.Value))) |> ignore
    { Browser = browser; Page = page }

/// Runs a script that returns plotly.js's image data URL, on the one page (serialized: one image at a time).
let private evaluate (script: string) : string =
    match unavailableReason () with
    | Some reason -> invalidOp reason
    | None -> ()
    lock gate (fun () ->
        let current =
            match session with
            | Some s when not s.Browser.IsClosed && not s.Page.IsClosed -> s
            | _ ->
                let s = start ()
                session <- Some s
                s
        wait (fun () -> current.Page.EvaluateExpressionAsync<string> script))

let private imageOptions (format: string) (width: int) (height: int) =
    $"{{ format: '{format}', width: {width}, height: {height}, scale: 1 }}"

let private dataOf (dataUrl: string) =
    match dataUrl.IndexOf ',' with
    | -1 -> failwith $"plotly.js returned no image data URL: {dataUrl.Substring(0, min 80 dataUrl.Length)}"
    | comma -> dataUrl.Substring(comma + 1)

let private svgOfUrl (dataUrl: string) = Uri.UnescapeDataString(dataOf dataUrl)

let private pngOfUrl (dataUrl: string) = Convert.FromBase64String(dataOf dataUrl)

// The figure goes in as a JavaScript literal rather than through JSON.parse: Plotly.NET writes NaN as NaN.
let private figureImage (format: string) (figureJson: string) (width: int) (height: int) =
    evaluate $"Plotly.toImage({figureJson}, {imageOptions format width height})"

/// SVG text of a plotly.js figure ({data, layout}) drawn at width x height pixels.
let svg (figureJson: string) (width: int) (height: int) = figureImage "svg" figureJson width height |> svgOfUrl

/// PNG bytes of a plotly.js figure; scale 2 gives sharp images on high-density screens.
let png (figureJson: string) (width: int) (height: int) (scale: float) =
    let s = scale.ToString(Globalization.CultureInfo.InvariantCulture)
    evaluate $"Plotly.toImage({figureJson}, {{ format: 'png', width: {width}, height: {height}, scale: {s} }})" |> pngOfUrl

/// SVG text of a chart drawn by a script that calls Plotly.newPlot on an element of the given id (XPlot.Plotly's
/// plotting code does).
let svgOfPlottingScript (elementId: string) (script: string) (width: int) (height: int) =
    let id = Text.Json.JsonSerializer.Serialize elementId
    evaluate
        $"""(async () => {{
  const div = document.createElement('div');
  div.id = {id};
  div.style.width = '{width}px';
  div.style.height = '{height}px';
  document.body.appendChild(div);
  try {{
    {script}
    return await Plotly.toImage(div, {imageOptions "svg" width height});
  }} finally {{
    Plotly.purge(div);
    div.remove();
  }}
}})()"""
    |> svgOfUrl
