/// Reading and writing Jupyter notebooks (nbformat 4.5) in the Polyglot Notebooks dialect. The JSON tree is
/// kept as is, so metadata the runner does not know survives a run.
module Research.Fsx.Notebooks.Ipynb

open System
open System.IO
open System.Text.Encodings.Web
open System.Text.Json
open System.Text.Json.Nodes
open System.Text.RegularExpressions

/// A notebook on disk and its JSON tree.
type Notebook = { Path: string; Root: JsonObject }

/// What a code cell produced, in the order it produced it.
type CellOutput =
    | Stream of name: string * text: string
    | DisplayData of data: (string * string) list
    | ExecuteResult of executionCount: int * data: (string * string) list
    | ErrorOutput of ename: string * evalue: string * traceback: string list

let private fail (path: string) (expected: string) (found: string) =
    raise (InvalidDataException $"{path}: expected {expected}, found {found}")

let load (path: string) : Notebook =
    let full = Path.GetFullPath path
    if not (File.Exists full) then raise (FileNotFoundException($"{full}: notebook not found", full))
    let root =
        try JsonNode.Parse(File.ReadAllText full)
        with :? JsonException as e -> fail full "a JSON notebook" $"invalid JSON ({e.Message})"
    match root with
    | :? JsonObject as o ->
        match o["nbformat"] with
        | :? JsonValue as v when v.GetValue<int>() = 4 -> ()
        | other -> fail full "\"nbformat\": 4" (if isNull other then "no nbformat" else other.ToJsonString())
        match o["cells"] with
        | :? JsonArray -> ()
        | _ -> fail full "a \"cells\" array" "none"
        { Path = full; Root = o }
    | _ -> fail full "a JSON object at the top" "something else"

let cells (notebook: Notebook) : JsonObject list =
    notebook.Root["cells"].AsArray() |> Seq.map (fun c -> c.AsObject()) |> List.ofSeq

let cellType (cell: JsonObject) = cell["cell_type"].GetValue<string>()

/// nbformat stores multi-line text either as one string or as a list of lines.
let multiline (node: JsonNode) =
    match node with
    | null -> ""
    | :? JsonArray as lines -> lines |> Seq.map (fun l -> l.GetValue<string>()) |> String.concat ""
    | value -> value.GetValue<string>()

let source (cell: JsonObject) = multiline cell["source"]

/// Lines with their line ends, as Jupyter writes them.
let toLines (text: string) =
    let lines = JsonArray()
    for m in Regex.Matches(text, @"[^\n]*\n|[^\n]+$") do
        lines.Add(JsonValue.Create m.Value)
    lines

let private path (node: JsonNode) (names: string list) =
    names |> List.fold (fun (n: JsonNode) name -> match n with :? JsonObject as o -> o[name] | _ -> null) node

let private text (node: JsonNode) = match node with :? JsonValue as v -> Some(v.GetValue<string>()) | _ -> None

let tags (cell: JsonObject) =
    match path cell [ "metadata"; "tags" ] with
    | :? JsonArray as tags -> tags |> Seq.choose text |> List.ofSeq
    | _ -> []

/// The kernel a code cell runs in: Polyglot's per-cell kernel name, else the notebook's default.
let kernelName (notebook: Notebook) (cell: JsonObject) =
    [ path cell [ "metadata"; "polyglot_notebook"; "kernelName" ]
      path cell [ "metadata"; "dotnet_interactive"; "language" ]
      path notebook.Root [ "metadata"; "polyglot_notebook"; "kernelInfo"; "defaultKernelName" ]
      path notebook.Root [ "metadata"; "kernelspec"; "language" ] ]
    |> List.tryPick text
    |> Option.map (fun k -> match k.ToLowerInvariant() with "f#" | "fsharp" | ".net-fsharp" -> "fsharp" | other -> other)
    |> Option.defaultValue "fsharp"

let private cellIdPattern = Regex "^[a-zA-Z0-9-_]{1,64}$"

/// nbformat 4.5 requires an id on every cell.
let ensureCellIds (notebook: Notebook) =
    let used = Collections.Generic.HashSet<string>()
    for cell in cells notebook do
        match text cell["id"] with
        | Some id when cellIdPattern.IsMatch id && used.Add id -> ()
        | _ ->
            let id = Guid.NewGuid().ToString("N").Substring(0, 12)
            used.Add id |> ignore
            cell["id"] <- JsonValue.Create id
    notebook.Root["nbformat_minor"] <- JsonValue.Create(max 5 (notebook.Root["nbformat_minor"].GetValue<int>()))

let private isJsonMime (mime: string) = mime = "application/json" || mime.EndsWith("+json", StringComparison.Ordinal)

let private mimeData (bundle: (string * string) list) =
    let data = JsonObject()
    for mime, content in bundle do
        data[mime] <- if isJsonMime mime then JsonNode.Parse content else toLines content
    data

let outputJson (output: CellOutput) : JsonNode =
    match output with
    | Stream(name, text) -> JsonObject(dict [ "output_type", JsonValue.Create "stream" :> JsonNode; "name", JsonValue.Create name; "text", toLines text ])
    | DisplayData bundle ->
        JsonObject(dict [ "output_type", JsonValue.Create "display_data" :> JsonNode; "data", mimeData bundle; "metadata", JsonObject() ])
    | ExecuteResult(count, bundle) ->
        JsonObject(
            dict
                [ "output_type", JsonValue.Create "execute_result" :> JsonNode
                  "execution_count", JsonValue.Create count
                  "data", mimeData bundle
                  "metadata", JsonObject() ])
    | ErrorOutput(ename, evalue, traceback) ->
        let lines = JsonArray()
        for line in traceback do lines.Add(JsonValue.Create line)
        JsonObject(
            dict [ "output_type", JsonValue.Create "error" :> JsonNode; "ename", JsonValue.Create ename; "evalue", JsonValue.Create evalue; "traceback", lines ])

/// Replaces a code cell's outputs; None as the count marks a cell that did not run.
let setOutputs (cell: JsonObject) (executionCount: int option) (outputs: CellOutput list) =
    let array = JsonArray()
    for o in outputs do array.Add(outputJson o)
    cell["outputs"] <- array
    cell["execution_count"] <- (match executionCount with Some n -> JsonValue.Create n :> JsonNode | None -> null)

/// Reads outputs back (for the HTML export of a notebook that was run earlier).
let readOutputs (cell: JsonObject) : CellOutput list =
    let bundle (data: JsonNode) =
        [ for KeyValue(mime, content) in data.AsObject() ->
              mime, (if isJsonMime mime then content.ToJsonString() else multiline content) ]
    match cell["outputs"] with
    | :? JsonArray as outputs ->
        [ for o in outputs do
              let o = o.AsObject()
              match o["output_type"].GetValue<string>() with
              | "stream" -> Stream(o["name"].GetValue<string>(), multiline o["text"])
              | "display_data" -> DisplayData(bundle o["data"])
              | "execute_result" ->
                  let count = match o["execution_count"] with :? JsonValue as v -> v.GetValue<int>() | _ -> 0
                  ExecuteResult(count, bundle o["data"])
              | "error" ->
                  ErrorOutput(o["ename"].GetValue<string>(), o["evalue"].GetValue<string>(),
                        [ for l in o["traceback"].AsArray() -> l.GetValue<string>() ])
              | other -> fail "cell output" "stream, display_data, execute_result or error" other ]
    | _ -> []

let private options =
    JsonSerializerOptions(WriteIndented = true, IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)

let toJson (notebook: Notebook) = notebook.Root.ToJsonString options + "\n"

let save (target: string) (notebook: Notebook) =
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath target)) |> ignore
    File.WriteAllText(target, toJson notebook)

/// Polyglot Notebooks' metadata for an F# notebook and an F# code cell.
let polyglotNotebookMetadata () =
    JsonNode.Parse
        """{
  "kernelspec": { "display_name": ".NET (F#)", "language": "F#", "name": ".net-fsharp" },
  "language_info": { "file_extension": ".fs", "mimetype": "text/x-fsharp", "name": "F#", "pygments_lexer": "fsharp", "version": "10.0" },
  "polyglot_notebook": { "kernelInfo": { "defaultKernelName": "fsharp", "items": [ { "aliases": [], "languageName": "fsharp", "name": "fsharp" } ] } }
}"""

let polyglotCellMetadata () =
    JsonNode.Parse """{ "dotnet_interactive": { "language": "fsharp" }, "polyglot_notebook": { "kernelName": "fsharp" } }"""
