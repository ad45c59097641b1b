/// Opens a page in Debian's headless Chromium with every host name unresolvable (offline), lets it load, and reads
/// back what drew: each top-level <svg> with its size and marks, each <img> with its natural width, and any
/// request the page made to the network.
module Research.Fsx.Tests.HeadlessChromium

open System
open System.IO
open System.Net
open System.Text.Json
open System.Text.RegularExpressions
open Xunit
open Research.Fsx.Tests.TestSetup

[<Literal>]
let Chromium = "/usr/bin/chromium"

type DrawnSvg = { Width: float; Height: float; Marks: int }

type DrawnImage = { Source: string; NaturalWidth: int }

type PageFigures =
    { Svgs: DrawnSvg list
      Images: DrawnImage list
      /// Requests to anything but file: and data: URLs (they fail here: no host name resolves).
      NetworkRequests: string list }

/// Runs after the page's load event and writes its findings into a <pre> that --dump-dom prints. Marks are the
/// shapes an SVG draws: paths with a non-empty "d", and rectangles, circles, lines, polygons, polylines, text.
let private probe =
    """<script>
window.addEventListener('load', () => {
  const marks = s => [...s.querySelectorAll('path,rect,circle,ellipse,line,polyline,polygon,text')]
    .filter(e => e.tagName !== 'path' || (e.getAttribute('d') || '').trim() !== '').length;
  const svgs = [...document.querySelectorAll('svg')].filter(s => !s.parentElement.closest('svg'))
    .map(s => { const r = s.getBoundingClientRect(); return { Width: r.width, Height: r.height, Marks: marks(s) }; });
  const images = [...document.images].map(i => ({ Source: (i.getAttribute('src') || '').slice(0, 120), NaturalWidth: i.naturalWidth }));
  const network = performance.getEntriesByType('resource').map(e => e.name).filter(n => !/^(file|data|blob):/.test(n));
  const pre = document.createElement('pre');
  pre.id = 'figure-probe';
  pre.textContent = JSON.stringify({ Svgs: svgs, Images: images, NetworkRequests: network });
  document.body.appendChild(pre);
});
</script>"""

let private found = Regex("<pre id=\"figure-probe\">(.*?)</pre>", RegexOptions.Singleline)

/// What the page at `path` drew once loaded, offline.
let figuresOf (path: string) : PageFigures =
    if not (File.Exists Chromium) then failwith $"{Chromium} is missing: ./kit setup installs chromium (setup/apt/report.txt)"
    let page = File.ReadAllText path
    let at = page.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase)
    if at < 0 then failwith $"{path} has no </body>"
    // The probed copy sits beside the page, so that its relative links resolve as the page's do.
    let probed = Path.Combine(Path.GetDirectoryName path |> nonNull, $".{Path.GetFileNameWithoutExtension path}.probe.html")
    use profile = new TempDir()
    File.WriteAllText(probed, page.Insert(at, probe))
    try
        let code, dom, stderr =
            runProcess
                Chromium
                [ "--headless"; "--no-sandbox"; "--disable-gpu"; $"--user-data-dir={profile.Path}"
                  "--host-resolver-rules=MAP * ~NOTFOUND"; "--virtual-time-budget=10000"; "--dump-dom"; Uri(probed).AbsoluteUri ]
                profile.Path
        let m = found.Match dom
        if code <> 0 || not m.Success then failwith $"chromium (exit code {code}) gave no findings for {path}: {stderr}"
        JsonSerializer.Deserialize<PageFigures>(string (WebUtility.HtmlDecode m.Groups[1].Value)) |> nonNull
    finally
        File.Delete probed

/// Every figure on the page drew, offline: each SVG has a size and marks, each image loaded, nothing was fetched.
let assertFiguresDrawn (path: string) =
    let figures = figuresOf path
    Assert.True(figures.NetworkRequests.IsEmpty, $"{path} asked the network for {figures.NetworkRequests}")
    for svg in figures.Svgs do
        Assert.True(svg.Width > 0.0 && svg.Height > 0.0 && svg.Marks > 0, $"{path}: an SVG did not draw: %A{svg}")
    for image in figures.Images do
        Assert.True(image.NaturalWidth > 0, $"{path}: the image {image.Source} did not load")
    figures
