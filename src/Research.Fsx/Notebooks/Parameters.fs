/// Papermill-style parameters: the cell tagged `parameters` holds defaults (`let name = literal`), and a run
/// may override them with a cell tagged `injected-parameters` placed right after it.
module Research.Fsx.Notebooks.Parameters

open System
open System.Globalization
open System.Text.Json.Nodes
open System.Text.RegularExpressions
open Research.Fsx.Notebooks.Ipynb

[<Literal>]
let ParametersTag = "parameters"

[<Literal>]
let InjectedTag = "injected-parameters"

/// The F# type of a default value, read from its literal.
type ParameterKind =
    | Text
    | Integer
    | Real
    | Boolean
    | ListOf of ParameterKind

let private binding = Regex(@"^let\s+(?:mutable\s+)?([A-Za-z_][A-Za-z0-9_']*)\s*(?::[^=]+)?=\s*(.+?)\s*(?://.*)?$")

let rec private kindOf (literal: string) =
    let literal = literal.Trim()
    if literal.StartsWith "\"" then Some Text
    elif literal = "true" || literal = "false" then Some Boolean
    elif Regex.IsMatch(literal, @"^-?\d+$") then Some Integer
    elif Regex.IsMatch(literal, @"^-?(\d+\.\d*|\d*\.\d+|\d+)([eE][-+]?\d+)?$") then Some Real
    elif literal.StartsWith "[" && literal.EndsWith "]" then
        literal.Trim('[', ']').Split(';', StringSplitOptions.RemoveEmptyEntries ||| StringSplitOptions.TrimEntries)
        |> Array.tryHead
        |> Option.bind kindOf
        |> Option.map ListOf
    else None

/// The names a parameters cell defines and the kind of each, in order.
let defaults (source: string) : (string * ParameterKind) list =
    [ for line in source.Split('\n') do
          let m = binding.Match(line.TrimEnd())
          if m.Success then
              match kindOf m.Groups[2].Value with
              | Some kind -> m.Groups[1].Value, kind
              | None -> () ]

let rec private describe kind =
    match kind with
    | Text -> "a string"
    | Integer -> "an integer"
    | Real -> "a number"
    | Boolean -> "true or false"
    | ListOf item -> $"a list like 1,2,3 of which each item is {describe item}"

/// The F# literal for a command-line value of the given kind.
let rec literal (name: string) (kind: ParameterKind) (value: string) : string =
    let bad () = invalidArg name $"-p {name} '{value}': expected {describe kind}"
    match kind with
    | Text -> "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\""
    | Integer ->
        match Int64.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture) with
        | true, n -> string n
        | _ -> bad ()
    | Real ->
        match Double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture) with
        | true, x when Double.IsFinite x ->
            let text = x.ToString("R", CultureInfo.InvariantCulture)
            if text.Contains '.' || text.Contains 'E' then text else text + ".0"
        | _ -> bad ()
    | Boolean ->
        match value.Trim().ToLowerInvariant() with
        | "true" -> "true"
        | "false" -> "false"
        | _ -> bad ()
    | ListOf item ->
        let items = value.Trim().Trim('[', ']').Split([| ','; ';'; ' ' |], StringSplitOptions.RemoveEmptyEntries)
        let literals =
            try items |> Array.map (literal name item)
            with :? ArgumentException -> bad ()
        if literals.Length = 0 then bad ()
        "[ " + String.concat "; " literals + " ]"

/// The source of the injected cell for the given overrides, checked against the defaults.
let injectedSource (notebookPath: string) (defined: (string * ParameterKind) list) (overrides: (string * string) list) =
    let lines =
        [ for name, value in overrides do
              match List.tryFind (fst >> (=) name) defined with
              | Some(_, kind) -> $"let {name} = {literal name kind value}"
              | None ->
                  let names = if defined.IsEmpty then "nothing" else defined |> List.map fst |> String.concat ", "
                  invalidArg name $"-p {name}: the parameters cell of {notebookPath} defines {names}" ]
    "// Parameters injected by `research nb run -p`.\n" + String.concat "\n" lines

/// Removes a previous run's injected cell and, when there are overrides, inserts a new one after the
/// parameters cell.
let apply (notebook: Notebook) (overrides: (string * string) list) =
    let cellsArray =
        match notebook.Root["cells"] with
        | :? JsonArray as a -> a
        | _ -> invalidArg (nameof notebook) $"{notebook.Path}: expected a \"cells\" array"
    for stale in cells notebook |> List.filter (fun c -> tags c |> List.contains InjectedTag) do
        cellsArray.Remove stale |> ignore
    if not overrides.IsEmpty then
        let parametersCell =
            cells notebook
            |> List.tryFind (fun c -> cellType c = "code" && tags c |> List.contains ParametersTag)
            |> Option.defaultWith (fun () ->
                invalidArg "overrides" $"{notebook.Path}: -p needs a code cell tagged '{ParametersTag}', found none")
        let source = injectedSource notebook.Path (defaults (Ipynb.source parametersCell)) overrides
        let metadata = polyglotCellMetadata ()
        metadata["tags"] <- JsonArray(JsonValue.Create InjectedTag)
        let cell = JsonObject()
        cell["cell_type"] <- JsonValue.Create "code"
        cell["execution_count"] <- null
        cell["id"] <- JsonValue.Create(Guid.NewGuid().ToString("N").Substring(0, 12))
        cell["metadata"] <- metadata
        cell["outputs"] <- JsonArray()
        cell["source"] <- toLines source
        cellsArray.Insert(cellsArray.IndexOf parametersCell + 1, cell)
