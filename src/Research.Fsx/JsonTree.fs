/// Reading and building System.Text.Json trees without nulls: a missing property reads as None.
module Research.Fsx.JsonTree

open System
open System.Globalization
open System.IO
open System.Text.Json
open System.Text.Json.Nodes

/// The node at a path of property names, when each step is an object holding the next name.
let at (names: string list) (node: JsonNode | null) : JsonNode option =
    names
    |> List.fold
        (fun current name ->
            match current with
            | Some(:? JsonObject as o) -> Option.ofObj o[name]
            | _ -> None)
        (Option.ofObj node)

let tryString (node: JsonNode option) : string option =
    match node with
    | Some(:? JsonValue as v) ->
        match v.TryGetValue<string>() with
        | true, NonNull s -> Some s
        | _ -> None
    | _ -> None

let tryInt (node: JsonNode option) : int option =
    match node with
    | Some(:? JsonValue as v) ->
        let mutable n = 0
        if v.TryGetValue(&n) then Some n else None
    | _ -> None

/// Any JSON number as a float (a value built from an int does not convert by itself).
let tryFloat (node: JsonNode option) : float option =
    match node with
    | Some(:? JsonValue as v) when v.GetValueKind() = JsonValueKind.Number ->
        Some(Double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture))
    | _ -> None

let value (x: 'T) : JsonNode =
    match JsonValue.Create<'T>(x) with
    | null -> invalidArg (nameof x) "a JSON value cannot be null here"
    | v -> v :> JsonNode

let obj (properties: (string * JsonNode) list) =
    let o = JsonObject()
    for name, v in properties do
        o[name] <- v
    o

let array (items: seq<JsonNode>) =
    let a = JsonArray()
    for item in items do
        a.Add item
    a

/// Parses JSON text that must not be the literal null.
let parse (what: string) (text: string) : JsonNode =
    match JsonNode.Parse text with
    | null -> raise (InvalidDataException $"{what}: expected JSON, found null")
    | node -> node

/// The object elements of an array node (other elements are skipped).
let objects (node: JsonNode option) : JsonObject list =
    match node with
    | Some(:? JsonArray as a) -> [ for item in a do match item with :? JsonObject as o -> o | _ -> () ]
    | _ -> []
