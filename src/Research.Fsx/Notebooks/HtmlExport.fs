/// A notebook as one self-contained web page (what `jupyter nbconvert --to html` gives): markdown rendered,
/// code shown, each output in its richest form, charts as inline SVG. Nothing is loaded from the network.
module Research.Fsx.Notebooks.HtmlExport

open System.IO
open System.Net
open System.Text
open System.Text.RegularExpressions
open Markdig
open Research.Fsx.Notebooks.Ipynb

let private markdown = MarkdownPipelineBuilder().UseAdvancedExtensions().Build()

let private escape (text: string) = string (WebUtility.HtmlEncode text)

let private ansi = Regex(@"\x1b\[[0-9;]*m")

/// The richest representation a page can show, in Jupyter's order of preference.
let private richest (bundle: (string * string) list) =
    let pick mime = bundle |> List.tryFind (fst >> (=) mime) |> Option.map snd
    [ "image/svg+xml", id
      "image/png", (fun png -> $"""<img alt="figure" src="data:image/png;base64,{png.Trim()}">""")
      "text/html", id
      "text/markdown", (fun md -> Markdown.ToHtml(md, markdown))
      "text/plain", (fun text -> $"<pre>{escape text}</pre>") ]
    |> List.tryPick (fun (mime, render) -> pick mime |> Option.map render)
    |> Option.defaultValue "<pre>(no displayable form)</pre>"

let private output (o: CellOutput) =
    match o with
    | Stream(name, text) -> $"""<pre class="stream {name}">{escape text}</pre>"""
    | DisplayData bundle -> $"""<div class="display">{richest bundle}</div>"""
    | ExecuteResult(_, bundle) -> $"""<div class="result">{richest bundle}</div>"""
    | ErrorOutput(_, _, traceback) ->
        let text = ansi.Replace(String.concat "\n" traceback, "")
        $"""<pre class="error">{escape text}</pre>"""

let private style =
    """body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#fafafa;color:#222}
main{max-width:980px;margin:0 auto;padding:24px}
.cell{margin:14px 0}
.code{display:flex;gap:8px}
.prompt{color:#307fc1;font:12px monospace;min-width:56px;text-align:right;padding-top:8px}
pre{margin:0;padding:8px;overflow-x:auto;font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap}
.code pre{background:#f2f4f7;border:1px solid #e1e4e8;border-radius:4px;flex:1}
.outputs{margin-left:64px}
.stream.stderr{background:#fff4e5}
.error{background:#fdecea;color:#8a1c1c}
table{border-collapse:collapse;margin:8px 0}
th,td{border:1px solid #ddd;padding:4px 10px;text-align:right}
th{background:#f2f4f7}
svg,img{max-width:100%;height:auto}
"""

/// The page for a notebook whose outputs are in its JSON.
let render (notebook: Notebook) =
    let page = StringBuilder()
    let title = Research.Fsx.Folders.stem notebook.Path
    let head =
        [ "<!DOCTYPE html>"; "<html lang=\"en\">"; "<head>"; "<meta charset=\"utf-8\">"
          $"<title>{escape title}</title>"; "<style>"; style; "</style>"; "</head>"; "<body>"; "<main>"; "" ]
    page.AppendJoin('\n', head) |> ignore
    for cell in cells notebook do
        match cellType cell with
        | "markdown" ->
            let body = Markdown.ToHtml(Ipynb.source cell, markdown)
            page.Append($"""<div class="cell markdown">{body}</div>""").Append('\n') |> ignore
        | "code" ->
            let count = match cell["execution_count"] with null -> " " | n -> string n
            let source = escape (Ipynb.source cell)
            page.Append($"""<div class="cell"><div class="code"><div class="prompt">[{count}]:</div><pre><code>{source}</code></pre></div>""").Append('\n') |> ignore
            page.Append("<div class=\"outputs\">") |> ignore
            for o in readOutputs cell do
                page.Append(output o).Append('\n') |> ignore
            page.Append("</div></div>\n") |> ignore
        | _ -> ()
    page.Append("</main>\n</body>\n</html>\n").ToString()
