/// Reading and writing Jupyter notebooks (nbformat 4.5) in the Polyglot Notebooks dialect. The JSON tree is
/// kept as is, so metadata the runner does not know survives a run.
module Research.Fsx.Notebooks.Ipynb

open System
open System.IO
open System.Text.Encodings.Web
open System.Text.Json
open System.Text.Json.Nodes
open System.Text.RegularExpressions
open Research.Fsx

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
        match JsonTree.tryInt (JsonTree.at [ "nbformat" ] o) with
        | Some 4 -> ()
        | other -> fail full "\"nbformat\": 4" (other |> Option.map string |> Option.defaultValue "no nbformat")
        match o["cells"] with
        | :? JsonArray as cells ->
            cells |> Seq.iteri (fun i cell ->
                if JsonTree.tryString (JsonTree.at [ "cell_type" ] cell) |> Option.isNone then
                    fail full $"cell {i + 1} to be an object with a \"cell_type\"" (match cell with null -> "null" | c -> c.ToJsonString()))
        | _ -> fail full "a \"cells\" array" "none"
        { Path = full; Root = o }
    | _ -> fail full "a JSON object at the top" "something else"

let cells (notebook: Notebook) : JsonObject list = JsonTree.objects (JsonTree.at [ "cells" ] notebook.Root)

let private text (node: JsonNode option) = JsonTree.tryString node

let cellType (cell: JsonObject) = text (JsonTree.at [ "cell_type" ] cell) |> Option.defaultValue ""

/// nbformat stores multi-line text either as one string or as a list of lines.
let multiline (node: JsonNode option) =
    match node with
    | Some(:? JsonArray as lines) -> lines |> Seq.choose (Option.ofObj >> text) |> String.concat ""
    | other -> text other |> Option.defaultValue ""

let source (cell: JsonObject) = multiline (JsonTree.at [ "source" ] cell)

/// Lines with their line ends, as Jupyter writes them.
let toLines (text: string) =
    JsonTree.array [ for m in Regex.Matches(text, @"[^\n]*\n|[^\n]+$") -> JsonTree.value m.Value ]

let tags (cell: JsonObject) =
    match JsonTree.at [ "metadata"; "tags" ] cell with
    | Some(:? JsonArray as tags) -> tags |> Seq.choose (Option.ofObj >> text) |> List.ofSeq
    | _ -> []

/// The kernel a code cell runs in: Polyglot's per-cell kernel name, else the notebook's default.
let kernelName (notebook: Notebook) (cell: JsonObject) =
    [ JsonTree.at [ "metadata"; "polyglot_notebook"; "kernelName" ] cell
      JsonTree.at [ "metadata"; "dotnet_interactive"; "language" ] cell
      JsonTree.at [ "metadata"; "polyglot_notebook"; "kernelInfo"; "defaultKernelName" ] notebook.Root
      JsonTree.at [ "metadata"; "kernelspec"; "language" ] notebook.Root ]
    |> List.tryPick text
    |> Option.map (fun k -> match k.ToLowerInvariant() with "f#" | "fsharp" | ".net-fsharp" -> "fsharp" | other -> other)
    |> Option.defaultValue "fsharp"

let private cellIdPattern = Regex "^[a-zA-Z0-9-_]{1,64}$"

/// nbformat 4.5 requires an id on every cell.
let ensureCellIds (notebook: Notebook) =
    let used = Collections.Generic.HashSet<string>()
    for cell in cells notebook do
        match text (JsonTree.at [ "id" ] cell) with
        | Some id when cellIdPattern.IsMatch id && used.Add id -> ()
        | _ ->
            let id = Guid.NewGuid().ToString("N").Substring(0, 12)
            used.Add id |> ignore
            cell["id"] <- JsonTree.value id
    let minor = JsonTree.tryInt (JsonTree.at [ "nbformat_minor" ] notebook.Root) |> Option.defaultValue 0
    notebook.Root["nbformat_minor"] <- JsonTree.value (max 5 minor)

let private isJsonMime (mime: string) = mime = "application/json" || mime.EndsWith("+json", StringComparison.Ordinal)

let private mimeData (bundle: (string * string) list) =
    JsonTree.obj [ for mime, content in bundle -> mime, (if isJsonMime mime then JsonTree.parse mime content else toLines content) ]

let outputJson (output: CellOutput) : JsonNode =
    match output with
    | Stream(name, text) ->
        JsonTree.obj [ "output_type", JsonTree.value "stream"; "name", JsonTree.value name; "text", toLines text ]
    | DisplayData bundle ->
        JsonTree.obj [ "output_type", JsonTree.value "display_data"; "data", mimeData bundle; "metadata", JsonObject() ]
    | ExecuteResult(count, bundle) ->
        JsonTree.obj
            [ "output_type", JsonTree.value "execute_result"
              "execution_count", JsonTree.value count
              "data", mimeData bundle
              "metadata", JsonObject() ]
    | ErrorOutput(ename, evalue, traceback) ->
        JsonTree.obj
            [ "output_type", JsonTree.value "error"
              "ename", JsonTree.value ename
              "evalue", JsonTree.value evalue
              "traceback", JsonTree.array (traceback |> List.map JsonTree.value) ]

/// Replaces a code cell's outputs; None as the count marks a cell that did not run.
let setOutputs (cell: JsonObject) (executionCount: int option) (outputs: CellOutput list) =
    cell["outputs"] <- JsonTree.array (outputs |> List.map outputJson)
    match executionCount with
    | Some n -> cell["execution_count"] <- JsonTree.value n
    | None -> cell["execution_count"] <- null

/// Reads outputs back (for the HTML export of a notebook that was run earlier).
let readOutputs (cell: JsonObject) : CellOutput list =
    let bundle (o: JsonObject) =
        match JsonTree.at [ "data" ] o with
        | Some(:? JsonObject as data) ->
            [ for KeyValue(mime, content) in data ->
                  mime, (match content with
                         | null -> ""
                         | json when isJsonMime mime -> json.ToJsonString()
                         | lines -> multiline (Some lines)) ]
        | _ -> []
    let field name (o: JsonObject) = text (JsonTree.at [ name ] o) |> Option.defaultValue ""
    [ for o in JsonTree.objects (JsonTree.at [ "outputs" ] cell) ->
          match field "output_type" o with
          | "stream" -> Stream(field "name" o, multiline (JsonTree.at [ "text" ] o))
          | "display_data" -> DisplayData(bundle o)
          | "execute_result" -> ExecuteResult(JsonTree.tryInt (JsonTree.at [ "execution_count" ] o) |> Option.defaultValue 0, bundle o)
          | "error" ->
              let traceback =
                  match JsonTree.at [ "traceback" ] o with
                  | Some(:? JsonArray as lines) -> lines |> Seq.choose (Option.ofObj >> text) |> List.ofSeq
                  | _ -> []
              ErrorOutput(field "ename" o, field "evalue" o, traceback)
          | other -> fail "cell output" "stream, display_data, execute_result or error" other ]

let private options =
    JsonSerializerOptions(WriteIndented = true, IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)

let toJson (notebook: Notebook) = notebook.Root.ToJsonString options + "\n"

let save (target: string) (notebook: Notebook) =
    Folders.createFor target
    File.WriteAllText(target, toJson notebook)

/// Polyglot Notebooks' metadata for an F# notebook and an F# code cell.
let polyglotNotebookMetadata () =
    JsonTree.parse "notebook metadata"
        """{
  "kernelspec": { "display_name": ".NET (F#)", "language": "F#", "name": ".net-fsharp" },
  "language_info": { "file_extension": ".fs", "mimetype": "text/x-fsharp", "name": "F#", "pygments_lexer": "fsharp", "version": "10.0" },
  "polyglot_notebook": { "kernelInfo": { "defaultKernelName": "fsharp", "items": [ { "aliases": [], "languageName": "fsharp", "name": "fsharp" } ] } }
}"""

let polyglotCellMetadata () =
    (JsonTree.parse "cell metadata" """{ "dotnet_interactive": { "language": "fsharp" }, "polyglot_notebook": { "kernelName": "fsharp" } }""").AsObject()
