/// The committed notebooks are sources people edit in VS Code Polyglot: no outputs, quick-scale defaults, and only
/// what Polyglot's F# kernel supports. Executed copies are outputs (reports/, notebooks/results/).
module Research.Fsx.Tests.NotebookSourcesTests

open System
open System.IO
open System.Text.RegularExpressions
open Xunit
open Research.Fsx
open Research.Fsx.Notebooks
open Research.Fsx.Tests.TestSetup

let private notebooksDir = Path.Combine(repoRoot, "notebooks")

let notebooks: obj[] list =
    Directory.GetFiles(notebooksDir, "*.ipynb") |> Array.sort |> Array.map (fun p -> [| string (Path.GetFileName p) :> obj |]) |> List.ofArray

let private codeCells (name: string) =
    let notebook = Ipynb.load (Path.Combine(notebooksDir, name))
    notebook, Ipynb.cells notebook |> List.filter (fun c -> Ipynb.cellType c = "code")

let private cellId (cell: Text.Json.Nodes.JsonObject) = JsonTree.tryString (JsonTree.at [ "id" ] cell) |> Option.defaultValue "(no id)"

[<Theory; MemberData(nameof notebooks)>]
let ``a committed notebook has no outputs, no execution counts, cell ids and the .NET F# kernelspec`` (name: string) =
    let notebook, code = codeCells name
    Assert.Equal(Some ".net-fsharp", JsonTree.tryString (JsonTree.at [ "metadata"; "kernelspec"; "name" ] notebook.Root))
    for cell in code do
        Assert.True((Ipynb.readOutputs cell).IsEmpty, $"{name}: cell {cellId cell} has outputs: clear them before committing")
        Assert.True(isNull cell["execution_count"], $"{name}: cell {cellId cell} has an execution count")
        Assert.Equal("fsharp", Ipynb.kernelName notebook cell)
    let ids = Ipynb.cells notebook |> List.map (fun c -> JsonTree.tryString (JsonTree.at [ "id" ] c))
    Assert.All(ids, fun id -> Assert.Matches("^[a-zA-Z0-9-_]{1,64}$", defaultArg id ""))
    Assert.Equal(ids.Length, List.distinct ids |> List.length)

[<Theory; MemberData(nameof notebooks)>]
let ``a committed notebook has a parameters cell with quick-scale defaults and no injected parameters`` (name: string) =
    let _, code = codeCells name
    let tagged tag = code |> List.filter (fun c -> Ipynb.tags c |> List.contains tag)
    let parameters = Assert.Single(tagged Parameters.ParametersTag)
    Assert.Contains(("scale", Parameters.Text), Parameters.defaults (Ipynb.source parameters))
    Assert.Matches("(?m)^let scale = \"quick\"", Ipynb.source parameters)
    Assert.True((tagged Parameters.InjectedTag).IsEmpty, $"{name} keeps a cell injected by a run (`research nb run -p`): delete it")

/// Polyglot's F# kernel takes #r to an assembly or "nuget: ...", #I, #nowarn and the magic commands; F# Interactive's
/// own directives (#load of scripts aside, #time, #quit, #help, #cd) do not run there. Assemblies come from the
/// kit's published folder, the one `#I "../artifacts/kit"` names.
let private allowedLine (line: string) =
    let line = line.Trim()
    let quoted = Regex.Match(line, "^#(r|I)\\s+\"([^\"]*)\"\\s*$")
    if quoted.Success then
        let kind, target = quoted.Groups[1].Value, quoted.Groups[2].Value
        if kind = "I" then target = "../artifacts/kit"
        else target.StartsWith("nuget:", StringComparison.Ordinal) || not (target.Contains '/') || target.StartsWith("../artifacts/kit/", StringComparison.Ordinal)
    elif line.StartsWith "#!" then Regex.IsMatch(line, "^#!(set\\s|fsharp$|f#$)")
    elif Regex.IsMatch(line, "^#[A-Za-z]") then Regex.IsMatch(line, "^#(nowarn|if|else|endif)\\b")
    else true

let directiveCases: obj[] list =
    [ "#r \"nuget: Plotly.NET, 6.0.0\"", true
      "#r \"Research.Fsx.dll\"", true
      "#I \"../artifacts/kit\"", true
      "#!set --name steps --value @input:steps", true
      "#nowarn \"3391\"", true
      "#I \"/home/me/kit\"", false
      "#r \"/work/main/artifacts/kit/Research.Fsx.dll\"", false
      "#time \"on\"", false
      "#load \"helpers.fsx\"", false
      "#quit", false
      "#!csharp", false ]
    |> List.map (fun (line: string, allowed: bool) -> [| line :> obj; allowed :> obj |])

[<Theory; MemberData(nameof directiveCases)>]
let ``the Polyglot check accepts the kit's directives and rejects F# Interactive's`` (line: string) (allowed: bool) =
    Assert.Equal(allowed, allowedLine line)

[<Theory; MemberData(nameof notebooks)>]
let ``a committed notebook uses only directives Polyglot supports`` (name: string) =
    let _, code = codeCells name
    let offending =
        [ for cell in code do
              for line in (Ipynb.source cell).Split('\n') do
                  if not (allowedLine line) then $"cell {cellId cell}: {line.Trim()}" ]
    Assert.True(offending.IsEmpty, $"{name} uses what Polyglot Notebooks does not support: {offending}")

/// No script generates a notebook: notebooks/ holds notebooks (and their ignored HTML exports), results under results/.
[<Fact>]
let ``notebooks holds notebooks and results only`` () =
    let others =
        Directory.GetFiles(notebooksDir, "*", SearchOption.AllDirectories)
        |> Array.map (fun f -> Path.GetRelativePath(notebooksDir, f).Replace('\\', '/'))
        |> Array.filter (fun f -> not (f.EndsWith ".ipynb" || f.EndsWith ".html" || f.StartsWith "results/" || f = ".gitignore"))
    Assert.Empty(others)
    Assert.NotEmpty(notebooks)
